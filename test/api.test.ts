import type { ChildProcess } from 'node:child_process';
import { closeSync, copyFileSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleIdForKey, type Article } from '../src/model/article.js';
import type { Annotations } from '../src/model/annotations.js';
import type { StoryDetail, StorySummary, ThreadSummary } from '../src/model/story.js';
import type { StoryReport } from '../src/query/story-report.js';
import type { ArticlePlacement, ArticleSummary, EntityDetail, EntitySummary, LanguageSummary, OutletSummary, SearchHit, StoredQuote } from '../src/store/index.js';
import { runCli, startCli } from './helpers/cli.js';
import { EXAMPLES, SEEDS, tempDir } from './helpers/paths.js';
import { HOSTILE_TITLE, writeHostileArticle } from './helpers/hostile-article.js';

/** A title that would run script if a page put it into HTML unescaped. */

interface Page<T> { items: T[]; next: number | null }
interface ApiErrorBody { error: { status: number; message: string } }

/** Two article URLs whose ids share their first 6 hex characters (found by search, ~5k hashes). */
function collidingUrls(): [string, string] {
  const seen = new Map<string, string>();
  for (let i = 0; ; i++) {
    const url = `https://example.org/notices/${i}`;
    const prefix = articleIdForKey(url).slice(0, 6);
    const other = seen.get(prefix);
    if (other !== undefined) return [other, url];
    seen.set(prefix, url);
  }
}

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
  let twinPrefix: string;
  const seedId = (prefix: string): string => articles.find((a) => path.basename(a.origin).startsWith(prefix))!.id;

  const get = async <T>(route: string): Promise<{ status: number; headers: Headers; body: T }> => {
    // A connection per request: the CLI runs the tests make block this process for seconds, and a
    // kept-alive connection the server closed meanwhile would fail the next request.
    const response = await fetch(`${server.url}${route}`, { headers: { connection: 'close' } });
    return { status: response.status, headers: response.headers, body: (await response.json()) as T };
  };
  /** The CLI's JSON for the same question, to compare the API with. */
  const cliJson = <T>(args: string[]): T => {
    const r = runCli([...args, '--json', '--db', db]);
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as T;
  };
  const storyOf = async (articleId: string): Promise<StoryDetail & { entities: EntitySummary[] }> => {
    const stories = (await get<Page<StorySummary>>('/api/stories?limit=200')).body.items;
    for (const s of stories) {
      const detail = (await get<StoryDetail & { entities: EntitySummary[] }>(`/api/stories/${s.id}`)).body;
      if (detail.articleList.some((a) => a.id === articleId)) return detail;
    }
    throw new Error(`no story holds ${articleId}`);
  };

  beforeAll(async () => {
    const hostile = writeHostileArticle(dir);
    // Two articles whose ids share their first 6 characters: a prefix of 6 is ambiguous.
    const twins = path.join(dir, 'twins.jsonl');
    const [first, second] = collidingUrls();
    writeFileSync(twins, [
      { url: first, title: 'Library reopens after roof repairs', date: '2026-03-05', source: 'Test Wire', text: 'The town library reopened on Thursday after three months of roof repairs. Readers queued before the doors opened, staff said.' },
      { url: second, title: 'Allotment waiting list grows', date: '2026-03-06', source: 'Test Wire', text: 'The waiting list for council allotments has doubled in two years. Gardeners say new plots are needed near the river.' },
    ].map((r) => JSON.stringify(r)).join('\n'));
    twinPrefix = articleIdForKey(first).slice(0, 6);
    for (const input of [SEEDS, path.join(EXAMPLES, 'corpus'), hostile, twins]) {
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
    const { entities, ...detail } = story;
    expect(detail).toEqual(cliJson<StoryDetail>(['story', story.id]));
    expect((await get<StoryDetail>(`/api/stories/${story.id.slice(0, 10)}`)).body).toEqual(story);

    // Its entities are those its articles' annotations name, counted within the story, most widely named first.
    const named = new Map<string, Set<string>>();
    for (const a of story.articleList) {
      const article = (await get<{ annotations: { entities: { canonical: string; type: string }[] } | null }>(`/api/articles/${a.id}`)).body;
      for (const e of article.annotations?.entities ?? []) {
        const key = `${e.type}:${e.canonical}`;
        named.set(key, (named.get(key) ?? new Set()).add(a.id));
      }
    }
    expect(entities.length).toBeGreaterThan(3);
    expect(entities.map((e) => e.articles)).toEqual(entities.map((e) => e.articles).sort((x, y) => y - x));
    // The corpus may merge names into one entity: a count can only grow by that.
    for (const e of entities) expect(e.articles).toBeGreaterThanOrEqual(named.get(`${e.type}:${e.name}`)?.size ?? 0);
    const top = entities[0]!;
    expect(top.articles).toBeLessThanOrEqual(story.articleList.length);
    expect(top.articles).toBeGreaterThanOrEqual(Math.max(...[...named.values()].map((ids) => ids.size)));
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
    const page = (await get<Page<OutletSummary>>('/api/outlets?limit=2&offset=1')).body;
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

  type AnnotatedArticle = Article & { annotations: Annotations | null };
  /** Every story with its articles as the article route serves them: what the filters are checked against. */
  let storiesRead: Promise<{ summary: StorySummary; detail: StoryDetail; articles: AnnotatedArticle[] }[]> | undefined;
  const storiesWithArticles = () => (storiesRead ??= (async () => {
    const all = (await get<Page<StorySummary>>('/api/stories?limit=200')).body.items;
    return Promise.all(all.map(async (summary) => {
      const detail = (await get<StoryDetail>(`/api/stories/${summary.id}`)).body;
      const own = await Promise.all(detail.articleList.map(async (a) => (await get<AnnotatedArticle>(`/api/articles/${a.id}`)).body));
      return { summary, detail, articles: own };
    }));
  })());
  const ids = (stories: { id: string }[]): string[] => stories.map((s) => s.id).sort();
  const names = (e: { name: string; aliases?: string[] }): string[] => [e.name, ...(e.aliases ?? [])];

  it('filters stories by entity: any case, and an alias finds the stories that use the other name', async () => {
    const blinken = (await get<Page<EntitySummary>>('/api/entities?type=person&limit=200')).body.items.find((e) => e.name === 'Antony Blinken')!;
    expect(blinken.aliases).toContain('Anthony Blinken');
    const naming = (await storiesWithArticles())
      .filter((s) => s.articles.some((a) => a.annotations?.entities.some((e) => e.type === 'person' && names(blinken).includes(e.canonical))));
    // Seed 003 spells him Antony, another story Anthony: only the merged names find both.
    const spelledAnthony = naming.filter((s) => s.articles.some((a) => a.annotations?.entities.some((e) => e.canonical === 'Anthony Blinken')));
    expect(spelledAnthony.length).toBeGreaterThan(0);
    expect(naming.length).toBeGreaterThan(spelledAnthony.length);

    const byName = (await get<Page<StorySummary>>(`/api/stories?limit=200&entity=${encodeURIComponent('antony BLINKEN')}`)).body.items;
    expect(ids(byName)).toEqual(ids(naming.map((s) => s.summary)));
    const byAlias = (await get<Page<StorySummary>>(`/api/stories?limit=200&entity=${encodeURIComponent('Anthony Blinken')}`)).body.items;
    expect(byAlias).toEqual(byName);
    expect(byAlias).toEqual(cliJson<StorySummary[]>(['stories', '--limit', '200', '--entity', 'Anthony Blinken']));

    const nobody = await get<Page<StorySummary>>(`/api/stories?entity=${encodeURIComponent('Zebedee Quarrington')}`);
    expect(nobody.status).toBe(200);
    expect(nobody.body.items).toEqual([]);
  });

  it('filters stories by language and says which languages each story is in', async () => {
    const read = await storiesWithArticles();
    for (const s of read) expect([...s.summary.languages].sort()).toEqual([...new Set(s.articles.map((a) => a.language).filter((l) => l !== null))].sort());
    const french = read.filter((s) => s.articles.some((a) => a.language === 'fr'));
    expect(french.length).toBeGreaterThan(0);
    const byLanguage = (await get<Page<StorySummary>>('/api/stories?limit=200&language=FR')).body.items;
    expect(ids(byLanguage)).toEqual(ids(french.map((s) => s.summary)));
    expect(byLanguage).toEqual(cliJson<StorySummary[]>(['stories', '--limit', '200', '--language', 'fr']));
    expect(byLanguage.length).toBeLessThan(read.length);
    expect((await get<ApiErrorBody>('/api/stories?language=french')).body.error.message).toMatch(/^language: expected a language code/);
  });

  it('sorts stories largest first, the same stories as newest first', async () => {
    const newest = (await get<Page<StorySummary>>('/api/stories?limit=200&sort=newest')).body.items;
    expect(newest).toEqual((await get<Page<StorySummary>>('/api/stories?limit=200')).body.items);
    const largest = (await get<Page<StorySummary>>('/api/stories?limit=200&sort=largest')).body.items;
    expect(ids(largest)).toEqual(ids(newest));
    const sizes = largest.map((s) => s.articles);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(sizes[0]).toBeGreaterThan(sizes.at(-1)!);
    expect(largest).toEqual(cliJson<StorySummary[]>(['stories', '--limit', '200', '--sort', 'largest']));
    const firstTwo = (await get<Page<StorySummary>>('/api/stories?limit=2&sort=largest')).body;
    expect(firstTwo.items).toEqual(largest.slice(0, 2));
    expect((await get<ApiErrorBody>('/api/stories?sort=biggest')).body.error.message).toMatch(/^sort: expected one of newest, largest/);
  });

  it("gives each story its coverage per day, summing to its dated articles", async () => {
    for (const { summary, detail } of await storiesWithArticles()) {
      const dated = detail.articleList.filter((a) => a.published !== null);
      expect(summary.coverage.reduce((n, d) => n + d.articles, 0), summary.id).toBe(dated.length);
      const days = summary.coverage.map((d) => d.day);
      expect(days).toEqual([...new Set(days)].sort());
      for (const d of summary.coverage) expect(d.day).toMatch(/^\d{4}-\d\d-\d\d$/);
      const perDay = new Map<string, number>();
      for (const a of dated) perDay.set(a.published!.slice(0, 10), (perDay.get(a.published!.slice(0, 10)) ?? 0) + 1);
      if (dated.every((a) => a.published!.length >= 10)) expect(new Map(summary.coverage.map((d) => [d.day, d.articles]))).toEqual(perDay);
    }
  });

  it('serves an entity: its names, mentions over time, stories and quotes by and about it', async () => {
    const all = await Promise.all(articles.map(async (a) => (await get<AnnotatedArticle>(`/api/articles/${a.id}`)).body));
    const res = await get<EntityDetail>(`/api/entities/${encodeURIComponent('Anthony Blinken')}`);
    expect(res.status).toBe(200);
    const entity = res.body;
    expect(entity).toMatchObject({ name: 'Antony Blinken', type: 'person', aliases: ['Anthony Blinken'] });
    expect((await get<EntityDetail>(`/api/entities/${encodeURIComponent('antony blinken')}`)).body).toEqual(entity);

    const mentionsIn = (a: AnnotatedArticle): number => (a.annotations?.entities ?? []).filter((e) => e.type === 'person' && names(entity).includes(e.canonical)).length;
    const naming = all.filter((a) => mentionsIn(a) > 0);
    expect(entity.articles).toBe(naming.length);
    expect(entity.mentions).toBe(naming.reduce((n, a) => n + mentionsIn(a), 0));
    const dated = naming.filter((a) => a.published !== null);
    expect(entity.mentionsByDay.reduce((n, d) => n + d.mentions, 0)).toBe(dated.reduce((n, a) => n + mentionsIn(a), 0));
    expect(entity.mentionsByDay.map((d) => d.day)).toEqual([...new Set(entity.mentionsByDay.map((d) => d.day))].sort());

    expect(entity.stories).toEqual((await get<Page<StorySummary>>(`/api/stories?entity=${encodeURIComponent('Antony Blinken')}`)).body.items);

    const spoken = all.flatMap((a) => (a.annotations?.quotes ?? []).filter((q) => q.speaker !== null && names(entity).includes(q.speaker)));
    expect(entity.quotesBy.length).toBe(Math.min(spoken.length, 100));
    expect(entity.quotesBy.some((q) => q.text.includes('I do not think you have months'))).toBe(true);
    for (const q of entity.quotesBy) expect(q.speaker).toBe('Antony Blinken');
    const about = naming.flatMap((a) => (a.annotations?.quotes ?? []).filter((q) => q.speaker === null || !names(entity).includes(q.speaker)));
    expect(entity.quotesAbout.length).toBe(Math.min(about.length, 100));
    expect(entity.quotesAbout.length).toBeGreaterThan(0);
    for (const q of entity.quotesAbout) {
      expect(naming.map((a) => a.id)).toContain(q.articleId);
      expect(names(entity)).not.toContain(q.speaker);
    }
  });

  it('finds an entity whose name has spaces and accents, and answers 404 for one no article names', async () => {
    const res = await get<EntityDetail>(`/api/entities/${encodeURIComponent('hélène marchand')}`);
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('Hélène Marchand');
    expect(res.body.articles).toBeGreaterThan(0);
    expect(res.body.stories.length).toBeGreaterThan(0);
    const story = (await get<StoryDetail>(`/api/stories/${res.body.stories[0]!.id}`)).body;
    const texts = await Promise.all(story.articleList.map(async (a) => (await get<AnnotatedArticle>(`/api/articles/${a.id}`)).body));
    expect(texts.some((a) => a.annotations?.entities.some((e) => e.canonical === 'Hélène Marchand'))).toBe(true);

    const unknown = await get<ApiErrorBody>(`/api/entities/${encodeURIComponent('Zebedee Quarrington')}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/no entity named "Zebedee Quarrington"/);
    expect((await get<ApiErrorBody>(`/api/entities/${encodeURIComponent('Antony Blinken')}?type=place`)).status).toBe(404);
    expect((await get<ApiErrorBody>(`/api/entities/${encodeURIComponent('AC/DC')}`)).status).toBe(404);
  });

  it('lists entities whose name contains some characters, any case, % and _ taken literally', async () => {
    const found = (await get<Page<EntitySummary>>('/api/entities?query=BLINK&limit=200')).body.items;
    expect(found.find((e) => e.name === 'Antony Blinken')?.aliases).toEqual(['Anthony Blinken']);
    for (const e of found) expect(e.name.toLowerCase()).toContain('blink');
    const everyone = (await get<Page<EntitySummary>>('/api/entities?limit=200')).body.items;
    expect(found.length).toBeLessThan(everyone.length);
    for (const wildcard of ['%', '_']) {
      for (const e of (await get<Page<EntitySummary>>(`/api/entities?query=${encodeURIComponent(wildcard)}&limit=200`)).body.items) expect(e.name).toContain(wildcard);
    }
  });

  it('lists the languages of the stored articles, most articles first', async () => {
    const { status, body } = await get<{ items: LanguageSummary[] }>('/api/languages');
    expect(status).toBe(200);
    const counts = new Map<string, number>();
    for (const a of articles) if (a.language !== null) counts.set(a.language, (counts.get(a.language) ?? 0) + 1);
    expect(new Map(body.items.map((l) => [l.language, l.articles]))).toEqual(counts);
    expect(body.items.map((l) => l.language)).toEqual(expect.arrayContaining(['en', 'fr']));
    expect(body.items.map((l) => l.articles)).toEqual([...body.items.map((l) => l.articles)].sort((a, b) => b - a));
  });

  it('answers an id prefix several articles share with a 400 saying so', async () => {
    const twins = articles.filter((a) => a.id.startsWith(twinPrefix));
    expect(twins).toHaveLength(2);
    for (const route of [`/api/articles/${twinPrefix}`, `/api/stories/${twinPrefix}`, `/api/quotes?story=${twinPrefix}`]) {
      const res = await get<ApiErrorBody>(route);
      expect(res.status, route).toBe(400);
      expect(res.body.error.message, route).toMatch(new RegExp(`article id prefix "${twinPrefix}" is ambiguous.*give more characters`));
    }
    let distinct = 7;
    while (twins[0]!.id.slice(0, distinct) === twins[1]!.id.slice(0, distinct)) distinct++;
    expect((await get<Article>(`/api/articles/${twins[1]!.id.slice(0, distinct)}`)).body.id).toBe(twins[1]!.id);
  });

  it('documents every route in an OpenAPI 3.1 document', async () => {
    const { status, body } = await get<{ openapi: string; info: { title: string }; paths: Record<string, Record<string, { responses: Record<string, unknown>; parameters?: { name: string }[] }>> }>('/api/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\.1\./);
    expect(body.info.title).toBeTruthy();
    const routes = ['/api/stories', '/api/stories/{id}', '/api/stories/{id}/report', '/api/threads', '/api/articles/{id}', '/api/entities', '/api/entities/{name}',
      '/api/languages', '/api/outlets', '/api/quotes', '/api/search', '/api/health'];
    // Other route files (ingestion) document theirs too; these are the read routes.
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(routes));
    for (const route of routes) expect(body.paths[route]!.get!.responses).toHaveProperty('200');
    expect(body.paths['/api/stories']!.get!.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['limit', 'offset', 'since', 'until', 'outlet', 'query', 'entity', 'language', 'sort']));
    expect(body.paths['/api/entities']!.get!.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['type', 'query']));
    expect(body.paths['/api/entities/{name}']!.get!.responses).toHaveProperty('404');
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
