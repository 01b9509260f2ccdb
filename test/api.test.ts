import type { ChildProcess } from 'node:child_process';
import { closeSync, copyFileSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../src/model/article.js';
import type { Annotations } from '../src/model/annotations.js';
import type { StoryDetail, StorySummary, ThreadSummary } from '../src/model/story.js';
import type { StoryReport } from '../src/query/story-report.js';
import type { ArticlePlacement, ArticleSummary, EntitySummary, OutletSummary, SearchHit, StoredQuote } from '../src/store/index.js';
import { runCli, startCli } from './helpers/cli.js';
import { EXAMPLES, SEEDS, tempDir } from './helpers/paths.js';

/** A title that would run script if a page put it into HTML unescaped. */
const HOSTILE_TITLE = '<img src=x onerror=alert(1)>';

interface Page<T> { items: T[]; next: number | null }
interface ApiErrorBody { error: { status: number; message: string } }

/** Starts `storyline serve --port 0` and resolves with the URL it prints. */
function startServer(db: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = startCli(['serve', '--port', '0', '--db', db], { env });
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(stdout)?.[0];
      if (url) resolve({ child, url, stderr: () => stderr });
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code} before listening: ${stderr}`)));
  });
}

/** Stops the server with SIGTERM; resolves with its exit code once its output is all read. */
function stopServer(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null && child.stdout!.closed && child.stderr!.closed) return resolve(child.exitCode);
    child.once('close', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('HTTP API (storyline serve) over the seeds and the demo corpus', () => {
  const dir = tempDir('storyline-api-');
  const db = path.join(dir, 'api.db');
  let server: Awaited<ReturnType<typeof startServer>>;
  let articles: ArticleSummary[];
  const seedId = (prefix: string): string => articles.find((a) => path.basename(a.origin).startsWith(prefix))!.id;

  const get = async <T>(route: string): Promise<{ status: number; headers: Headers; body: T }> => {
    const response = await fetch(`${server.url}${route}`);
    return { status: response.status, headers: response.headers, body: (await response.json()) as T };
  };
  /** The CLI's JSON for the same question, to compare the API with. */
  const cliJson = <T>(args: string[]): T => {
    const r = runCli([...args, '--json', '--db', db]);
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as T;
  };
  const storyOf = async (articleId: string): Promise<StoryDetail> => {
    const stories = (await get<Page<StorySummary>>('/api/stories?limit=200')).body.items;
    for (const s of stories) {
      const detail = (await get<StoryDetail>(`/api/stories/${s.id}`)).body;
      if (detail.articleList.some((a) => a.id === articleId)) return detail;
    }
    throw new Error(`no story holds ${articleId}`);
  };

  beforeAll(async () => {
    const hostile = path.join(dir, 'hostile.json');
    writeFileSync(hostile, JSON.stringify({
      id: 'hostile-1',
      title: HOSTILE_TITLE,
      date: '2026-03-02',
      source: 'Test Wire',
      text: 'The harbour authority reopened the northern quay on Monday after a week of repairs. Ferry services resumed in the afternoon, officials said.',
    }));
    for (const input of [SEEDS, path.join(EXAMPLES, 'corpus'), hostile]) {
      const r = runCli(['ingest', '--db', db, input]);
      expect(r.status, r.stderr).toBe(0);
    }
    articles = cliJson<ArticleSummary[]>(['articles', '--limit', '1000']);
    server = await startServer(db);
  });

  afterAll(async () => {
    if (server) await stopServer(server.child);
  });

  it('reports health with the counts the store holds', async () => {
    const { status, body } = await get<{ status: string; counts: { articles: number } }>('/api/health');
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.counts.articles).toBe(articles.length);
  });

  it('lists stories as `storyline stories` does, page by page', async () => {
    const all = await get<Page<StorySummary>>('/api/stories?limit=200');
    expect(all.status).toBe(200);
    expect(all.body.items).toEqual(cliJson<StorySummary[]>(['stories', '--limit', '200']));
    expect(all.body.items.length).toBeGreaterThan(4);
    expect(all.body.next).toBeNull();

    const first = (await get<Page<StorySummary>>('/api/stories?limit=2')).body;
    expect(first.next).toBe(2);
    const second = (await get<Page<StorySummary>>(`/api/stories?limit=2&offset=${first.next}`)).body;
    expect([...first.items, ...second.items]).toEqual(all.body.items.slice(0, 4));
    // The default page size applies when none is asked for.
    expect((await get<Page<StorySummary>>('/api/stories')).body.items).toEqual(all.body.items.slice(0, 50));
  });

  it('filters stories by outlet, time and words', async () => {
    const outlet = 'harbour gazette';
    const byOutlet = (await get<Page<StorySummary>>(`/api/stories?limit=200&outlet=${encodeURIComponent(outlet)}`)).body.items;
    expect(byOutlet.length).toBeGreaterThan(0);
    for (const s of byOutlet) expect(s.outlets.map((o) => o.toLowerCase())).toContain(outlet);
    expect(byOutlet).toEqual(cliJson<StorySummary[]>(['stories', '--limit', '200', '--outlet', outlet]));

    const dated = (await get<Page<StorySummary>>('/api/stories?limit=200&since=2023-11-01&until=2023-11-30')).body.items;
    expect(dated.map((s) => s.id)).toEqual(cliJson<StorySummary[]>(['stories', '--limit', '200', '--since', '2023-11-01', '--until', '2023-11-30']).map((s) => s.id));
    expect(dated.map((s) => s.id)).toContain((await storyOf(seedId('002'))).id);
    for (const s of dated) expect(s.firstPublished! <= '2023-11-31' && s.lastPublished! >= '2023-11-01').toBe(true);

    const byWords = (await get<Page<StorySummary>>('/api/stories?limit=200&query=Blinken')).body.items;
    expect(byWords.map((s) => s.id)).toContain((await storyOf(seedId('003'))).id);
    expect(byWords.length).toBeLessThan((await get<Page<StorySummary>>('/api/stories?limit=200')).body.items.length);
  });

  it('serves a story with its articles in time order and its thread, by full id or short id', async () => {
    const story = await storyOf(seedId('000'));
    const ids = story.articleList.map((a) => a.id);
    expect(ids).toEqual(expect.arrayContaining([seedId('000'), seedId('002')]));
    expect(story).toEqual(cliJson<StoryDetail>(['story', story.id]));
    expect((await get<StoryDetail>(`/api/stories/${story.id.slice(0, 10)}`)).body).toEqual(story);
    const dated = story.articleList.filter((a) => a.published !== null && a.copyOf === null).map((a) => a.published!);
    expect(dated).toEqual([...dated].sort());

    const threads = (await get<Page<ThreadSummary>>('/api/threads?limit=200')).body.items;
    expect(threads.map((t) => t.id)).toContain(story.threadId);
    expect(threads).toEqual(cliJson<ThreadSummary[]>(['threads', '--limit', '200']));
  });

  it("serves the story report: NBC News shared by 000 and 002's story, 004 flagged", async () => {
    const story = await storyOf(seedId('000'));
    const report = await get<StoryReport>(`/api/stories/${story.id}/report`);
    expect(report.status).toBe(200);
    const nbc = report.body.sources.shared.find((s) => s.name === 'NBC News');
    // 000 and 001 are one article in two copies: whichever is the original stands for both.
    expect(nbc?.articleIds).toContain(seedId('002'));
    expect(nbc?.articleIds.some((id) => id === seedId('000') || id === seedId('001'))).toBe(true);
    expect(report.body).toEqual(cliJson<StoryReport>(['story', story.id, '--report']));

    const lone = await storyOf(seedId('004'));
    const flags = (await get<StoryReport>(`/api/stories/${lone.id}/report`)).body.flags;
    expect(flags.filter((f) => f.articleId === seedId('004')).map((f) => f.kind)).toEqual(expect.arrayContaining(['no-attributable-source', 'no-corroboration']));
  });

  it('serves an article with its annotations, by a prefix as `storyline show` takes it', async () => {
    const id = seedId('003');
    const { status, body } = await get<Article & { annotations: Annotations | null; placement: ArticlePlacement | null }>(`/api/articles/${id.slice(0, 8)}`);
    expect(status).toBe(200);
    expect(body.id).toBe(id);
    const { placement, ...shown } = body;
    expect(shown).toEqual(cliJson<Article & { annotations: Annotations | null }>(['show', id]));
    // 003 is a story of its own in the 000/002 story's thread; 001 copies 000 (EXPECTED.md).
    const storyOf000 = (await storyOf(seedId('000'))).id;
    expect(placement).toMatchObject({ storyId: id, copyOf: null, copies: [] });
    expect(placement!.threadId).toBe((await get<{ placement: ArticlePlacement }>(`/api/articles/${seedId('000')}`)).body.placement.threadId);
    const original = (await get<{ placement: ArticlePlacement }>(`/api/articles/${seedId('000')}`)).body.placement;
    expect(original).toMatchObject({ storyId: storyOf000, copyOf: null, copies: [{ articleId: seedId('001'), copyKind: expect.stringMatching(/near|containment/) }] });
    const copy = (await get<{ placement: ArticlePlacement }>(`/api/articles/${seedId('001')}`)).body.placement;
    expect(copy).toMatchObject({ storyId: storyOf000, copyOf: seedId('000'), copies: [] });
    const quote = body.annotations!.quotes.find((q) => q.text.includes('I do not think you have months'));
    expect(quote?.speaker).toMatch(/Blinken/);
    expect(body.annotations!.entities.map((e) => e.canonical)).toContain('Antony Blinken');
  });

  it('lists entities by type, page by page', async () => {
    const people = await get<Page<EntitySummary>>('/api/entities?type=person&limit=200');
    expect(people.status).toBe(200);
    expect(people.body.items.length).toBeGreaterThan(2);
    for (const e of people.body.items) expect(e.type).toBe('person');
    expect(people.body.items.map((e) => e.name)).toContain('Antony Blinken');
    expect(people.body.items).toEqual(cliJson<EntitySummary[]>(['entities', '--type', 'person', '--limit', '200']));
    const page = (await get<Page<EntitySummary>>('/api/entities?type=person&limit=2&offset=1')).body;
    expect(page.items).toEqual(people.body.items.slice(1, 3));
    expect(page.next).toBe(3);
  });

  it('lists outlets with their article counts and dates, as the stored articles name them', async () => {
    const outlets = (await get<Page<OutletSummary>>('/api/outlets?limit=200')).body.items;
    const all = cliJson<ArticleSummary[]>(['articles', '--limit', '1000']);
    const named = all.filter((a) => a.outletName !== null || a.outletDomain !== null);
    expect(outlets.length).toBeGreaterThan(3);
    // Each outlet's count is what listing its articles gives; most articles first.
    for (const o of outlets) {
      const mine = cliJson<ArticleSummary[]>(['articles', '--outlet', o.name ?? o.domain!, '--limit', '1000']);
      expect(o.articles).toBe(mine.length);
      const dates = mine.map((a) => a.published).filter((p): p is string => p !== null).sort();
      expect(o.firstPublished?.slice(0, 10) ?? null).toBe(dates[0]?.slice(0, 10) ?? null);
      expect(o.lastPublished?.slice(0, 10) ?? null).toBe(dates.at(-1)?.slice(0, 10) ?? null);
    }
    expect(outlets.map((o) => o.articles)).toEqual([...outlets.map((o) => o.articles)].sort((a, b) => b - a));
    expect(outlets.reduce((n, o) => n + o.articles, 0)).toBe(named.length);
    expect(outlets.map((o) => o.name)).toContain('Al Mayadeen English');
    const page = (await get<Page<OutletSummary>>('/api/outlets?limit=2&offset=1')).body;
    expect(page.items).toEqual(outlets.slice(1, 3));
  });

  it("lists quotes by speaker and by story: Blinken's in seed 003", async () => {
    const quotes = (await get<Page<StoredQuote>>('/api/quotes?speaker=blinken&limit=200')).body.items;
    expect(quotes.length).toBeGreaterThan(0);
    for (const q of quotes) expect(q.speaker).toMatch(/Blinken/);
    expect(quotes.map((q) => q.articleId)).toContain(seedId('003'));
    expect(quotes.some((q) => q.text.includes('I do not think you have months'))).toBe(true);

    const story = await storyOf(seedId('003'));
    const ofStory = (await get<Page<StoredQuote>>(`/api/quotes?story=${story.id.slice(0, 10)}&limit=200`)).body.items;
    expect(ofStory.length).toBeGreaterThan(0);
    for (const q of ofStory) expect(q.storyId).toBe(story.id);
  });

  it('searches titles and bodies', async () => {
    const { status, body } = await get<{ items: SearchHit[] }>(`/api/search?q=${encodeURIComponent('war cabinet')}`);
    expect(status).toBe(200);
    expect(body.items.map((h) => h.id)).toContain(seedId('003'));
    expect(body.items).toEqual(cliJson<SearchHit[]>(['search', 'war', 'cabinet']));
  });

  it('documents every route in an OpenAPI 3.1 document', async () => {
    const { status, body } = await get<{ openapi: string; info: { title: string }; paths: Record<string, Record<string, { responses: Record<string, unknown>; parameters?: { name: string }[] }>> }>('/api/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\.1\./);
    expect(body.info.title).toBeTruthy();
    const routes = ['/api/stories', '/api/stories/{id}', '/api/stories/{id}/report', '/api/threads', '/api/articles/{id}', '/api/entities', '/api/outlets', '/api/quotes', '/api/search', '/api/health'];
    expect(Object.keys(body.paths).sort()).toEqual([...routes].sort());
    for (const route of routes) expect(body.paths[route]!.get!.responses).toHaveProperty('200');
    expect(body.paths['/api/stories']!.get!.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['limit', 'offset', 'since', 'until', 'outlet', 'query']));
  });

  it('answers errors as JSON a person can act on', async () => {
    const unknown = await get<ApiErrorBody>('/api/stories/0123456789abcdef');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toEqual({ status: 404, message: expect.stringContaining('no story with id 0123456789abcdef') });
    expect((await get<ApiErrorBody>('/api/articles/0123456789abcdef')).status).toBe(404);

    const badLimit = await get<ApiErrorBody>('/api/stories?limit=abc');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.message).toMatch(/^limit: expected a whole number .*"abc"/);
    const tooMany = await get<ApiErrorBody>('/api/entities?limit=201');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/limit: .*200/);
    const badDate = await get<ApiErrorBody>('/api/stories?since=yesterday');
    expect(badDate.body.error.message).toMatch(/^since: expected a date/);
    expect((await get<ApiErrorBody>('/api/entities?type=thing')).body.error.message).toMatch(/type: expected one of person/);
    expect((await get<ApiErrorBody>('/api/articles/abc')).body.error.message).toMatch(/id: expected an id of at least 6 characters/);

    const route = await get<ApiErrorBody>('/api/no-such-thing');
    expect(route.status).toBe(404);
    expect(route.headers.get('content-type')).toMatch(/^application\/json/);
    expect(route.body.error.message).toMatch(/no route GET \/api\/no-such-thing/);
  });

  it('sends the security headers on every response', async () => {
    for (const route of ['/api/stories', '/api/stories?limit=abc', '/api/nowhere', '/api/openapi.json']) {
      const response = await fetch(`${server.url}${route}`);
      expect(response.headers.get('content-security-policy'), route).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options'), route).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), route).toBe('no-referrer');
    }
  });

  it('returns a hostile title as a JSON string, never as markup', async () => {
    const stored = articles.find((a) => a.title === HOSTILE_TITLE);
    expect(stored).toBeDefined();
    const response = await fetch(`${server.url}/api/articles/${stored!.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as Article;
    expect(body.title).toBe(HOSTILE_TITLE);
  });

  it('answers a failure it did not expect with a bare 500, and logs the cause', async () => {
    const damaged = path.join(dir, 'damaged.db');
    copyFileSync(db, damaged);
    const s = await startServer(damaged);
    try {
      // Overwrite everything after the header page while the server holds the store open.
      const fd = openSync(damaged, 'r+');
      writeSync(fd, Buffer.alloc(statSync(damaged).size - 4096, 0xab), 0, undefined, 4096);
      closeSync(fd);
      const response = await fetch(`${s.url}/api/stories`);
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ error: { status: 500, message: expect.any(String) } });
      expect(text).not.toMatch(/Sqlite|malformed|\bat .*\.js/);
    } finally {
      await stopServer(s.child);
    }
    expect(s.stderr()).toMatch(/malformed/);
  });
});

