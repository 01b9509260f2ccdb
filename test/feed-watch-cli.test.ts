import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/index.js';
import { runCliAsync, startCli } from './helpers/cli.js';
import { SITE_ARTICLES, countCompleted, pageOf, rssFeed, storedOrigins, type SiteArticle } from './helpers/news-site.js';
import { tempDir } from './helpers/paths.js';
import { respond, startWebServer, type TestWebServer } from './helpers/web-server.js';

/** `storyline feeds` and `storyline watch` against a real feed server on 127.0.0.1. */

const FAST = ['--allow-private', '--host-delay', '0'];
let site: TestWebServer;
let completed: Map<string, number>;

/** Serves the articles and a feed of the given ones, with an ETag that changes with the feed. */
function serveFeed(articles: readonly SiteArticle[]): void {
  const body = rssFeed(site.origin, articles);
  const etag = `"${articles.length}-${body.length}"`;
  site.route('/feed.xml', (req, res) => {
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag });
    res.end(body);
  });
}

beforeEach(async () => {
  site = await startWebServer();
  completed = new Map();
  for (const a of SITE_ARTICLES) site.route(a.path, countCompleted(respond(200, pageOf(a), { 'content-type': 'text/html; charset=utf-8' }), completed));
});
afterEach(async () => {
  await site.close();
});

