/**
 * Extraction benchmark: body quality on extraction-dev, metadata accuracy on metadata-dev, speed.
 * Runs the real path (bytes → Document → extractArticle) and prints one JSON line:
 *
 *   {"bench":"extract","dev":{pages,precision,recall,f1},"metadata":{pages,title,byline,siteName,
 *    publishedTime,lang,counts},"pagesPerSecond","pagesPerCpuSecond","peakRssMB","errors"}
 *
 * Scoring (the datasets' conventions, see shared/datasets/README.md):
 * - dev: a snippet is found when it occurs verbatim in the article text (`articleText`);
 *   precision = found `with` / (found `with` + found `without`), recall = found `with` / all `with`.
 * - metadata: per field, the share of pages whose expected value is non-null that we get right:
 *   title equal after whitespace normalisation; byline contained in ours or ours in it
 *   (case-insensitive, our names joined by ", "); siteName equal; publishedTime the same instant or
 *   the same day; lang the same primary subtag.
 * - pagesPerSecond: pages / seconds spent in extractArticle over both sets (reading, gunzip and
 *   hashing excluded). pagesPerCpuSecond: the same over the process's CPU time in extractArticle
 *   (user + system, the garbage collector's helper threads included), steadier than wall time on
 *   a machine shared with other work. peakRssMB: the process's maximum resident set size (getrusage maxRSS, what
 *   `/usr/bin/time -v` reports) over both sets; sampledPeakRssMB: the largest
 *   `process.memoryUsage().rss` sampled after each page. Both are taken before the comparison below.
 *   baselineRssMB: the resident set before the first page (the runtime and modules; under tsx
 *   about 100 MB of it is the TypeScript loader, which `storyline extract` does not carry).
 * - `--rounds N` (default 1) runs the dev set N times more after the scoring, extraction only, and
 *   gives maxRSS after each round in maxRssPerRoundMB: flat figures show that memory does not grow
 *   with the number of pages.
 * - readabilitySideBySide: the same COMPARE_PAGES dev pages through Readability.js 0.6 on linkedom
 *   (the previous extractor) and through ours, in this process, one after the other: pages/s of
 *   each and the ratio (speeds drift on shared machines; only side-by-side figures compare).
 *   `--no-compare` skips it.
 *
 * `--verbose` lists every metadata miss on stderr. `--worst N` lists on stderr the N dev pages that
 * lose the most snippets (missed `with` plus found `without`), with the snippets, worst first.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { extractArticle } from '../src/extract/index.js';
import { normalizeLanguageTag } from '../src/extract/language.js';
import { decodeDocumentText } from '../src/extract/decode.js';
import { extractFromHtml } from '../src/extract/html/index.js';
import { articleText, type ExtractedArticle } from '../src/model/article.js';
import type { Document } from '../src/model/document.js';
import { parsePublished, publishedSortKey } from '../src/text/dates.js';
import { normalizeSpace } from '../src/text/tokens.js';

const DATASETS = new URL('../../shared/datasets/', import.meta.url);
const verbose = process.argv.includes('--verbose');
const compare = !process.argv.includes('--no-compare');
const roundsArg = process.argv.indexOf('--rounds');
const rounds = roundsArg >= 0 ? Math.max(0, Number(process.argv[roundsArg + 1] ?? 0)) : 0;
const worstArg = process.argv.indexOf('--worst');
const worst = worstArg >= 0 ? Math.max(0, Number(process.argv[worstArg + 1] ?? 0)) : 0;
const baselineRssMB = Math.round(process.memoryUsage().rss / 1024 / 1024);
/** Dev pages run through both extractors for the side-by-side speed figure. */
const COMPARE_PAGES = 300;

interface ExtractionCase { url: string; file: string; with: string[]; without: string[] }
interface MetadataCase {
  file: string;
  title: string | null;
  byline: string | null;
  siteName: string | null;
  publishedTime: string | null;
  lang: string | null;
}

