import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoryDetail, StorySummary } from '../src/model/story.js';
import { ingestFiles } from '../src/pipeline.js';
import { createApi } from '../src/server/api.js';
import { IngestJobs, sanitiseUploadName, type IngestJobSnapshot } from '../src/server/ingest-jobs.js';
import { openStore, type Store } from '../src/store/index.js';
import { SITE_ARTICLES, rssFeed, startNewsSite } from './helpers/news-site.js';
import { EXAMPLES, SEEDS, seedPath, tempDir } from './helpers/paths.js';
import type { TestWebServer } from './helpers/web-server.js';

/** POST /api/ingest and its job API, against a real server on 127.0.0.1 and a real SQLite store. */

interface ApiErrorBody { error: { status: number; message: string } }
interface Accepted { id: string; state: string; inputs: string[]; events: string }
interface SseEvent { event: string; data: unknown }

const MB = 1024 * 1024;
/** Small enough that a test can go over it cheaply; the demo corpus and the seeds fit under it. */
const UPLOAD_CAP = 2 * MB;
/** Fetch politeness off for the test site on 127.0.0.1. */
const FAST_WEB = { allowPrivate: true, ignoreRobots: false, hostDelay: 0, timeout: 10, maxSize: 16 };

interface TestServer {
  url: string;
  jobs: IngestJobs;
  close(): Promise<void>;
}

async function startApi(store: Store, options: { token?: string } = {}): Promise<TestServer> {
  const jobs = new IngestJobs(store, { web: FAST_WEB, logError: () => {} });
  const app = createApi(store, { ingestJobs: jobs, maxUploadBytes: UPLOAD_CAP, logError: () => {}, ...options });
  const { server, port } = await new Promise<{ server: ServerType; port: number }>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => resolve({ server: s, port: info.port }));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    jobs,
    close: async () => {
      await jobs.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as http.Server).closeAllConnections();
      });
    },
  };
}

/** Every file under `dir`, in the order `storyline ingest DIR` reads them (names sorted, depth first). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).sort().filter((n) => !n.startsWith('.')).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** A multipart form of files, each named by its path relative to `root` (as a browser names a folder's files). */
function formOf(files: readonly { file: string; root: string }[]): FormData {
  const form = new FormData();
  for (const { file, root } of files) form.append('files', new Blob([readFileSync(file)]), path.relative(root, file));
  return form;
}

/** Reads a server-sent event stream to its end. */
async function readEvents(url: string, signal?: AbortSignal): Promise<SseEvent[]> {
  const response = await fetch(url, { ...(signal ? { signal } : {}) });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: SseEvent[] = [];
  let buffer = '';
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      if (event) events.push({ event, data: JSON.parse(data) as unknown });
    }
  }
  return events;
}

async function post(server: TestServer, body: FormData | object | string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const init: RequestInit = body instanceof FormData
    ? { method: 'POST', body, headers }
    : { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers } };
  const response = await fetch(`${server.url}/api/ingest`, init);
  return { status: response.status, body: await response.json() };
}

