import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFromText } from '../src/extract/text/index.js';
import { articleText, ExtractedArticleSchema, type ExtractedArticle } from '../src/model/article.js';
import { parsePublished } from '../src/text/dates.js';
import { wordCount, wordTokens } from '../src/text/tokens.js';

const SEEDS = new URL('../../shared/seeds/', import.meta.url);
const ALLSIDES = new URL('../../shared/datasets/stories-dev/allsides_neus_baly.dev.jsonl', import.meta.url);

function seed(prefix: string): string {
  const name = readdirSync(SEEDS).find((f) => f.startsWith(`${prefix}_`) && f.endsWith('.txt'));
  if (!name) throw new Error(`seed ${prefix} missing`);
  return readFileSync(new URL(name, SEEDS), 'utf8');
}

function extract(text: string, hints: Partial<Parameters<typeof extractFromText>[1]> = {}): ExtractedArticle {
  const article = extractFromText(text, { url: null, ...hints });
  return ExtractedArticleSchema.parse(article);
}

/** Token-level F1 of two texts, on the project's tokenizer. */
function tokenF1(candidate: string, reference: string): number {
  const count = (text: string): Map<string, number> => {
    const m = new Map<string, number>();
    for (const t of wordTokens(text)) m.set(t, (m.get(t) ?? 0) + 1);
    return m;
  };
  const a = count(candidate);
  const b = count(reference);
  let overlap = 0;
  for (const [t, n] of a) overlap += Math.min(n, b.get(t) ?? 0);
  if (overlap === 0) return 0;
  const precision = overlap / [...a.values()].reduce((x, y) => x + y, 0);
  const recall = overlap / [...b.values()].reduce((x, y) => x + y, 0);
  return (2 * precision * recall) / (precision + recall);
}

const lines = (text: string): string[] => text.split('\n').map((l) => l.trim()).filter(Boolean);
const clean000 = seed('000');
const headline000 = lines(clean000)[0]!;
const body000 = clean000.split('\n').slice(1).join('\n');

describe('clean article text (000, 003)', () => {
  it('000: headline is the first line, standfirst the second, the text is the rest', () => {
    const a = extract(clean000);
    expect(a.extraction.method).toBe('text-clean');
    expect(a.title).toBe(headline000);
    expect(a.titleOrigin).toBe('found');
    expect(a.standfirst).toBe(lines(clean000)[1]);
    expect(tokenF1(articleText(a), body000)).toBeGreaterThanOrEqual(0.99);
    expect(a.language).toBeNull();
    expect(a.published).toBeNull();
  });

  it('003: headline and standfirst; short unpunctuated lines between paragraphs are headings', () => {
    const text = seed('003');
    const a = extract(text);
    expect(a.title).toBe(lines(text)[0]);
    expect(a.titleOrigin).toBe('found');
    expect(a.standfirst).toBe(lines(text)[1]);
    const headings = a.blocks.filter((b) => b.kind === 'heading').map((b) => b.text);
    expect(headings.length).toBeGreaterThanOrEqual(2);
    for (const h of headings) expect(wordCount(h)).toBeLessThan(20);
  });

  it('CRLF line ends and a byte-order mark give the same article as LF', () => {
    const lf = extract(clean000);
    const crlf = extract(`\ufeff${clean000.replace(/\n/g, '\r\n')}`);
    expect(crlf.title).toBe(lf.title);
    expect(crlf.standfirst).toBe(lf.standfirst);
    expect(crlf.blocks).toEqual(lf.blocks);
  });

  it('hard-wrapped text (lines cut at a fixed width) is joined back into its paragraphs', () => {
    const text = seed('003');
    const wrap = (line: string): string => {
      const out: string[] = [];
      let current = '';
      for (const word of line.split(' ')) {
        if (current && current.length + word.length + 1 > 72) {
          out.push(current);
          current = word;
        } else current = current ? `${current} ${word}` : word;
      }
      if (current) out.push(current);
      return out.join('\n');
    };
    const wrapped = lines(text).map(wrap).join('\n\n');
    const a = extract(wrapped);
    const b = extract(text);
    expect(a.title).toBe(b.title);
    expect(a.blocks.length).toBe(b.blocks.length);
    expect(articleText(a)).toBe(articleText(b));
  });

  it('"Source: …" lines are cited sources, not body', () => {
    const text = `${clean000.trimEnd()}\nSources: NBC News, Reuters\n`;
    const a = extract(text);
    expect(a.citedSources).toEqual([
      { name: 'NBC News', line: 'Sources: NBC News, Reuters' },
      { name: 'Reuters', line: 'Sources: NBC News, Reuters' },
    ]);
    expect(articleText(a)).not.toContain('Sources:');
  });
});

