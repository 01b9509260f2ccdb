import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MAX_SITEMAP_ENTRIES, parseSitemap, SitemapError } from '../src/sources/sitemaps.js';
import { REPO } from './helpers/paths.js';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'web');
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(FIXTURES, name)));
const fixtureText = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function sitemapError(run: () => unknown): SitemapError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(SitemapError);
    return e as SitemapError;
  }
  throw new Error('expected a SitemapError');
}

/** A urlset of `n` article URLs, as a large news site writes it. */
function bigUrlset(n: number): string {
  const urls: string[] = [];
  for (let i = 1; i <= n; i++) urls.push(`<url><loc>https://archive.example/a/${i}</loc><lastmod>2026-01-01</lastmod></url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

describe('sitemaps', () => {
  const url = 'https://harbourgazette.example/sitemap.xml';

  it('reads a urlset: each loc once, resolved, entities decoded, without image:loc', () => {
    const map = parseSitemap(fixture('sitemap-harbour-gazette.xml'), url);
    expect(map.kind).toBe('urlset');
    expect(map.truncated).toBe(false);
    expect(map.entries.map((e) => e.url)).toEqual([
      'https://harbourgazette.example/port/2026/03/02/crane-operators-walk-out',
      'https://harbourgazette.example/port/2026/03/01/ferry-timetable-cut?ref=sitemap&page=1',
      'https://harbourgazette.example/port/2026/02/28/fish-market-reopens',
      // Another host is kept: the caller decides what to follow.
      'https://partner.example/syndicated/harbour-dredging',
    ]);
    expect(map.entries.some((e) => e.url.includes('cdn.'))).toBe(false);
    expect(map.entries[0]!.lastModified).toBe('2026-03-02T09:40:00+00:00');
    expect(map.entries[2]!.lastModified).toBeNull();
    expect(map.warning).toBeUndefined();
  });

  it('reads a sitemap index as entries pointing at sitemaps', () => {
    const map = parseSitemap(fixture('sitemap-index-northern-ledger.xml'), 'https://northernledger.example/sitemap.xml');
    expect(map.kind).toBe('index');
    expect(map.entries.map((e) => e.url)).toEqual([
      'https://northernledger.example/sitemaps/news.xml',
      'https://northernledger.example/sitemaps/2026-02.xml.gz',
      'https://northernledger.example/sitemaps/2026-01.xml.gz',
    ]);
    expect(map.entries.map((e) => e.lastModified)).toEqual(['2026-03-02T11:00:00Z', '2026-02-28T23:59:00Z', null]);
  });

  it('reads Google News sitemaps: publication date and title (CDATA too)', () => {
    const map = parseSitemap(fixture('news-sitemap-hill-times.xml'), 'https://hilltimes.example/news-sitemap.xml');
    expect(map.entries).toEqual([
      { url: 'https://hilltimes.example/2026/03/02/quarry-expansion-hearing', lastModified: null, newsPublished: '2026-03-02T09:00:00+00:00', newsTitle: 'Quarry expansion goes to a public hearing' },
      { url: 'https://hilltimes.example/2026/03/01/mountain-rescue-volunteers', lastModified: '2026-03-01T12:30:00+00:00', newsPublished: '2026-03-01', newsTitle: 'Mountain rescue team recruits "twelve more" volunteers' },
    ]);
  });

  it('reads a gzipped sitemap (a .xml.gz file, no Content-Encoding) like the plain one', () => {
    const plain = parseSitemap(fixture('news-sitemap-hill-times.xml'), 'https://hilltimes.example/news-sitemap.xml.gz');
    expect(parseSitemap(gzipSync(fixture('news-sitemap-hill-times.xml')), 'https://hilltimes.example/news-sitemap.xml.gz')).toEqual(plain);
  });

  it('refuses a corrupt gzip with a clear reason', () => {
    const zipped = gzipSync(fixture('news-sitemap-hill-times.xml'));
    expect(sitemapError(() => parseSitemap(zipped.subarray(0, zipped.length - 20), url)).reason).toMatch(/gzip/);
  });

  it('reads a plain-text sitemap, one URL a line (CRLF, blank lines)', () => {
    const map = parseSitemap(fixture('sitemap-valley-courier.txt'), 'https://valleycourier.example/sitemap.txt');
    const expected = fixtureText('sitemap-valley-courier.txt').split(/\r?\n/).filter(Boolean);
    expect(map.kind).toBe('urlset');
    expect(map.entries.map((e) => e.url)).toEqual(expected);
  });

  it(`keeps the first ${MAX_SITEMAP_ENTRIES} entries of a bigger sitemap and says it was truncated`, () => {
    const over = parseSitemap(bytes(bigUrlset(MAX_SITEMAP_ENTRIES + 1)), 'https://archive.example/sitemap.xml');
    expect(over.truncated).toBe(true);
    expect(over.entries).toHaveLength(MAX_SITEMAP_ENTRIES);
    expect(over.entries.at(-1)!.url).toBe(`https://archive.example/a/${MAX_SITEMAP_ENTRIES}`);
    const full = parseSitemap(bytes(bigUrlset(MAX_SITEMAP_ENTRIES)), 'https://archive.example/sitemap.xml');
    expect(full.truncated).toBe(false);
    expect(full.entries).toHaveLength(MAX_SITEMAP_ENTRIES);
    const text = Array.from({ length: MAX_SITEMAP_ENTRIES + 1 }, (_, i) => `https://archive.example/t/${i}`).join('\n');
    expect(parseSitemap(bytes(text), 'https://archive.example/sitemap.txt').truncated).toBe(true);
  });

  it('refuses what is not a sitemap: other XML, a feed, an HTML page, prose', () => {
    expect(sitemapError(() => parseSitemap(fixture('opml-reading-list.xml'), url)).message).toBe(`not a sitemap: the document's root is <opml> (${url})`);
    expect(sitemapError(() => parseSitemap(fixture('rss2-harbour-gazette.xml'), url)).reason).toMatch(/root is <rss> \(a feed/);
    expect(sitemapError(() => parseSitemap(fixture('page-with-feed-links.html'), url)).reason).toMatch(/root is <html>/);
    expect(sitemapError(() => parseSitemap(bytes('Dock workers walked out on Monday.\nhttps://harbourgazette.example/\n'), url)).reason).toMatch(/first line is not a URL/);
    expect(sitemapError(() => parseSitemap(new Uint8Array(0), url)).reason).toMatch(/empty/);
  });

  it('keeps the complete entries of a cut-off sitemap and refuses one with none', () => {
    const source = bigUrlset(20);
    const cut = source.slice(0, source.indexOf('https://archive.example/a/12<') + 20);
    const map = parseSitemap(bytes(cut), 'https://archive.example/sitemap.xml');
    expect(map.entries.map((e) => e.url)).toEqual(Array.from({ length: 11 }, (_, i) => `https://archive.example/a/${i + 1}`));
    expect(map.warning).toMatch(/^malformed XML at line \d+: <\w+> is never closed/);
    const early = source.slice(0, source.indexOf('</loc>'));
    expect(sitemapError(() => parseSitemap(bytes(early), url)).reason).toMatch(/no complete entry/);
  });

  it('reads an empty urlset as zero entries', () => {
    const map = parseSitemap(bytes('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>'), url);
    expect(map).toEqual({ kind: 'urlset', entries: [], truncated: false });
  });
});
