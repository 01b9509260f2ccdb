import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { unwrapGzipFile, webResourceKind } from '../src/sources/web-resource-kind.js';
import { REPO } from './helpers/paths.js';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'web');
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(FIXTURES, name)));
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('webResourceKind', () => {
  it('knows each fixture by its bytes, with an honest content type', () => {
    const cases: [string, string, ReturnType<typeof webResourceKind>][] = [
      ['rss2-harbour-gazette.xml', 'application/rss+xml; charset=utf-8', 'feed'],
      ['rss-valley-courier-no-guids.xml', 'application/rss+xml', 'feed'],
      ['atom-northern-ledger.xml', 'application/atom+xml', 'feed'],
      ['rdf-river-post.xml', 'application/rdf+xml', 'feed'],
      ['json-feed-hill-times.json', 'application/feed+json', 'feed'],
      ['rss-latin1-courrier.xml', 'text/xml; charset=iso-8859-1', 'feed'],
      ['rss-empty-channel.xml', 'application/xml', 'feed'],
      ['sitemap-harbour-gazette.xml', 'application/xml', 'sitemap'],
      ['sitemap-index-northern-ledger.xml', 'application/xml', 'sitemap'],
      ['news-sitemap-hill-times.xml', 'text/xml', 'sitemap'],
      ['sitemap-valley-courier.txt', 'text/plain', 'sitemap'],
      ['page-with-feed-links.html', 'text/html; charset=utf-8', 'page'],
      ['opml-reading-list.xml', 'text/x-opml', 'unknown'],
    ];
    for (const [name, type, kind] of cases) expect([name, webResourceKind(fixture(name), type, `https://site.example/${name}`)]).toEqual([name, kind]);
  });

  it('believes the bytes over a lying Content-Type and URL', () => {
    expect(webResourceKind(fixture('rss2-harbour-gazette.xml'), 'text/html; charset=utf-8', 'https://harbourgazette.example/port/')).toBe('feed');
    expect(webResourceKind(fixture('atom-northern-ledger.xml'), 'text/plain', 'https://northernledger.example/business')).toBe('feed');
    expect(webResourceKind(fixture('sitemap-harbour-gazette.xml'), 'application/octet-stream', 'https://harbourgazette.example/sm')).toBe('sitemap');
    expect(webResourceKind(fixture('page-with-feed-links.html'), 'application/rss+xml', 'https://harbourgazette.example/feed/')).toBe('page');
    expect(webResourceKind(fixture('json-feed-hill-times.json'), 'application/json', 'https://hilltimes.example/api')).toBe('feed');
  });

  it('looks inside a gzipped sitemap served without Content-Encoding', () => {
    const zipped = gzipSync(fixture('news-sitemap-hill-times.xml'));
    expect(webResourceKind(zipped, 'application/octet-stream', 'https://hilltimes.example/news-sitemap.xml.gz')).toBe('sitemap');
    expect(webResourceKind(zipped, 'application/x-gzip', 'https://hilltimes.example/download')).toBe('sitemap');
    expect(webResourceKind(gzipSync(fixture('rss2-harbour-gazette.xml')), 'application/gzip', 'https://h.example/x')).toBe('feed');
    // Only a prefix is inflated to sniff: a large gzipped sitemap is known by its start.
    const urls = Array.from({ length: 20_000 }, (_, i) => `<url><loc>https://archive.example/story/${i * 7919}</loc></url>`).join('\n');
    const big = gzipSync(Buffer.from(`<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>`));
    expect(big.length).toBeGreaterThan(16 * 1024);
    expect(webResourceKind(big, 'application/octet-stream', 'https://archive.example/s')).toBe('sitemap');
  });

  it('takes markup with an unfamiliar first element for a page only when it is served as HTML', () => {
    const custom = bytes('<site-shell><h1>Harbour news</h1><p>Dock workers walked out.</p></site-shell>');
    expect(webResourceKind(custom, 'text/html; charset=utf-8', 'https://x.example/')).toBe('page');
    expect(webResourceKind(custom, 'application/xml', 'https://x.example/')).toBe('unknown');
  });

  it('reads an XHTML page with an XML declaration as a page, and a UTF-16 feed as a feed', () => {
    const xhtml = '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head></html>';
    expect(webResourceKind(bytes(xhtml), 'application/xml', 'https://x.example/a')).toBe('page');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(path.join(FIXTURES, 'rss-empty-channel.xml'), 'utf8'), 'utf16le')]);
    expect(webResourceKind(new Uint8Array(utf16), null, 'https://x.example/a')).toBe('feed');
  });

  it('falls back to the Content-Type, then the URL, when the bytes say nothing', () => {
    const prose = bytes('Dock workers walked out on Monday morning.');
    expect(webResourceKind(prose, 'application/rss+xml', 'https://x.example/a')).toBe('feed');
    expect(webResourceKind(prose, 'text/html', 'https://x.example/a')).toBe('page');
    expect(webResourceKind(new Uint8Array(0), null, 'https://x.example/sitemap-news.xml')).toBe('sitemap');
    expect(webResourceKind(new Uint8Array(0), null, 'https://x.example/news/feed/')).toBe('feed');
    expect(webResourceKind(new Uint8Array(0), null, 'https://x.example/news/story.html')).toBe('page');
    expect(webResourceKind(prose, 'text/plain', 'https://x.example/notes')).toBe('unknown');
    expect(webResourceKind(bytes('{"data": [1, 2]}'), 'application/json', 'https://x.example/api')).toBe('unknown');
  });

  it('does not take prose with a URL in it for a text sitemap', () => {
    expect(webResourceKind(bytes('https://x.example/a\nRead more at our site.\n'), 'text/plain', 'https://x.example/list')).toBe('unknown');
  });
});

describe('unwrapGzipFile', () => {
  it('gunzips a gzip file and leaves other bodies alone', () => {
    const plain = fixture('sitemap-harbour-gazette.xml');
    expect(Buffer.from(unwrapGzipFile(gzipSync(plain), 1024 * 1024))).toEqual(Buffer.from(plain));
    expect(unwrapGzipFile(plain, 10)).toBe(plain);
  });

  it('refuses a gzip bomb over the cap with a clear error', () => {
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(() => unwrapGzipFile(bomb, 1024 * 1024)).toThrow(/more than 1048576 bytes/);
  });

  it('says when a gzip file is cut short', () => {
    const zipped = gzipSync(fixture('sitemap-harbour-gazette.xml'));
    expect(() => unwrapGzipFile(zipped.subarray(0, zipped.length - 30), 1024 * 1024)).toThrow(/truncated gzip/);
  });
});