describe('whole-page text dump (001)', () => {
  const dump = seed('001');
  const a = extract(dump);
  const text = articleText(a);

  it('is recognised as a page dump', () => {
    expect(a.extraction.method).toBe('text-page-dump');
    expect(a.extraction.confidence).toBeGreaterThan(0.5);
  });

  it('keeps the article: token F1 against the clean copy (000) is at least 0.97', () => {
    expect(tokenF1(text, body000)).toBeGreaterThanOrEqual(0.97);
  });

  it('drops every page line that is not in the article (menus, ticker, teasers, captions, tags, footer)', () => {
    const article = clean000.toLowerCase();
    const junk = lines(dump)
      .map((l) => l.replace(/^[•\s]+/u, ''))
      .filter((l) => wordCount(l) >= 2 && !article.includes(l.toLowerCase()));
    expect(junk.length).toBeGreaterThan(40);
    for (const line of junk) expect(text, line).not.toContain(line);
  });

  it('finds headline, byline, outlet, date, cited source and tags', () => {
    expect(a.title).toBe(headline000);
    expect(a.titleOrigin).toBe('found');
    expect(a.byline).toEqual(['Al Mayadeen English']);
    expect(a.outlet.name).toBe('Al Mayadeen English');
    expect(a.published).toEqual({ value: '2023-11-16T03:53', precision: 'minute', hasTimeZone: false });
    expect(a.citedSources).toEqual([{ name: 'NBC News', line: 'Source: NBC News' }]);
    expect(a.tags).toEqual(['United States', 'Gaza Strip', 'Palestine', 'US Administration', 'Gaza']);
  });

  it('standfirst is the first paragraph after the metadata, as in the clean copy', () => {
    expect(a.standfirst).toBe(lines(clean000)[1]);
  });
});

describe('texts without a headline (002, 004)', () => {
  it('002: the leading date line gives the day, and the title is derived', () => {
    const text = seed('002');
    const a = extract(text);
    expect(a.published).toEqual({ value: '2023-11-16', precision: 'day', hasTimeZone: false });
    expect(a.titleOrigin).toBe('derived');
    expect(a.title).toBeTruthy();
    const firstLine = lines(text)[0]!;
    const rest = firstLine.slice(firstLine.indexOf('2023-11-16') + '2023-11-16'.length).trim();
    expect(a.blocks[0]?.text).toBe(rest);
    expect(articleText(a)).not.toMatch(/\bdate 2023/u);
  });

  it('004: no headline is found; a derived title does not repeat the first paragraph; headings are headings', () => {
    const text = seed('004');
    const a = extract(text);
    expect(a.titleOrigin).not.toBe('found');
    const opening = lines(text)[0]!.split(' ').slice(0, 4).join(' ');
    expect(a.title ?? '').not.toMatch(new RegExp(`^${opening}`, 'u'));
    // The short lines without final punctuation, read from the file itself.
    const expected = lines(text).filter((l) => wordCount(l) < 12 && !/[.!?"”]$/u.test(l));
    expect(expected.length).toBeGreaterThanOrEqual(2);
    expect(a.blocks.filter((b) => b.kind === 'heading').map((b) => b.text)).toEqual(expected);
    expect(a.standfirst).toBeNull();
  });
});

describe('records with a given title', () => {
  it('a first line equal to the given title is dropped; the rest is the body', () => {
    const a = extract(clean000, { title: headline000, outletName: 'Given Outlet', published: parsePublished('2023-11-16') });
    expect(a.title).toBe(headline000);
    expect(a.titleOrigin).toBe('found');
    expect(a.outlet.name).toBe('Given Outlet');
    expect(a.published?.value).toBe('2023-11-16');
    expect(articleText(a)).not.toContain(headline000);
    expect(tokenF1(articleText(a), body000)).toBeGreaterThanOrEqual(0.99);
  });

  it('clean dataset texts keep nearly all their words (allsides, first 50 records)', () => {
    const rows = readFileSync(ALLSIDES, 'utf8').split('\n').filter(Boolean).slice(0, 50);
    let kept = 0;
    for (const row of rows) {
      const r = JSON.parse(row) as { title: string; text: string; url: string; source: string };
      const a = extract(r.text, { url: r.url, title: r.title, outletName: r.source });
      expect(a.title).toBe(r.title);
      kept += wordCount(articleText(a)) / wordCount(r.text);
    }
    expect(kept / rows.length).toBeGreaterThan(0.95);
  });

  it('outlet domain is the URL host without www', () => {
    expect(extract(clean000, { url: 'https://www.example.org/a/b' }).outlet.domain).toBe('example.org');
  });
});

describe('degenerate input', () => {
  it('empty or white-space-only text is an error saying so', () => {
    expect(() => extractFromText('', { url: null })).toThrow(/no text/);
    expect(() => extractFromText(' \n\r\n\t ', { url: null })).toThrow(/no text/);
  });

  it('a 50 MB single line is cut into paragraphs, in linear time', () => {
    const sentence = 'Officials said on Tuesday that the talks in Geneva would continue next week. ';
    const big = sentence.repeat(Math.ceil(50_000_000 / sentence.length));
    const a = extract(big);
    expect(a.blocks.length).toBeGreaterThan(1000);
    const total = a.blocks.reduce((n, b) => n + b.text.length + 1, 0);
    expect(total).toBeGreaterThan(big.length * 0.99);
    expect(a.blocks.every((b) => b.text.endsWith('.'))).toBe(true);
  });

  it('a 50 MB line without spaces does not hang either', () => {
    const a = extract('x'.repeat(50_000_000));
    expect(a.blocks.length).toBeGreaterThan(1);
  });

  it('binary-looking text does not crash', () => {
    const bytes = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 256));
    const a = extract(bytes.toString('latin1'));
    expect(a.extraction.method).toMatch(/^text-/u);
  });
});
