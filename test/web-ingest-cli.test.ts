import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/index.js';
import { runCliAsync } from './helpers/cli.js';
import { SITE_ARTICLES, rssFeed, startNewsSite, storedOrigins as storedUrls } from './helpers/news-site.js';
import { EXAMPLES, tempDir } from './helpers/paths.js';
import { respond, startWebServer, type TestWebServer } from './helpers/web-server.js';

/** `storyline ingest URL...` against a real news site on 127.0.0.1. */

const FAST = ['--allow-private', '--host-delay', '0'];
let site: TestWebServer & { completed: Map<string, number> };

beforeAll(async () => {
  site = await startNewsSite();
});
afterAll(async () => {
  await site.close();
});

describe('storyline ingest URL', () => {
  it('follows an RSS feed to its article pages, and a second run fetches none of them again', async () => {
    const db = path.join(tempDir(), 'feed.db');
    const first = await runCliAsync(['ingest', '--db', db, ...FAST, site.url('/rss.xml')]);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(`stored ${SITE_ARTICLES.length}`);
    expect(await storedUrls(db)).toEqual(SITE_ARTICLES.map((a) => site.url(a.path)).sort());
    const hitsBefore = SITE_ARTICLES.map((a) => site.hits(a.path));

    const again = await runCliAsync(['ingest', '--db', db, ...FAST, site.url('/rss.xml')]);
    expect(again.status).toBe(0);
    expect(SITE_ARTICLES.map((a) => site.hits(a.path))).toEqual(hitsBefore);
    expect(again.stdout).toContain('read 0');
    expect(again.stdout).toContain(`skipped ${SITE_ARTICLES.length}`);
  });

  it('names itself in the User-Agent and reads robots.txt first', async () => {
    const db = path.join(tempDir(), 'ua.db');
    await runCliAsync(['ingest', '--db', db, ...FAST, site.url(SITE_ARTICLES[0]!.path)]);
    const articleRequest = site.requests.filter((r) => r.path === SITE_ARTICLES[0]!.path).at(-1)!;
    expect(articleRequest.headers['user-agent']).toMatch(/Storyline/);
    expect(site.hits('/robots.txt')).toBeGreaterThan(0);
  });

  it('follows a sitemap index to a Google News sitemap and a gzipped sitemap, with --since', async () => {
    const db = path.join(tempDir(), 'sitemap.db');
    const r = await runCliAsync(['ingest', '--db', db, ...FAST, site.url('/sitemap_index.xml')]);
    expect(r.status).toBe(0);
    expect(await storedUrls(db)).toEqual(SITE_ARTICLES.map((a) => site.url(a.path)).sort());

    const since = path.join(tempDir(), 'since.db');
    const recent = await runCliAsync(['ingest', '--db', since, ...FAST, '--since', '2026-03-13', site.url('/sitemap_index.xml')]);
    expect(recent.status).toBe(0);
    const expected = SITE_ARTICLES.filter((a) => a.published >= '2026-03-13').map((a) => site.url(a.path)).sort();
    expect(await storedUrls(since)).toEqual(expected);
  });

  it('takes the newest --max-articles from a sitemap', async () => {
    const db = path.join(tempDir(), 'max.db');
    const r = await runCliAsync(['ingest', '--db', db, ...FAST, '--max-articles', '1', site.url('/sitemap-news.xml')]);
    expect(r.status).toBe(0);
    expect(await storedUrls(db)).toEqual([site.url(SITE_ARTICLES[2]!.path)]);
  });

  it('refuses loopback addresses unless --allow-private is given, and keeps what is stored', async () => {
    const db = path.join(tempDir(), 'private.db');
    await runCliAsync(['ingest', '--db', db, ...FAST, site.url(SITE_ARTICLES[0]!.path)]);
    const r = await runCliAsync(['ingest', '--db', db, '--host-delay', '0', site.url(SITE_ARTICLES[1]!.path)]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(site.url(SITE_ARTICLES[1]!.path));
    expect(r.stderr).toMatch(/--allow-private/);
    expect(await storedUrls(db)).toEqual([site.url(SITE_ARTICLES[0]!.path)]);
  });

  it('rejects URLs that are not http(s) before touching the store', async () => {
    const db = path.join(tempDir(), 'scheme.db');
    const r = await runCliAsync(['ingest', '--db', db, 'ftp://127.0.0.1/news.html']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/ftp:\/\/127\.0\.0\.1\/news\.html: only http:\/\/ and https:\/\//);
    expect(existsSync(db)).toBe(false);
  });

  it('reports failing items by URL and stores the rest (robots.txt, 404, a feed where a page should be)', async () => {
    site.route('/broken-feed.xml', respond(200, `<?xml version="1.0"?><rss version="2.0"><channel><title>b</title>
      <item><link>${site.url(SITE_ARTICLES[3]!.path)}</link><guid>a</guid></item>
      <item><link>${site.url('/gone')}</link><guid>b</guid></item>
      <item><link>${site.url('/private/memo')}</link><guid>c</guid></item>
      <item><link>${site.url('/rss.xml')}</link><guid>d</guid></item>
      </channel></rss>`, { 'content-type': 'text/html' }));
    const db = path.join(tempDir(), 'mixed.db');
    const r = await runCliAsync(['ingest', '--db', db, ...FAST, site.url('/broken-feed.xml')]);
    expect(r.status).toBe(1);
    expect(await storedUrls(db)).toEqual([site.url(SITE_ARTICLES[3]!.path)]);
    expect(r.stderr).toContain(`failed: ${site.url('/gone')}`);
    expect(r.stderr).toMatch(new RegExp(`failed: ${site.url('/private/memo')}.*robots\\.txt`));
    expect(r.stderr).toMatch(new RegExp(`failed: ${site.url('/rss.xml')}.*expected an article page`));
    expect(site.hits('/private/memo')).toBe(0);
  });

  it('stores what a feed cut off mid-item still lists, and warns that it was cut', async () => {
    const whole = rssFeed(site.origin, SITE_ARTICLES.slice(0, 3));
    site.route('/cut-feed.xml', respond(200, whole.slice(0, whole.lastIndexOf('<item>') + 30), { 'content-type': 'application/rss+xml' }));
    const db = path.join(tempDir(), 'cut.db');
    const r = await runCliAsync(['ingest', '--db', db, ...FAST, site.url('/cut-feed.xml')]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`warning: ${site.url('/cut-feed.xml')}: malformed XML`));
    expect(await storedUrls(db)).toEqual(SITE_ARTICLES.slice(0, 2).map((a) => site.url(a.path)).sort());
  });

  it('says what a URL is when it is neither page, feed nor sitemap', async () => {
    site.route('/logo.png', respond(200, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]), { 'content-type': 'image/png' }));
    const r = await runCliAsync(['ingest', '--db', path.join(tempDir(), 'png.db'), ...FAST, site.url('/logo.png')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/logo\.png: not an article page, feed or sitemap \(served as image\/png\)/);
  });

  it('decodes a windows-1252 page served with only a charset header, and one served with none', async () => {
    const page = readFileSync(path.join(EXAMPLES, 'corpus', 'valebridge-evening-post', 'river-wend-bursts-its-banks.html'));
    site.route('/cp1252-header', respond(200, page, { 'content-type': 'text/html; charset=windows-1252' }));
    site.route('/cp1252-bare', respond(200, page, { 'content-type': 'text/html' }));
    const db = path.join(tempDir(), 'cp1252.db');
    const r = await runCliAsync(['ingest', '--db', db, ...FAST, site.url('/cp1252-header'), site.url('/cp1252-bare')]);
    expect(r.status).toBe(0);
    const store = await openStore(db);
    try {
      const articles = await store.listArticles();
      expect(articles).toHaveLength(2);
      for (const summary of articles) {
        const article = await store.getArticle(summary.id);
        const text = article!.blocks.map((b) => b.text).join('\n');
        expect(text).not.toMatch(/\uFFFD|Ã/);
        expect(text).toMatch(/[’–£é]/);
      }
    } finally {
      await store.close();
    }
  });

  it('follows a front page to the feeds it advertises, else to the sitemaps robots.txt lists', async () => {
    site.route('/', respond(200, `<!doctype html><html><head><title>Test Site</title>
      <link rel="alternate" type="application/rss+xml" title="Latest" href="/rss.xml"></head><body><h1>Front page</h1></body></html>`, { 'content-type': 'text/html' }));
    const db = path.join(tempDir(), 'front.db');
    const r = await runCliAsync(['ingest', '--db', db, ...FAST, site.url('/')]);
    expect(r.status).toBe(0);
    expect(await storedUrls(db)).toEqual(SITE_ARTICLES.map((a) => site.url(a.path)).sort());

    const bare = await startWebServer({ '/': respond(200, '<html><body><h1>Front page</h1><p>No feeds here.</p></body></html>', { 'content-type': 'text/html' }) });
    try {
      bare.route('/robots.txt', respond(200, `User-agent: *\nAllow: /\nSitemap: ${site.url('/sitemap-news.xml')}\n`, { 'content-type': 'text/plain' }));
      const viaRobots = path.join(tempDir(), 'robots-sitemap.db');
      const r2 = await runCliAsync(['ingest', '--db', viaRobots, ...FAST, bare.url('/')]);
      expect(r2.status).toBe(0);
      expect(await storedUrls(viaRobots)).toEqual(SITE_ARTICLES.slice(0, 3).map((a) => site.url(a.path)).sort());
    } finally {
      await bare.close();
    }
  });

  it('prints JSON lines for scripts: fetch events, then the summary', async () => {
    const db = path.join(tempDir(), 'json.db');
    const r = await runCliAsync(['ingest', '--db', db, ...FAST, '--json', site.url('/sitemap-news.xml')]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; url?: string; stored?: number });
    const fetched = lines.filter((l) => l.event === 'fetched').map((l) => l.url);
    expect(fetched).toEqual(expect.arrayContaining([site.url('/sitemap-news.xml'), ...SITE_ARTICLES.slice(0, 3).map((a) => site.url(a.path))]));
    expect(lines.at(-1)).toMatchObject({ event: 'summary', stored: 3, failed: 0 });
  });

  it('archives fetched pages to WARC, and the archive replays into the same articles', async () => {
    const dir = tempDir();
    const archive = path.join(dir, 'crawl');
    const live = path.join(dir, 'live.db');
    const r = await runCliAsync(['ingest', '--db', live, ...FAST, '--archive', archive, site.url('/rss.xml')]);
    expect(r.status).toBe(0);
    const files = readdirSync(archive).filter((f) => f.endsWith('.warc.gz'));
    expect(files.length).toBeGreaterThan(0);

    const replay = path.join(dir, 'replay.db');
    const again = await runCliAsync(['ingest', '--db', replay, ...files.map((f) => path.join(archive, f))]);
    expect(again.status).toBe(0);
    const titles = async (db: string) => {
      const store = await openStore(db);
      try {
        return (await store.listArticles()).map((a) => `${a.title} | ${a.url}`).sort();
      } finally {
        await store.close();
      }
    };
    expect(await titles(replay)).toEqual(await titles(live));
  });
});