describe('storyline serve: who may reach it', () => {
  const dir = tempDir('storyline-serve-');
  const db = path.join(dir, 'empty.db');

  it('refuses to listen beyond this machine without STORYLINE_TOKEN', () => {
    const r = runCli(['serve', '--host', '0.0.0.0', '--port', '0', '--db', db]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/refusing to listen on 0\.0\.0\.0 without a token.*STORYLINE_TOKEN/);
    expect(r.stdout).toBe('');
  });

  it('with a token, lets reads through and asks writes for it; stops cleanly on SIGTERM', async () => {
    const token = 'test-token-8f2c';
    const s = await startServer(db, { STORYLINE_TOKEN: token });
    try {
      expect((await fetch(`${s.url}/api/health`)).status).toBe(200);
      const anonymous = await fetch(`${s.url}/api/stories`, { method: 'POST' });
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as ApiErrorBody).error.message).toMatch(/Authorization: Bearer/);
      const wrong = await fetch(`${s.url}/api/stories`, { method: 'POST', headers: { Authorization: 'Bearer nope' } });
      expect(wrong.status).toBe(403);
      // The right token passes the check; no write route exists yet, so routing answers.
      const right = await fetch(`${s.url}/api/stories`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
      expect(right.status).toBe(404);
    } finally {
      expect(await stopServer(s.child)).toBe(0);
    }
    expect(s.stderr()).toMatch(/stopped/);
  });
});