let extractionMs = 0;
let extractionCpuMicros = 0;
let pagesExtracted = 0;
let errors = 0;
let sampledPeakRss = 0;

function readCases<T>(dataset: string): Record<string, T> {
  return JSON.parse(readFileSync(new URL(`${dataset}/cases.json`, DATASETS), 'utf8')) as Record<string, T>;
}

function documentOf(dataset: string, file: string, url: string | null): Document {
  const path = new URL(`${dataset}/${file}`, DATASETS);
  const bytes = new Uint8Array(gunzipSync(readFileSync(path)));
  return {
    bytes,
    origin: path.pathname,
    url,
    fetchedAt: new Date(0).toISOString(),
    contentType: 'text/html',
    declaredCharset: null,
    contentHash: createHash('sha256').update(bytes).digest('hex'),
  };
}

/** extractArticle, timed; null when it refuses the page (counted as an error, scored as empty). */
function timedExtract(doc: Document): ExtractedArticle | null {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  try {
    return extractArticle(doc);
  } catch (error) {
    errors++;
    if (verbose) console.error(`error ${doc.origin}: ${(error as Error).message}`);
    return null;
  } finally {
    extractionMs += performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    extractionCpuMicros += cpu.user + cpu.system;
    pagesExtracted++;
    sampledPeakRss = Math.max(sampledPeakRss, process.memoryUsage().rss);
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function benchBodies(): { pages: number; precision: number; recall: number; f1: number } {
  const cases = readCases<ExtractionCase>('extraction-dev');
  let foundWith = 0;
  let foundWithout = 0;
  let allWith = 0;
  const losses: Array<{ key: string; url: string; missed: string[]; junk: string[] }> = [];
  for (const [key, c] of Object.entries(cases)) {
    const article = timedExtract(documentOf('extraction-dev', c.file, c.url));
    const text = article ? articleText(article) : '';
    allWith += c.with.length;
    const missed = c.with.filter((snippet) => !text.includes(snippet));
    const junk = c.without.filter((snippet) => text.includes(snippet));
    foundWith += c.with.length - missed.length;
    foundWithout += junk.length;
    if (worst > 0 && missed.length + junk.length > 0) losses.push({ key, url: c.url, missed, junk });
  }
  if (worst > 0) {
    losses.sort((a, b) => b.missed.length + b.junk.length - (a.missed.length + a.junk.length));
    for (const loss of losses.slice(0, worst)) {
      console.error(`${loss.key} ${loss.url}\n  missed: ${JSON.stringify(loss.missed)}\n  junk:   ${JSON.stringify(loss.junk)}`);
    }
  }
  const precision = foundWith / Math.max(1, foundWith + foundWithout);
  const recall = foundWith / Math.max(1, allWith);
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { pages: Object.keys(cases).length, precision: round(precision), recall: round(recall), f1: round(f1) };
}

type Field = 'title' | 'byline' | 'siteName' | 'publishedTime' | 'lang';

const fieldMatches: Record<Field, (expected: string, article: ExtractedArticle) => boolean> = {
  title: (expected, a) => a.title !== null && normalizeSpace(a.title) === normalizeSpace(expected),
  byline: (expected, a) => {
    const ours = a.byline.join(', ').toLowerCase();
    const theirs = normalizeSpace(expected).toLowerCase();
    return ours.length > 0 && (ours.includes(theirs) || theirs.includes(ours));
  },
  siteName: (expected, a) => a.outlet.name !== null && normalizeSpace(a.outlet.name) === normalizeSpace(expected),
  publishedTime: (expected, a) => {
    const want = parsePublished(expected);
    if (!want || !a.published) return false;
    return publishedSortKey(want) === publishedSortKey(a.published) || want.value.slice(0, 10) === a.published.value.slice(0, 10);
  },
  lang: (expected, a) => a.language !== null && normalizeLanguageTag(expected) === a.language,
};

function ours(field: Field, a: ExtractedArticle): unknown {
  switch (field) {
    case 'title': return a.title;
    case 'byline': return a.byline;
    case 'siteName': return a.outlet.name;
    case 'publishedTime': return a.published?.value ?? null;
    case 'lang': return a.language;
  }
}

function benchMetadata(): Record<string, unknown> {
  const cases = readCases<MetadataCase>('metadata-dev');
  const fields = Object.keys(fieldMatches) as Field[];
  const right = Object.fromEntries(fields.map((f) => [f, 0])) as Record<Field, number>;
  const counted = Object.fromEntries(fields.map((f) => [f, 0])) as Record<Field, number>;
  for (const [name, c] of Object.entries(cases)) {
    const article = timedExtract(documentOf('metadata-dev', c.file, null));
    for (const field of fields) {
      const expected = c[field];
      if (expected === null || !normalizeSpace(expected)) continue;
      counted[field]++;
      if (article && fieldMatches[field](expected, article)) right[field]++;
      else if (verbose) console.error(`${field} ${name}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(article ? ours(field, article) : null)}`);
    }
  }
  const accuracy = Object.fromEntries(fields.map((f) => [f, round(right[f] / Math.max(1, counted[f]))]));
  return { pages: Object.keys(cases).length, ...accuracy, counts: counted };
}

/** Pages/s of ours and of Readability.js on linkedom over the same decoded pages, side by side. */
function readabilitySideBySide(): Record<string, number> {
  const cases = Object.values(readCases<ExtractionCase>('extraction-dev')).slice(0, COMPARE_PAGES);
  const pages = cases.map((c) => ({ html: decodeDocumentText(documentOf('extraction-dev', c.file, c.url)).text, url: c.url }));
  const time = (run: (page: { html: string; url: string }) => void): number => {
    const start = performance.now();
    for (const page of pages) {
      try {
        run(page);
      } catch {
        // Refused pages cost their time like the others.
      }
    }
    return pages.length / ((performance.now() - start) / 1000);
  };
  const ours = time((page) => extractFromHtml(page.html, { url: page.url }));
  const readability = time((page) => {
    const { document } = parseHTML(page.html) as { document: unknown };
    new Readability(document as never).parse();
  });
  return { pages: pages.length, oursPagesPerSecond: round(ours), readabilityPagesPerSecond: round(readability), ratio: round(ours / readability) };
}

/** The dev pages extracted `rounds` times more (nothing kept); maxRSS after each round. */
function memoryRounds(): number[] {
  const cases = Object.values(readCases<ExtractionCase>('extraction-dev'));
  const perRound: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const c of cases) timedExtract(documentOf('extraction-dev', c.file, c.url));
    perRound.push(Math.round(process.resourceUsage().maxRSS / 1024));
  }
  return perRound;
}

const dev = benchBodies();
const metadata = benchMetadata();
const afterScoringRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
const scoringErrors = errors;
const maxRssPerRoundMB = memoryRounds();
const pagesPerSecond = round(pagesExtracted / (extractionMs / 1000));
const pagesPerCpuSecond = round(pagesExtracted / (extractionCpuMicros / 1e6));
const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
const sampledPeakRssMB = Math.round(sampledPeakRss / 1024 / 1024);
const sideBySide = compare ? readabilitySideBySide() : null;
console.log(JSON.stringify({
  bench: 'extract',
  dev,
  metadata,
  pagesPerSecond,
  pagesPerCpuSecond,
  peakRssMB,
  sampledPeakRssMB,
  baselineRssMB,
  ...(rounds > 0 ? { maxRssPerRoundMB: [afterScoringRssMB, ...maxRssPerRoundMB] } : {}),
  errors: scoringErrors,
  ...(sideBySide ? { readabilitySideBySide: sideBySide } : {}),
}));