describe('storyline feeds', () => {
  it('adds, lists and removes watched feeds, checking what it is given', async () => {
    const db = path.join(tempDir(), 'feeds.db');
    const added = await runCliAsync(['feeds', 'add', '--db', db, '--interval', '10m', 'https://news.example/rss.xml', 'https://other.example/atom']);
    expect(added.status).toBe(0);
    expect(added.stdout).toContain('watching 2 new feeds');
    const list = await runCliAsync(['feeds', 'list', '--db', db, '--json']);
    expect((JSON.parse(list.stdout) as { url: string; intervalSeconds: number }[]).map((f) => [f.url, f.intervalSeconds])).toEqual([
      ['https://news.example/rss.xml', 600],
      ['https://other.example/atom', 600],
    ]);
    expect((await runCliAsync(['feeds', 'remove', '--db', db, 'https://other.example/atom'])).status).toBe(0);
    const missing = await runCliAsync(['feeds', 'remove', '--db', db, 'https://other.example/atom']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('is not watched');
    const bad = await runCliAsync(['feeds', 'add', '--db', db, 'file:///etc/passwd']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('not an http(s) URL');
    const opml = path.join(tempDir(), 'subscriptions.opml');
    writeFileSync(opml, `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>My feeds</title></head><body>
  <outline text="Local"><outline type="rss" text="Courier" xmlUrl="https://courier.example/feed.xml"/>
    <outline type="rss" text="Herald" xmlUrl="https://herald.example/rss?x=1&amp;y=2"/></outline>
  <outline type="rss" text="Again" xmlUrl="https://news.example/rss.xml"/>
</body></opml>`);
    const fromOpml = await runCliAsync(['feeds', 'add', '--db', db, '--opml', opml]);
    expect(fromOpml.stdout).toContain('watching 2 new feeds (1 already watched');
    const urls = (JSON.parse((await runCliAsync(['feeds', 'list', '--db', db, '--json'])).stdout) as { url: string }[]).map((f) => f.url);
    expect(urls).toEqual(expect.arrayContaining(['https://courier.example/feed.xml', 'https://herald.example/rss?x=1&y=2']));
    writeFileSync(opml, '<html><body>not a list</body></html>');
    const notOpml = await runCliAsync(['feeds', 'add', '--db', db, '--opml', opml]);
    expect(notOpml.status).toBe(2);
    expect(notOpml.stderr).toMatch(/not an OPML subscription list/);
    const rude = await runCliAsync(['feeds', 'add', '--db', db, '--interval', '5s', 'https://news.example/rss.xml']);
    expect(rude.status).toBe(2);
    expect(rude.stderr).toMatch(/not polite/);
  });
});

describe('storyline watch', () => {
  it('stores new items, then polls with a conditional GET and fetches only what is new', async () => {
    const db = path.join(tempDir(), 'watch.db');
    serveFeed(SITE_ARTICLES.slice(0, 3));
    const feeds = path.join(tempDir(), 'feeds.txt');
    writeFileSync(feeds, `# our feed\n${site.url('/feed.xml')}  2m\n\n`);

    const first = await runCliAsync(['watch', '--db', db, ...FAST, '--once', '--feeds', feeds]);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/3 items, 3 new, 3 stored/);
    expect(await storedOrigins(db)).toEqual(SITE_ARTICLES.slice(0, 3).map((a) => site.url(a.path)).sort());

    // Not due yet: the feed's interval (2 minutes) has not passed.
    const early = await runCliAsync(['watch', '--db', db, ...FAST, '--once']);
    expect(early.stdout).toMatch(/^0 polls/m);

    // Make it due, unchanged: the server answers 304 to the validators the watch kept.
    const store = await openStore(db);
    await store.recordFeedCheck(site.url('/feed.xml'), { checkedAt: new Date().toISOString(), nextCheckAt: new Date(0).toISOString(), error: null });
    await store.close();
    const unchanged = await runCliAsync(['watch', '--db', db, ...FAST, '--once']);
    expect(unchanged.stdout).toMatch(/not modified/);
    expect(site.requests.filter((r) => r.path === '/feed.xml').at(-1)!.headers['if-none-match']).toBeDefined();

    // Two new items: only they are fetched.
    serveFeed(SITE_ARTICLES.slice(0, 5));
    const again = await openStore(db);
    await again.recordFeedCheck(site.url('/feed.xml'), { checkedAt: new Date().toISOString(), nextCheckAt: new Date(0).toISOString(), error: null });
    await again.close();
    const grown = await runCliAsync(['watch', '--db', db, ...FAST, '--once', '--json']);
    expect(grown.status).toBe(0);
    const summary = JSON.parse(grown.stdout.trim().split('\n').at(-1)!) as { event: string; newItems: number; stored: number };
    expect(summary).toMatchObject({ event: 'summary', newItems: 2, stored: 2 });
    for (const a of SITE_ARTICLES.slice(0, 5)) expect(completed.get(a.path)).toBe(1);
  });

  it('killed with SIGKILL mid-poll and restarted, fetches no item twice and misses none', async () => {
    const db = path.join(tempDir(), 'killed.db');
    serveFeed(SITE_ARTICLES);
    // The fourth article hangs the first time it is asked for: the watch is killed while waiting on it.
    const stalled = SITE_ARTICLES[3]!;
    let stalls = 1;
    let reached: () => void = () => {};
    const reachedStall = new Promise<void>((resolve) => (reached = resolve));
    const page = countCompleted(respond(200, pageOf(stalled), { 'content-type': 'text/html' }), completed);
    site.route(stalled.path, (req, res) => {
      if (stalls-- > 0) {
        reached();
        return;
      }
      return page(req, res);
    });
    expect((await runCliAsync(['feeds', 'add', '--db', db, '--interval', '1m', site.url('/feed.xml')])).status).toBe(0);

    const watch = startCli(['watch', '--db', db, ...FAST]);
    await reachedStall;
    watch.kill('SIGKILL');
    await new Promise((resolve) => watch.on('close', resolve));

    // Before the kill, the items ahead of the stalled one were each fetched once and stored.
    const before = await storedOrigins(db);
    expect(before.length).toBeGreaterThanOrEqual(1);

    const restarted = await runCliAsync(['watch', '--db', db, ...FAST, '--once']);
    expect(restarted.stderr).toBe('');
    expect(restarted.status).toBe(0);
    expect(await storedOrigins(db)).toEqual(SITE_ARTICLES.map((a) => site.url(a.path)).sort());
    for (const a of SITE_ARTICLES) expect(completed.get(a.path), a.path).toBe(1);
  });

  it('polls no sooner than the feed says it changes (<ttl>)', async () => {
    const db = path.join(tempDir(), 'ttl.db');
    site.route('/ttl.xml', respond(200, rssFeed(site.origin, SITE_ARTICLES.slice(0, 1), '<ttl>240</ttl>'), { 'content-type': 'application/rss+xml' }));
    await runCliAsync(['feeds', 'add', '--db', db, '--interval', '2m', site.url('/ttl.xml')]);
    expect((await runCliAsync(['watch', '--db', db, ...FAST, '--once'])).status).toBe(0);
    const [feed] = JSON.parse((await runCliAsync(['feeds', 'list', '--db', db, '--json'])).stdout) as { nextCheckAt: string; lastCheckedAt: string }[];
    expect(Date.parse(feed!.nextCheckAt) - Date.parse(feed!.lastCheckedAt)).toBe(240 * 60 * 1000);
  });

  it('keeps a failing feed\'s error and backs off, and refuses to start with no feeds', async () => {
    const db = path.join(tempDir(), 'failing.db');
    site.route('/feed.xml', respond(200, '<html><body>We moved!</body></html>', { 'content-type': 'text/html' }));
    await runCliAsync(['feeds', 'add', '--db', db, site.url('/feed.xml')]);
    const r = await runCliAsync(['watch', '--db', db, ...FAST, '--once']);
    expect(r.stdout).toMatch(/failed: .*not a feed/);
    const list = JSON.parse((await runCliAsync(['feeds', 'list', '--db', db, '--json'])).stdout) as { lastError: string; consecutiveFailures: number; nextCheckAt: string }[];
    expect(list[0]!.consecutiveFailures).toBe(1);
    expect(Date.parse(list[0]!.nextCheckAt) - Date.now()).toBeGreaterThan(15 * 60 * 1000);

    // A feed cut off mid-item: its complete items are stored, and the watch says the feed was cut.
    const cutDb = path.join(tempDir(), 'cut.db');
    const whole = rssFeed(site.origin, SITE_ARTICLES.slice(0, 3));
    site.route('/cut.xml', respond(200, whole.slice(0, whole.lastIndexOf('<item>') + 30), { 'content-type': 'application/rss+xml' }));
    await runCliAsync(['feeds', 'add', '--db', cutDb, site.url('/cut.xml')]);
    const cut = await runCliAsync(['watch', '--db', cutDb, ...FAST, '--once']);
    expect(cut.stdout).toMatch(/2 items, 2 new, 2 stored/);
    expect(cut.stdout).toMatch(/warning: malformed XML/);

    const empty = await runCliAsync(['watch', '--db', path.join(tempDir(), 'empty.db'), '--once']);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/no feeds to watch/);
    const missingFile = await runCliAsync(['watch', '--db', db, '--feeds', path.join(tempDir(), 'nope.txt')]);
    expect(missingFile.status).toBe(2);
    expect(missingFile.stderr).toMatch(/cannot read feeds file .*nope\.txt/);
  });

  it('stops cleanly on Ctrl-C (SIGINT) and keeps what it stored', async () => {
    const db = path.join(tempDir(), 'sigint.db');
    serveFeed(SITE_ARTICLES.slice(0, 2));
    await runCliAsync(['feeds', 'add', '--db', db, site.url('/feed.xml')]);
    const watch = startCli(['watch', '--db', db, ...FAST]);
    let out = '';
    watch.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (/2 stored/.test(out)) {
          clearInterval(check);
          resolve();
        }
      }, 50);
    });
    watch.kill('SIGINT');
    const code = await new Promise((resolve) => watch.on('close', resolve));
    expect(code).toBe(0);
    expect(out).toMatch(/1 polls .* 2 stored/);
    expect((await storedOrigins(db)).length).toBe(2);
  });
});