async function getJson<T>(server: TestServer, route: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}${route}`);
  return { status: response.status, body: (await response.json()) as T };
}

/** Starts an ingest and follows its event stream to the end; the job as GET gives it afterwards. */
async function ingest(server: TestServer, body: FormData | object): Promise<{ accepted: Accepted; events: SseEvent[]; job: IngestJobSnapshot }> {
  const r = await post(server, body);
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  const accepted = r.body as Accepted;
  const events = await readEvents(`${server.url}${accepted.events}`);
  const job = (await getJson<IngestJobSnapshot>(server, `/api/ingest/${accepted.id}`)).body;
  return { accepted, events, job };
}

/** Each story as the sorted titles of its articles: comparable across stores whose article ids differ. */
async function storiesByTitle(list: () => Promise<StorySummary[]>, detail: (id: string) => Promise<StoryDetail>): Promise<string[][]> {
  const stories = await list();
  const grouped = await Promise.all(stories.map(async (s) => (await detail(s.id)).articleList.map((a) => a.title ?? a.url ?? '').sort()));
  return grouped.sort((a, b) => a.join('|').localeCompare(b.join('|')));
}

/** A seed's text dump served as a plain HTML page, each line a paragraph. */
function seedPage(prefix: string): string {
  const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const lines = readFileSync(seedPath(prefix), 'utf8').split('\n').filter((l) => l.trim());
  return `<!doctype html><html><head><meta charset="utf-8"></head><body><article>${lines.map((l) => `<p>${escape(l)}</p>`).join('')}</article></body></html>`;
}

const uploadDirs = (): string[] => readdirSync(os.tmpdir()).filter((n) => n.startsWith('storyline-upload-'));

describe('POST /api/ingest', () => {
  const dir = tempDir('storyline-api-ingest-');
  let store: Store;
  let server: TestServer;
  let site: TestWebServer;

  beforeAll(async () => {
    store = await openStore(path.join(dir, 'served.db'));
    server = await startApi(store);
    site = await startNewsSite();
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
    await site?.close();
  });

  it('takes the seeds and the demo corpus as uploads, reports progress as events, and stores what `storyline ingest` stores', async () => {
    const corpus = path.join(EXAMPLES, 'corpus');
    const uploads = [...filesUnder(SEEDS).filter((f) => f.endsWith('.txt')).map((file) => ({ file, root: SEEDS })), ...filesUnder(corpus).map((file) => ({ file, root: corpus }))];
    const { accepted, events, job } = await ingest(server, formOf(uploads));
    expect(accepted.inputs).toEqual(uploads.map((u) => `upload/${path.relative(u.root, u.file)}`));

    // The stream: the state first, throttled progress, and the final job last, equal to what GET gives.
    expect(events[0]!.event).toBe('progress');
    expect(events.at(-1)!.event).toBe('done');
    expect(events.at(-1)!.data).toEqual(job);
    const progress = events.filter((e) => e.event === 'progress');
    expect(progress.length).toBeGreaterThan(1);
    // At most 10 a second, after the state sent on connecting.
    const runTime = Date.parse(job.finishedAt!) - Date.parse(job.startedAt!);
    expect(progress.length).toBeLessThanOrEqual(Math.floor(runTime / 100) + 2);
    const reads = progress.map((e) => (e.data as IngestJobSnapshot).tally.read);
    expect(reads).toEqual([...reads].sort((a, b) => a - b));
    // Reading, then placing into stories; the finished job is in neither stage.
    const stages = progress.map((e) => (e.data as IngestJobSnapshot).stage);
    expect(stages).toContain('linking');
    expect(stages.slice(stages.indexOf('linking'))).not.toContain('reading');
    expect(stages.slice(1, stages.indexOf('linking'))).toEqual(stages.slice(1, stages.indexOf('linking')).map(() => 'reading'));
    expect(job.stage).toBeNull();

    // The same articles and stories as the pipeline makes of the same files on disk.
    const reference = await openStore(path.join(dir, 'reference.db'));
    try {
      const expected = await ingestFiles([SEEDS, corpus], reference);
      expect(job.state).toBe('done');
      expect(job.summary).toMatchObject({ read: expected.read, stored: expected.stored, failed: expected.failed, linked: expected.linked, newStories: expected.newStories, stopped: false });
      expect(job.tally.stored).toBe(expected.stored);
      const titles = async (s: Store) => (await s.listArticles({ limit: 1000 })).map((a) => a.title).sort();
      expect(await titles(store)).toEqual(await titles(reference));
      const served = await storiesByTitle(
        async () => (await getJson<{ items: StorySummary[] }>(server, '/api/stories?limit=200')).body.items,
        async (id) => (await getJson<StoryDetail>(server, `/api/stories/${id}`)).body,
      );
      expect(served).toEqual(await storiesByTitle(() => reference.listStories({ limit: 200 }), async (id) => (await reference.getStory(id))!));
    } finally {
      await reference.close();
    }

    // Each article the job names is served, from its upload origin rather than a temporary path.
    expect(job.summary!.articles).toHaveLength(job.summary!.stored + job.summary!.newVersions + job.summary!.unchanged);
    const seed = (await store.listArticles({ limit: 1000 })).find((a) => a.origin === `upload/${path.basename(seedPath('003'))}`)!;
    expect(job.summary!.articles.map((a) => a.id)).toContain(seed.id);
    const article = await getJson<{ id: string; title: string; placement: { storyId: string } }>(server, `/api/articles/${seed.id}`);
    expect(article.status).toBe(200);
    expect(article.body.title).toBe(seed.title);
    expect((await getJson<StoryDetail>(server, `/api/stories/${article.body.placement.storyId}`)).body.articleList.map((a) => a.id)).toContain(seed.id);
    expect(uploadDirs()).toEqual([]);

    // The same file again is found stored, not stored twice.
    const again = await ingest(server, formOf([{ file: seedPath('003'), root: SEEDS }]));
    expect(again.job.summary).toMatchObject({ read: 1, stored: 0, unchanged: 1, articles: [{ id: seed.id, outcome: 'unchanged' }] });
  });

  it('fetches URLs from a site on 127.0.0.1: a seed page and an RSS feed, warning about a feed cut short', async () => {
    site.route('/seed/004', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(seedPage('004'));
    });
    const whole = rssFeed(site.origin, SITE_ARTICLES.slice(0, 3));
    site.route('/cut-feed.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(whole.slice(0, whole.lastIndexOf('<item>') + 30));
    });
    const urls = [site.url('/seed/004'), site.url('/rss.xml'), site.url('/cut-feed.xml')];
    const { events, job } = await ingest(server, { urls });
    expect(job.inputs).toEqual(urls);
    expect(job.summary, JSON.stringify(job.summary?.failures)).toMatchObject({ stored: SITE_ARTICLES.length + 1, failed: 0 });
    const warning = events.find((e) => e.event === 'warning');
    expect(warning?.data).toEqual({ url: site.url('/cut-feed.xml'), message: expect.stringMatching(/malformed XML/) });
    expect(job.warnings).toEqual([warning!.data]);

    const stored = await store.listArticles({ limit: 1000 });
    for (const a of SITE_ARTICLES) expect(stored.map((s) => s.origin)).toContain(site.url(a.path));
    const seedArticle = stored.find((s) => s.origin === site.url('/seed/004'))!;
    expect(job.summary!.articles.map((a) => a.id)).toContain(seedArticle.id);
    // Linked into a story the API serves.
    const placement = (await getJson<{ placement: { storyId: string } | null }>(server, `/api/articles/${seedArticle.id}`)).body.placement;
    expect(placement).not.toBeNull();
    expect((await getJson<StoryDetail>(server, `/api/stories/${placement!.storyId}`)).body.articleList.map((a) => a.id)).toContain(seedArticle.id);
  });

  it('refuses an upload over the cap with a 413 naming it, whether the size is declared or not, and stores nothing', async () => {
    const before = (await getJson<{ counts: unknown }>(server, '/api/health')).body.counts;
    const big = new Uint8Array(UPLOAD_CAP + MB).fill(0x61);
    const declared = new FormData();
    declared.append('files', new Blob([big]), 'big.txt');
    const r = await post(server, declared);
    expect(r.status).toBe(413);
    expect((r.body as ApiErrorBody).error.message).toMatch(/cap of 2 MB.*--max-upload/);

    // Sent in chunks without a Content-Length: counted as it arrives.
    const chunks = [new TextEncoder().encode('{"urls": ["'), big, new TextEncoder().encode('"]}')];
    const streamed = await fetch(`${server.url}/api/ingest`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: new ReadableStream({ pull(c) { const next = chunks.shift(); if (next) c.enqueue(next); else c.close(); } }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as ApiErrorBody).error.message).toMatch(/cap of 2 MB/);
    expect((await getJson<{ counts: unknown }>(server, '/api/health')).body.counts).toEqual(before);
    expect(uploadDirs()).toEqual([]);
  });

  it('answers malformed requests with a 400 naming the input, before anything is queued or written', async () => {
    const jobsBefore = (await getJson<{ items: unknown[] }>(server, '/api/ingest')).body.items.length;
    const message = (r: { body: unknown }): string => (r.body as ApiErrorBody).error.message;

    const malformed = await post(server, '{"urls": [');
    expect(malformed.status).toBe(400);
    expect(message(malformed)).toMatch(/^request body: not valid JSON/);
    const wrongShape = await post(server, { url: 'https://news.example/' });
    expect(wrongShape.status).toBe(400);
    expect(message(wrongShape)).toMatch(/expected \{"urls"/);
    const none = await post(server, { urls: [] });
    expect(none.status).toBe(400);
    expect(message(none)).toMatch(/nothing to ingest/);
    const ftp = await post(server, { urls: [site.url('/rss.xml'), 'ftp://127.0.0.1/news.html'] });
    expect(ftp.status).toBe(400);
    expect(message(ftp)).toBe('urls[1]: only http:// and https:// URLs can be fetched, got "ftp://127.0.0.1/news.html"');
    const notUrl = await post(server, { urls: ['news.example/rss'] });
    expect(message(notUrl)).toMatch(/^urls\[0\]: expected an http:\/\/ or https:\/\/ URL, got "news.example\/rss"/);

    const pdf = new FormData();
    pdf.append('files', new Blob([readFileSync(seedPath('000'))]), 'seed.txt');
    pdf.append('files', new Blob(['%PDF-1.4']), 'report.pdf');
    const unsupported = await post(server, pdf);
    expect(unsupported.status).toBe(400);
    expect(message(unsupported)).toMatch(/^files\[1\]: "report\.pdf" is not a file type Storyline reads \(\.html/);
    const empty = new FormData();
    empty.append('files', new Blob([]), 'blank.html');
    expect(message(await post(server, empty))).toBe('files[0]: "blank.html" is empty');
    const noFiles = new FormData();
    noFiles.append('note', 'hello');
    expect(message(await post(server, noFiles))).toMatch(/nothing to ingest/);
    const clash = new FormData();
    clash.append('files', new Blob([readFileSync(seedPath('000'))]), 'page.txt');
    clash.append('files', new Blob([readFileSync(seedPath('001'))]), 'page.txt/inner.txt');
    const clashed = await post(server, clash);
    expect(clashed.status).toBe(400);
    expect(message(clashed)).toMatch(/^files\[1\]: "page\.txt\/inner\.txt" has the name of a folder or file another upload/);
    const text = await fetch(`${server.url}/api/ingest`, { method: 'POST', body: 'https://news.example/', headers: { 'Content-Type': 'text/plain' } });
    expect(text.status).toBe(415);
    expect(((await text.json()) as ApiErrorBody).error.message).toMatch(/expected application\/json .* or multipart\/form-data/);

    expect((await getJson<{ items: unknown[] }>(server, '/api/ingest')).body.items).toHaveLength(jobsBefore);
    expect(uploadDirs()).toEqual([]);
  });

  it('lists unreadable uploads in the summary with their reason, stores the rest and loses nothing stored', async () => {
    const articlesBefore = (await store.listArticles({ limit: 1000 })).map((a) => a.id);
    const form = new FormData();
    form.append('files', new Blob(['this is not gzip data']), 'broken.html.gz');
    // Seed 004 again, in UTF-16 with a byte-order mark instead of UTF-8.
    form.append('files', new Blob([Buffer.from(`\uFEFF${readFileSync(seedPath('004'), 'utf8')}`, 'utf16le')]), 'utf16.txt');
    form.append('files', new Blob(['{"id": 1, "title": "no text"}\n{"broken']), 'records.jsonl');
    form.append('files', new Blob([readFileSync(seedPath('002'))]), 'seed-002-copy.txt');
    const { job } = await ingest(server, form);
    expect(job.state).toBe('done');
    const failures = job.summary!.failures;
    expect(failures).toEqual(expect.arrayContaining([
      { origin: 'upload/broken.html.gz', reason: expect.stringMatching(/gzip/) },
      { origin: 'upload/records.jsonl:2', reason: expect.stringMatching(/invalid JSON/) },
      { origin: 'upload/records.jsonl#1', reason: expect.stringMatching(/text.*html/) },
    ]));
    // The UTF-16 dump is decoded into the same article text as the UTF-8 one uploaded before.
    const all = await store.listArticles({ limit: 1000 });
    const text = async (origin: string): Promise<string> => {
      const id = all.find((a) => a.origin === origin)!.id;
      return (await getJson<{ blocks: { text: string }[] }>(server, `/api/articles/${id}`)).body.blocks.map((b) => b.text).join('\n');
    };
    expect(await text('upload/utf16.txt')).toBe(await text(`upload/${path.basename(seedPath('004'))}`));
    // Every upload is either stored or reported.
    const origins = all.map((a) => a.origin);
    for (const input of job.inputs) expect(origins.includes(input) || failures.some((f) => f.origin.startsWith(input))).toBe(true);
    expect(origins).toEqual(expect.arrayContaining(['upload/utf16.txt', 'upload/seed-002-copy.txt']));
    expect(all.map((a) => a.id)).toEqual(expect.arrayContaining(articlesBefore));
  });

  it('writes a hostile file name inside its own directory only, under a clean name', async () => {
    const marker = `storyline-escape-${process.pid}-${Date.now()}`;
    const form = new FormData();
    form.append('files', new Blob([readFileSync(seedPath('001'))]), `../../${marker}.txt`);
    form.append('files', new Blob([readFileSync(seedPath('004'))]), `${'x'.repeat(400)}\u0000;rm -rf ~.txt`);
    const { accepted, job } = await ingest(server, form);
    expect(accepted.inputs[0]).toBe(`upload/${marker}.txt`);
    const long = accepted.inputs[1]!;
    expect(long).toMatch(/^upload\/x+\.txt$/);
    expect(long.length).toBeLessThanOrEqual('upload/'.length + 120);
    expect(job.summary!.stored + job.summary!.unchanged).toBe(2);
    for (const p of [os.tmpdir(), path.dirname(os.tmpdir()), process.cwd(), path.dirname(process.cwd())]) expect(existsSync(path.join(p, `${marker}.txt`))).toBe(false);
    expect(uploadDirs()).toEqual([]);

    expect(sanitiseUploadName('/etc/passwd')).toBe('etc/passwd');
    expect(sanitiseUploadName('..\\..\\windows\\win.ini')).toBe('windows/win.ini');
    expect(sanitiseUploadName('a/b/c/d/e/page.HTML.gz')).toBe('c/d/e/page.HTML.gz');
    expect(sanitiseUploadName('....')).toBe('upload');
    expect(sanitiseUploadName('a\u0000b; rm -rf ~.txt')).toBe('ab_rm_-rf_.txt');
  });

  it('refuses writes from pages of other sites, and lets the server’s own pages through', async () => {
    const evil = await post(server, { urls: [site.url('/rss.xml')] }, { Origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    expect((evil.body as ApiErrorBody).error.message).toMatch(/comes from http:\/\/evil\.example/);
    const opaque = await post(server, { urls: [site.url('/rss.xml')] }, { Origin: 'null' });
    expect(opaque.status).toBe(403);
    const crossSite = await post(server, { urls: [site.url('/rss.xml')] }, { 'Sec-Fetch-Site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const spoofed = await post(server, { urls: [site.url('/rss.xml')] }, { Origin: server.url, 'Sec-Fetch-Site': 'cross-site' });
    expect(spoofed.status).toBe(403);
    const otherPort = await post(server, { urls: [site.url('/rss.xml')] }, { Origin: site.origin });
    expect(otherPort.status).toBe(403);
    const own = await post(server, { urls: [site.url('/rss.xml')] }, { Origin: server.url, 'Sec-Fetch-Site': 'same-origin' });
    expect(own.status).toBe(202);
    const events = await readEvents(`${server.url}${(own.body as Accepted).events}`);
    expect(events.at(-1)!.event).toBe('done');
  });

  it('runs jobs one after the other; a late subscriber gets the outcome at once; jobs are listed newest first', async () => {
    // A page that takes a moment, so the second job is submitted while the first runs.
    site.route('/slow', (_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(seedPage('000'));
      }, 600);
    });
    const first = await post(server, { urls: [site.url('/slow')] });
    const second = await post(server, { urls: [site.url('/rss.xml')] });
    expect((first.body as Accepted).state).toBe('running');
    expect((second.body as Accepted).state).toBe('queued');
    const queued = await getJson<IngestJobSnapshot>(server, `/api/ingest/${(second.body as Accepted).id}`);
    expect(queued.body).toMatchObject({ state: 'queued', startedAt: null, summary: null });
    const [a, b] = await Promise.all([first, second].map((r) => readEvents(`${server.url}${(r.body as Accepted).events}`)));
    const doneA = a!.at(-1)!.data as IngestJobSnapshot;
    const doneB = b!.at(-1)!.data as IngestJobSnapshot;
    expect(doneA.state).toBe('done');
    expect(doneB.state).toBe('done');
    expect(doneB.startedAt! >= doneA.finishedAt!).toBe(true);
    expect(b![0]!.event).toBe('progress');
    expect((b![0]!.data as IngestJobSnapshot).state).toBe('queued');

    const late = await readEvents(`${server.url}${(first.body as Accepted).events}`);
    expect(late.map((e) => e.event)).toEqual(['done']);
    expect(late[0]!.data).toEqual(doneA);

    const list = (await getJson<{ items: IngestJobSnapshot[] }>(server, '/api/ingest')).body.items;
    expect(list.slice(0, 2).map((j) => j.id)).toEqual([(second.body as Accepted).id, (first.body as Accepted).id]);
    expect((await getJson<ApiErrorBody>(server, '/api/ingest/0123456789abcdef')).status).toBe(404);
    const badId = await getJson<ApiErrorBody>(server, '/api/ingest/nope/events');
    expect(badId.status).toBe(400);
    expect(badId.body.error.message).toMatch(/^id: expected an ingest job id/);
  });

  it('keeps running a job whose event stream the client dropped', async () => {
    site.route('/slow-2', (_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(seedPage('002'));
      }, 400);
    });
    const r = await post(server, { urls: [site.url('/slow-2')] });
    const gone = new AbortController();
    const reading = readEvents(`${server.url}${(r.body as Accepted).events}`, gone.signal).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 100));
    gone.abort();
    expect(await reading).toBeInstanceOf(Error);
    const events = await readEvents(`${server.url}${(r.body as Accepted).events}`);
    expect(events.at(-1)!.event).toBe('done');
  });

  it('documents the ingest routes in the OpenAPI document', async () => {
    const doc = (await getJson<{ paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }>(server, '/api/openapi.json')).body;
    expect(Object.keys(doc.paths['/api/ingest']!).sort()).toEqual(['get', 'post']);
    expect(doc.paths['/api/ingest']!.post!.responses).toHaveProperty('413');
    expect(doc.paths['/api/ingest/{id}']!.get!.responses).toHaveProperty('200');
    expect(doc.paths['/api/ingest/{id}/events']!.get!.responses).toHaveProperty('200');
  });
});

describe('POST /api/ingest with a token, and at shutdown', () => {
  const dir = tempDir('storyline-api-ingest-token-');
  let site: TestWebServer;
  beforeAll(async () => {
    site = await startNewsSite();
  });
  afterAll(async () => {
    await site?.close();
  });

  it('needs the token: 401 without it, and the request is read with it', async () => {
    const store = await openStore(path.join(dir, 'token.db'));
    const server = await startApi(store, { token: 'ingest-token-5e1' });
    try {
      const anonymous = await post(server, { urls: [site.url('/rss.xml')] });
      expect(anonymous.status).toBe(401);
      const authorised = await post(server, { urls: [] }, { Authorization: 'Bearer ingest-token-5e1' });
      expect(authorised.status).toBe(400);
      expect((await getJson<{ items: unknown[] }>(server, '/api/ingest')).body.items).toEqual([]);
    } finally {
      await server.close();
      await store.close();
    }
  });

  it('stops cleanly: the running job stores what it read and ends its stream, waiting ones fail, the store stays whole', async () => {
    const db = path.join(dir, 'shutdown.db');
    const store = await openStore(db);
    const server = await startApi(store);
    let released = (): void => {};
    const hold = new Promise<void>((resolve) => (released = resolve));
    site.route('/held', (_req, res) => {
      void hold.then(() => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(seedPage('003'));
      });
    });
    try {
      const running = await post(server, { urls: [site.url('/held'), site.url('/rss.xml')] });
      const waiting = await post(server, { urls: [site.url('/rss.xml')] });
      const streams = [running, waiting].map((r) => readEvents(`${server.url}${(r.body as Accepted).events}`));
      // Wait until the held page is being fetched, then stop; it arrives within the grace period.
      for (let i = 0; i < 500 && site.hits('/held') === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      const closing = server.jobs.close();
      setTimeout(released, 200);
      await closing;
      const [ran, waited] = await Promise.all(streams);
      const last = ran!.at(-1)!;
      expect(last.event).toBe('done');
      expect((last.data as IngestJobSnapshot).summary, JSON.stringify(last.data)).toMatchObject({ stopped: true, stored: 1 });
      expect(waited!.at(-1)).toMatchObject({ event: 'failed', data: { message: expect.stringMatching(/server stopped before this ingest started/) } });
      expect(site.hits('/rss.xml')).toBe(0);
      const refused = await post(server, { urls: [site.url('/rss.xml')] });
      expect(refused.status).toBe(503);
    } finally {
      await server.close();
      await store.close();
    }
    const reopened = await openStore(db);
    try {
      const articles = await reopened.listArticles();
      expect(articles.map((a) => a.origin)).toEqual([site.url('/held')]);
      expect(await reopened.getStory(articles[0]!.id)).not.toBeNull();
    } finally {
      await reopened.close();
    }
  });
});
