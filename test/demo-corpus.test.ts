import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFromText } from '../src/extract/text/index.js';
import { articleText, ExtractedArticleSchema, type ExtractedArticle } from '../src/model/article.js';
import { ingestFiles, type IngestSummary } from '../src/pipeline.js';
import { openStore, type ArticleSummary, type Store } from '../src/store/index.js';
import { wordCount } from '../src/text/tokens.js';

/** The demo corpus and its ground truth (examples/README.md). */
const EXAMPLES = new URL('../examples/', import.meta.url);

interface ManifestEntry {
  file: string;
  outlet: string;
  title: string;
  published: string;
}

const manifest = JSON.parse(readFileSync(new URL('manifest.json', EXAMPLES), 'utf8')) as ManifestEntry[];
const dumps = manifest.filter((e) => e.file.endsWith('.txt'));
const fileText = (file: string): string => readFileSync(new URL(file, EXAMPLES), 'utf8');
const linesOf = (text: string): string[] => text.split(/\r?\n/u).map((l) => l.trim()).filter(Boolean);
const outletFolder = (file: string): string => file.split('/').slice(0, -1).join('/');

/** How many lines at the end of a dump are footer for sure (the shortest footer in the corpus is longer). */
const FOOTER_LINES = 8;

/**
 * The page chrome of a dump, read from the files themselves: every line above the headline, the
 * last lines of the page, lines the page prints twice, and lines another dump of the same outlet
 * prints too (its template). The headline itself is left out.
 */
function chromeLines(entry: ManifestEntry): string[] {
  const lines = linesOf(fileText(entry.file));
  const headline = lines.indexOf(entry.title);
  const chrome = new Set([...lines.slice(0, Math.max(0, headline)), ...lines.slice(-FOOTER_LINES)]);
  const seen = new Set<string>();
  for (const line of lines) (seen.has(line) ? chrome : seen).add(line);
  for (const other of dumps) {
    if (other.file === entry.file || outletFolder(other.file) !== outletFolder(entry.file)) continue;
    const template = new Set(linesOf(fileText(other.file)));
    for (const line of lines) if (template.has(line)) chrome.add(line);
  }
  chrome.delete(entry.title);
  return [...chrome];
}

describe('text page dumps of the demo corpus', () => {
  it('the manifest lists text dumps of several outlets', () => {
    expect(dumps.length).toBeGreaterThanOrEqual(4);
    expect(new Set(dumps.map((e) => e.outlet)).size).toBeGreaterThanOrEqual(3);
  });

  for (const entry of dumps) {
    describe(entry.file, () => {
      const text = fileText(entry.file);
      const a: ExtractedArticle = ExtractedArticleSchema.parse(extractFromText(text, { url: null }));
      const body = articleText(a);

      it('is read as a page dump, with the headline the page states', () => {
        expect(a.extraction.method).toBe('text-page-dump');
        expect(a.title).toBe(entry.title);
        expect(a.titleOrigin).toBe('found');
      });

      it('published is what the date line states, without a zone', () => {
        expect(a.published?.value).toBe(entry.published);
        expect(a.published?.hasTimeZone).toBe(false);
      });

      it('the outlet is named as the manifest names it', () => {
        expect(a.outlet.name).toBe(entry.outlet);
      });

      it('no line of the page chrome is in the text', () => {
        const chrome = chromeLines(entry);
        expect(chrome.length).toBeGreaterThan(20);
        const blocks = new Set([a.standfirst, ...a.blocks.map((b) => b.text)]);
        for (const line of chrome) {
          // Short chrome lines ("Health", "X") may be words of the article: only whole blocks count.
          if (wordCount(line) >= 3) expect(body, line).not.toContain(line);
          else expect(blocks.has(line), line).toBe(false);
        }
      });

      it('keeps every paragraph of the article body', () => {
        const lines = linesOf(text);
        const start = lines.indexOf(entry.title);
        // Paragraphs: long lines ending like a sentence below the headline, not footer boxes.
        const paragraphs = lines.slice(start + 1, -FOOTER_LINES).filter((l) => wordCount(l) >= 25 && /[.!?”"]$/u.test(l));
        expect(paragraphs.length).toBeGreaterThanOrEqual(3);
        for (const p of paragraphs) expect(body, p).toContain(p);
      });

      it('"Source:" lines are cited sources and tags are found after the body', () => {
        const sourceLines = linesOf(text).filter((l) => /^Source:\s/u.test(l));
        expect(a.citedSources.map((s) => s.line)).toEqual(sourceLines);
        expect(body).not.toMatch(/^Source:/mu);
        expect(a.tags.length).toBeGreaterThanOrEqual(3);
        const afterBody = text.slice(text.lastIndexOf(a.blocks[a.blocks.length - 1]!.text));
        for (const tag of a.tags) expect(afterBody).toContain(tag);
      });
    });
  }
});

// ---- The whole corpus through ingest --------------------------------------------------------

const ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/u;

/**
 * The same publication time: the same instant when both state a zone, the same wall-clock minute
 * when one does not (a zone is never invented), the same day when one is a date.
 */
function samePublished(stored: string | null, expected: string): boolean {
  if (!stored) return false;
  if (stored.length <= 10 || expected.length <= 10) return stored.slice(0, 10) === expected.slice(0, 10);
  if (ZONE.test(stored) && ZONE.test(expected)) return Date.parse(stored) === Date.parse(expected);
  return stored.slice(0, 16) === expected.slice(0, 16);
}

describe('the demo corpus through ingest', () => {
  let store: Store;
  let summary: IngestSummary;
  let articles: ArticleSummary[];

  beforeAll(async () => {
    store = await openStore(':memory:');
    summary = await ingestFiles([fileURLToPath(new URL('corpus', EXAMPLES))], store);
    articles = await store.listArticles({ limit: 1000 });
  });
  afterAll(async () => {
    await store.close();
  });

  it('reads every article of the manifest, none fails', () => {
    expect(summary.failures).toEqual([]);
    expect(summary.read).toBe(manifest.length);
    // The exact copy (README: "Copies") is the same bytes: stored once.
    expect(summary.stored + summary.unchanged).toBe(manifest.length);
  });

  const check = (entry: ManifestEntry): void => {
    const withTitle = articles.filter((a) => a.title === entry.title);
    expect(withTitle.map((a) => a.title), 'an article with this title').toContain(entry.title);
    expect(
      withTitle.map((a) => a.published),
      `published ${entry.published}`,
    ).toSatisfy((values: (string | null)[]) => values.some((v) => samePublished(v, entry.published)));
  };

  describe('text dumps and records', () => {
    for (const entry of manifest.filter((e) => !/\.html(?:\.gz)?$/u.test(e.file))) {
      it(`${entry.file}: title and published`, () => check(entry));
    }
  });

  describe('HTML pages', () => {
    for (const entry of manifest.filter((e) => /\.html(?:\.gz)?$/u.test(e.file))) {
      it(`${entry.file}: title and published`, () => check(entry));
    }
  });
});
