import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ArticleSchema, articleText, type ExtractedArticle } from '../src/model/article.js';
import type { Document } from '../src/model/document.js';
import type { Annotations, EntityType } from '../src/model/annotations.js';
import { articleIdForKey } from '../src/model/article.js';
import { annotateArticle } from '../src/pipeline.js';
import { ArticleIdPrefixError, openStore, type ArticleToSave, type Store, type StoredDocument } from '../src/store/index.js';
import { publishedSortKey } from '../src/text/dates.js';
import { wordTokens } from '../src/text/tokens.js';
import { REPO, SEEDS, tempDir } from './helpers/paths.js';
import { storeBackends, TEST_POSTGRES_URL, type StoreBackend, closedPort } from './helpers/store-backends.js';

// ── fixtures: real seed texts, turned into articles the way a simple extractor would ──────────

interface Seed { name: string; text: string; bytes: Uint8Array }

const seeds: Seed[] = fs.readdirSync(SEEDS)
  .filter((name) => name.endsWith('.txt'))
  .sort()
  .map((name) => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(SEEDS, name)));
    return { name, bytes, text: new TextDecoder().decode(bytes) };
  });

const FETCHED_AT = '2024-01-02T03:04:05Z';
const PUBLISHED_DATES = ['2023-11-16T03:53', '2023-11-16', '2023-12-04T10:00:00+02:00', null, '2023-11-20'];

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function documentOf(bytes: Uint8Array, origin: string, url: string | null = null): Document {
  return { bytes, origin, url, fetchedAt: FETCHED_AT, contentType: 'text/plain', declaredCharset: null, contentHash: sha256(bytes) };
}

/** First line as headline, second as standfirst, every further non-empty line a paragraph. */
function articleFrom(text: string, options: { outlet?: string; published?: string | null; title?: string } = {}): ExtractedArticle {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  const published = options.published ?? null;
  // With a title given, every line is text; otherwise the first line is the headline.
  const textLines = options.title === undefined ? lines.slice(1) : lines;
  return {
    url: null,
    canonicalUrl: null,
    outlet: { name: options.outlet ?? 'Al Mayadeen English', domain: 'english.almayadeen.net' },
    title: options.title ?? lines[0] ?? null,
    titleOrigin: 'found',
    standfirst: textLines[0] ?? null,
    byline: ['Al Mayadeen English'],
    published: published === null ? null : {
      value: published,
      precision: published.length === 10 ? 'day' : published.length === 16 ? 'minute' : 'second',
      hasTimeZone: /[+-]\d\d:\d\d$|Z$/.test(published),
    },
    language: 'en',
    blocks: textLines.slice(1).map((line) => ({ kind: 'paragraph' as const, text: line })),
    tags: ['Gaza'],
    citedSources: [{ name: 'NBC News', line: 'Source: NBC News' }],
    extraction: { method: 'text-clean', confidence: 0.8, notes: ['built by the store test'] },
  };
}

/** Stores test the store: an article says nothing unless a test gives it annotations. */
const NO_ANNOTATIONS: Annotations = { entities: [], quotes: [], citations: [] };

function seedItem(seed: Seed, index: number): ArticleToSave {
  const origin = path.join(SEEDS, seed.name);
  const article = articleFrom(seed.text, { published: PUBLISHED_DATES[index % PUBLISHED_DATES.length] ?? null, outlet: index % 2 ? 'Other Outlet' : undefined });
  return { key: origin, document: documentOf(seed.bytes, origin), article, annotations: annotateArticle(article) };
}

/** The seed's bytes with a marker appended: distinct bytes, same realistic text. */
function variant(seed: Seed, marker: string): Uint8Array {
  return new Uint8Array(Buffer.concat([seed.bytes, Buffer.from(`\n${marker}\n`)]));
}

const allSeedItems = (): ArticleToSave[] => seeds.map(seedItem);

// ── helpers ──────────────────────────────────────────────────────────────────────────────────

const dir = tempDir('storyline-store-');
const openStores: Store[] = [];
/** SQLite, and PostgreSQL when reachable (see test/helpers/store-backends.ts). */
const backends = await storeBackends();
const postgres = backends.find((b) => b.name === 'PostgreSQL')!;

/** A new, empty store on `backend`, closed after the test. */
async function freshStore(backend: StoreBackend): Promise<{ store: Store; file: string }> {
  const file = await backend.newLocation();
  const store = await openStore(file);
  openStores.push(store);
  return { store, file };
}

afterEach(async () => {
  for (const store of openStores.splice(0)) await store.close();
});

async function allDocuments(store: Store): Promise<StoredDocument[]> {
  const out: StoredDocument[] = [];
  for await (const d of store.documents()) out.push(d);
  return out;
}

/** Everything observable about a store, for before/after comparisons. */
async function snapshot(store: Store, searchWords: string[]) {
  const list = await store.listArticles();
  return {
    counts: await store.counts(),
    list,
    articles: await Promise.all(list.map((a) => store.getArticle(a.id))),
    documents: (await allDocuments(store)).map((d) => ({ ...d, document: { ...d.document, bytes: sha256(d.document.bytes) } })),
    searches: await Promise.all(searchWords.map((w) => store.searchArticles(w))),
  };
}

/** Long words of `a` that never occur in `b` (lower-cased). */
function wordsOnlyIn(a: string, b: string): string[] {
  const inB = new Set(wordTokens(b));
  return [...new Set(wordTokens(a))].filter((w) => w.length >= 7 && !inB.has(w) && /^\p{L}+$/u.test(w));
}

/** Every test of the Store interface, run on each backend. */
function storeTests(backend: StoreBackend): void {
  const freshStoreHere = () => freshStore(backend);
  // ── tests ────────────────────────────────────────────────────────────────────────────────────

  describe('store: save and read back', () => {
    it('stores each seed as a new article and reads it back exactly, validated', async () => {
      expect(seeds.length).toBeGreaterThanOrEqual(5);
      const { store } = await freshStoreHere();
      const items = allSeedItems();
      const results = await store.saveArticles(items);
      expect(results.map((r) => r.outcome)).toEqual(items.map(() => 'stored'));
      expect(results.map((r) => r.version)).toEqual(items.map(() => 1));
      expect(await store.counts()).toEqual({ articles: items.length, versions: items.length, documents: items.length });

      for (const [i, item] of items.entries()) {
        const id = createHash('sha256').update(item.key).digest('hex').slice(0, 16);
        expect(results[i]!.articleId).toBe(id);
        expect(articleIdForKey(item.key)).toBe(id);
        const article = await store.getArticle(id);
        expect(article).toEqual({ ...item.article, id, version: 1, documentHash: item.document.contentHash, origin: item.document.origin });
        expect(ArticleSchema.safeParse(article).success).toBe(true);
      }
    });

    it('lists current articles newest published first, undated last, with the listing columns', async () => {
      const { store } = await freshStoreHere();
      const items = allSeedItems();
      await store.saveArticles(items);
      const list = await store.listArticles();
      expect(list).toHaveLength(items.length);

      const expectedOrder = [...items]
        .map((item) => ({ id: articleIdForKey(item.key), key: item.article.published ? publishedSortKey(item.article.published) : null }))
        .sort((a, b) => (a.key === null ? 1 : b.key === null ? -1 : b.key - a.key))
        .map((a) => a.id);
      expect(list.map((a) => a.id)).toEqual(expectedOrder);

      for (const summary of list) {
        const item = items.find((i) => articleIdForKey(i.key) === summary.id)!;
        expect(summary).toMatchObject({
          version: 1,
          title: item.article.title,
          outletName: item.article.outlet.name,
          outletDomain: item.article.outlet.domain,
          published: item.article.published?.value ?? null,
          language: 'en',
          origin: item.document.origin,
          wordCount: wordTokens(articleText(item.article)).length,
        });
        expect(summary.wordCount).toBeGreaterThan(50);
        expect(Number.isNaN(Date.parse(summary.storedAt))).toBe(false);
      }

      const other = await store.listArticles({ outlet: 'OTHER outlet' });
      expect(other.map((a) => a.id).sort()).toEqual(items.filter((i) => i.article.outlet.name === 'Other Outlet').map((i) => articleIdForKey(i.key)).sort());
      expect((await store.listArticles({ outlet: 'English.Almayadeen.NET' })).length).toBe(items.length);
      expect(await store.listArticles({ outlet: 'nobody' })).toEqual([]);
      expect((await store.listArticles({ limit: 2, offset: 1 })).map((a) => a.id)).toEqual(expectedOrder.slice(1, 3));
      expect((await store.listArticles({ offset: 3 })).map((a) => a.id)).toEqual(expectedOrder.slice(3));
    });

    it('keeps the same document saved twice as one article: unchanged, nothing written', async () => {
      const { store } = await freshStoreHere();
      const items = allSeedItems();
      const first = await store.saveArticles(items);
      const before = await store.counts();
      const again = await store.saveArticles(items);
      expect(again).toEqual(first.map((r) => ({ ...r, outcome: 'unchanged' })));
      expect(await store.counts()).toEqual(before);
    });

    it('stores the same bytes only once even under two keys', async () => {
      const { store, file } = await freshStoreHere();
      const seed = seeds[0]!;
      await store.saveArticles([
        { key: 'https://a.example/1', document: documentOf(seed.bytes, 'a'), article: articleFrom(seed.text), annotations: NO_ANNOTATIONS },
        { key: 'https://b.example/1', document: documentOf(seed.bytes, 'b'), article: articleFrom(seed.text), annotations: NO_ANNOTATIONS },
      ]);
      expect((await store.counts()).articles).toBe(2);
      await store.close();
      openStores.splice(openStores.indexOf(store), 1);
      const [row] = await backend.rawQuery(file, 'select count(*) as n from document_bytes');
      expect(Number(row!.n)).toBe(1);
    });
  });

  describe('store: versions', () => {
    it('stores changed bytes at a known key as a new current version and keeps the old one', async () => {
      const { store } = await freshStoreHere();
      const [oldSeed, newSeed] = [seeds[0]!, seeds[3]!];
      const key = 'https://english.almayadeen.net/news/politics/gap';
      const v1 = { key, document: documentOf(oldSeed.bytes, 'first-fetch.txt', key), article: articleFrom(oldSeed.text), annotations: NO_ANNOTATIONS };
      const v2 = { key, document: documentOf(newSeed.bytes, 'second-fetch.txt', key), article: articleFrom(newSeed.text), annotations: NO_ANNOTATIONS };
      const [first] = await store.saveArticles([v1]);
      const [second] = await store.saveArticles([v2]);
      expect(first).toMatchObject({ outcome: 'stored', version: 1 });
      expect(second).toEqual({ outcome: 'new-version', articleId: first!.articleId, version: 2 });
      expect(await store.counts()).toEqual({ articles: 1, versions: 2, documents: 2 });

      const current = await store.getArticle(first!.articleId);
      expect(current).toMatchObject({ version: 2, title: v2.article.title, documentHash: v2.document.contentHash, origin: 'second-fetch.txt' });
      expect((await store.listArticles()).map((a) => [a.id, a.version, a.url])).toEqual([[first!.articleId, 2, key]]);

      const docs = await allDocuments(store);
      expect(docs.map((d) => [d.version, d.document.contentHash])).toEqual([[1, v1.document.contentHash], [2, v2.document.contentHash]]);

      // Search sees only the current version's words.
      const onlyOld = wordsOnlyIn(articleText(v1.article) + ' ' + v1.article.title, articleText(v2.article) + ' ' + v2.article.title);
      const onlyNew = wordsOnlyIn(articleText(v2.article), articleText(v1.article) + ' ' + v1.article.title);
      expect(onlyOld.length).toBeGreaterThan(3);
      expect(onlyNew.length).toBeGreaterThan(3);
      for (const word of onlyOld.slice(0, 5)) expect(await store.searchArticles(word)).toEqual([]);
      for (const word of onlyNew.slice(0, 5)) expect((await store.searchArticles(word)).map((h) => h.version)).toEqual([2]);

      // The old bytes again at the same key are a third version: only the latest counts as "seen".
      const [third] = await store.saveArticles([{ ...v1, document: documentOf(oldSeed.bytes, 'third-fetch.txt', key) }]);
      expect(third).toMatchObject({ outcome: 'new-version', version: 3 });
    });

    it('treats duplicates inside one batch exactly like the same items saved one after another', async () => {
      const seed = seeds[2]!;
      const a = { key: 'k-dup', document: documentOf(seed.bytes, 'one.txt'), article: articleFrom(seed.text), annotations: NO_ANNOTATIONS };
      const changed = variant(seed, 'corrected');
      const b = { key: 'k-dup', document: documentOf(changed, 'two.txt'), article: articleFrom(new TextDecoder().decode(changed)), annotations: NO_ANNOTATIONS };
      const c = seedItem(seeds[1]!, 1);
      const batch = [a, a, c, b, b, a, c];

      const { store: together } = await freshStoreHere();
      const inOneBatch = await together.saveArticles(batch);
      const { store: oneByOne } = await freshStoreHere();
      const sequential = [];
      for (const item of batch) sequential.push(...(await oneByOne.saveArticles([item])));

      expect(inOneBatch).toEqual(sequential);
      expect(inOneBatch.map((r) => `${r.outcome}@${r.version}`)).toEqual([
        'stored@1', 'unchanged@1', 'stored@1', 'new-version@2', 'unchanged@2', 'new-version@3', 'unchanged@1',
      ]);
      expect(await together.counts()).toEqual(await oneByOne.counts());
      expect(await together.counts()).toEqual({ articles: 2, versions: 4, documents: 4 });
    });
  });

  describe('store: search', () => {
    it('ranks a title match above the same words in the body only, with a marked excerpt', async () => {
      const { store } = await freshStoreHere();
      const body = seeds[3]!;
      // A word that occurs in the body, put in one article's headline and not the other's.
      const word = wordsOnlyIn(body.text, seeds[0]!.text)[0]!;
      expect(word).toBeTruthy();
      const titled = { key: 'titled', document: documentOf(variant(body, 't'), 't'), article: articleFrom(body.text, { title: `Report on ${word}` }), annotations: NO_ANNOTATIONS };
      const untitled = { key: 'untitled', document: documentOf(variant(body, 'u'), 'u'), article: articleFrom(body.text, { title: seeds[0]!.text.split('\n')[0]! }), annotations: NO_ANNOTATIONS };
      await store.saveArticles([untitled, titled, seedItem(seeds[0]!, 0)]);

      const hits = await store.searchArticles(word.toUpperCase());
      expect(hits.map((h) => h.id)).toEqual([articleIdForKey('titled'), articleIdForKey('untitled')]);
      expect(hits[0]!.rank).toBeLessThan(hits[1]!.rank);
      for (const hit of hits) {
        expect(hit.excerpt.toLowerCase()).toContain(`[${word}]`);
        expect(hit.title).toBeTruthy();
      }
      expect(await store.searchArticles(word, 1)).toHaveLength(1);
    });

    it('ANDs the words of a query', async () => {
      const { store } = await freshStoreHere();
      await store.saveArticles(allSeedItems());
      const [a, b] = [seeds[3]!, seeds[4]!];
      const onlyA = wordsOnlyIn(a.text, seeds.filter((s) => s !== a).map((s) => s.text).join(' '))[0]!;
      const onlyB = wordsOnlyIn(b.text, seeds.filter((s) => s !== b).map((s) => s.text).join(' '))[0]!;
      expect((await store.searchArticles(onlyA)).map((h) => h.origin)).toEqual([path.join(SEEDS, a.name)]);
      expect((await store.searchArticles(onlyB)).map((h) => h.origin)).toEqual([path.join(SEEDS, b.name)]);
      expect(await store.searchArticles(`${onlyA} ${onlyB}`)).toEqual([]);
      const shared = (await store.searchArticles(`gaza ${onlyA}`)).map((h) => h.origin);
      expect(shared).toEqual([path.join(SEEDS, a.name)]);
    });

    it('finds a word whatever its accents, either way round', async () => {
      const { store } = await freshStoreHere();
      const [s0, s1] = [seeds[0]!, seeds[1]!];
      const accented = articleFrom(`${s0.text}\nA spokesman for the Žabljakovo brigades in Ğazzetown spoke on Tuesday.`);
      const plain = articleFrom(`${s1.text}\nCrowds gathered at the Ilhabelinha rally.`);
      await store.saveArticles([
        { key: 'accented', document: documentOf(variant(s0, 'accented'), 'accented'), article: accented, annotations: NO_ANNOTATIONS },
        { key: 'plain', document: documentOf(variant(s1, 'plain'), 'plain'), article: plain, annotations: NO_ANNOTATIONS },
      ]);
      for (const query of ['zabljakovo', 'ZABLJAKOVO', 'Žabljakovo', 'gazzetown brigades']) {
        expect((await store.searchArticles(query)).map((h) => h.id), query).toEqual([articleIdForKey('accented')]);
      }
      expect((await store.searchArticles('Ílhabélinha')).map((h) => h.id)).toEqual([articleIdForKey('plain')]);
      expect((await store.searchArticles('zabljakovo'))[0]!.excerpt).toContain('[Žabljakovo]');
    });

    it('never throws on hostile or odd queries', async () => {
      const { store } = await freshStoreHere();
      await store.saveArticles(allSeedItems());
      const hostile = ['"', '""', '*', '-', '^', '(', ')', ':', 'NEAR(', 'NEAR(gaza', 'OR', 'AND', 'NOT', 'gaza OR', 'OR gaza',
        'NOT gaza', '-gaza', 'gaza*', '"gaza', 'title:gaza', 'body:gaza', '{title}: gaza', 'gaza AND', 'gaza"; drop table articles; --',
        '\u0000', '💥', 'غزة', '加沙', 'Gaza’s', 'Ğazze', 'é', '   ', '', 'a'.repeat(5000), 'Netanyahu\'s "government'];
      for (const query of hostile) {
        const hits = await store.searchArticles(query);
        expect(Array.isArray(hits), query).toBe(true);
      }
      for (const empty of ['', '   ', '"', '*', '-', '(', '💥', '" * - ( ) :']) {
        expect(await store.searchArticles(empty), empty).toEqual([]);
      }
      // Operators are plain words: `NEAR(gaza` is the words "near" and "gaza".
      expect(await store.searchArticles('NEAR(gaza')).toEqual(await store.searchArticles('near gaza'));
      expect(await store.searchArticles('gaza OR')).toEqual(await store.searchArticles('or gaza'));
    });
  });

  describe('store: story headlines', () => {
    it('shows a story under a found headline when its founding article only has a derived one', async () => {
      const { store } = await freshStoreHere();
      const [dump, page, copy] = [seeds[4]!, seeds[2]!, seeds[0]!];
      const founder: ArticleToSave = { ...seedItem(dump, 0), article: { ...articleFrom(dump.text, { published: '2023-11-15' }), title: 'Gaza, Netanyahu, Biden', titleOrigin: 'derived' } };
      const found: ArticleToSave = { ...seedItem(page, 1), article: articleFrom(page.text, { published: '2023-11-17' }) };
      const copied: ArticleToSave = { ...seedItem(copy, 2), article: articleFrom(copy.text, { published: '2023-11-16' }) };
      const ids = (await store.saveArticles([founder, found, copied])).map((r) => r.articleId);
      await store.saveStoryLinks([
        { articleId: ids[0]!, storyId: ids[0]!, threadId: ids[0]!, copyOf: null, copyKind: null },
        { articleId: ids[1]!, storyId: ids[0]!, threadId: ids[0]!, copyOf: null, copyKind: null },
        // A copy's headline is never the story's: it is someone else's article.
        { articleId: ids[2]!, storyId: ids[0]!, threadId: ids[0]!, copyOf: ids[1]!, copyKind: 'near' },
      ]);
      const [story] = await store.listStories();
      expect(story!.headline).toBe(found.article.title);
      expect((await store.getStory(ids[0]!))!.headline).toBe(found.article.title);
      expect((await store.listThreads())[0]!.headline).toBe(found.article.title);
    });
  });

  describe('store: entity names across the corpus', () => {
    it('lists an entity under its corpus name with its other names, commas in names included', async () => {
      const { store } = await freshStoreHere();
      const entity = (canonical: string) => ({ text: canonical, type: 'organisation' as const, start: 0, end: canonical.length, canonical });
      const items = [0, 1, 2].map((i) => ({
        ...seedItem(seeds[i]!, i),
        annotations: { ...NO_ANNOTATIONS, entities: [entity(i === 2 ? 'Schroder Wertheim & Co, Inc.' : 'Schroder Wertheim & Co')] },
      }));
      await store.saveArticles(items);
      const names = await store.entityNames();
      expect(new Map(names.map((n) => [n.name, n.articles]))).toEqual(new Map([['Schroder Wertheim & Co', 2], ['Schroder Wertheim & Co, Inc.', 1]]));
      await store.replaceEntityAliases([{ type: 'organisation', name: 'Schroder Wertheim & Co, Inc.', canonical: 'Schroder Wertheim & Co' }]);
      const [merged] = await store.listEntities({ type: 'organisation' });
      expect(merged).toEqual({ name: 'Schroder Wertheim & Co', type: 'organisation', articles: 3, mentions: 3, aliases: ['Schroder Wertheim & Co, Inc.'] });
    });
  });

  describe('store: story list filters, coverage and entity pages', () => {
    const entity = (canonical: string, type: EntityType) => ({ text: canonical, type, start: 0, end: canonical.length, canonical });
    const quote = (text: string, speaker: string) => ({ text, speaker, speakerText: speaker, start: 0, end: text.length + 2 });
    // Story A: seeds 0, 1 and 2 (a copy of 0); story B: seed 3, the newest; story C: seed 4, undated.
    const published = ['2023-11-16T03:53', '2023-11-16', '2023-12-04T01:30:00+02:00', '2023-12-10', null];
    const languages = ['en', 'en', 'fr', 'en', 'de'];
    const annotations: Annotations[] = [
      { entities: [entity('Jordan', 'place'), entity('Antony Blinken', 'person')], quotes: [quote('We will keep working for a pause', 'Antony Blinken')], citations: [] },
      { entities: [entity('Jordan', 'place'), entity('Anthony Blinken', 'person')], quotes: [quote('The talks go on', 'Ayman Safadi')], citations: [] },
      NO_ANNOTATIONS,
      { entities: [entity('Jordan', 'person'), entity('Blinken', 'person')], quotes: [quote('I do not think you have months', 'Blinken')], citations: [] },
      NO_ANNOTATIONS,
    ];

    async function storyStore() {
      const { store } = await freshStoreHere();
      const items = seeds.slice(0, 5).map((seed, i) => ({
        ...seedItem(seed, i),
        article: { ...articleFrom(seed.text, { published: published[i] }), language: languages[i]! },
        annotations: annotations[i]!,
      }));
      const ids = (await store.saveArticles(items)).map((r) => r.articleId);
      const [a, b, c] = [ids[0]!, ids[3]!, ids[4]!];
      await store.saveStoryLinks([
        { articleId: a, storyId: a, threadId: a, copyOf: null, copyKind: null },
        { articleId: ids[1]!, storyId: a, threadId: a, copyOf: null, copyKind: null },
        { articleId: ids[2]!, storyId: a, threadId: a, copyOf: a, copyKind: 'near' },
        { articleId: b, storyId: b, threadId: b, copyOf: null, copyKind: null },
        { articleId: c, storyId: c, threadId: c, copyOf: null, copyKind: null },
      ]);
      await store.replaceEntityAliases([
        { type: 'person', name: 'Anthony Blinken', canonical: 'Antony Blinken' },
        { type: 'person', name: 'Blinken', canonical: 'Antony Blinken' },
      ]);
      return { store, ids, stories: { a, b, c } };
    }
    const storyIds = (stories: { id: string }[]): string[] => stories.map((s) => s.id);

    it('gives each story its languages and its dated articles per day, on the day each page gives', async () => {
      const { store, stories } = await storyStore();
      const listed = new Map((await store.listStories()).map((s) => [s.id, s]));
      const a = listed.get(stories.a)!;
      expect(a.languages).toEqual(['en', 'fr']);
      // Seed 2 is dated 01:30 at +02:00: the 4th on its page, still the 3rd in UTC.
      const zoned = published[2]!;
      expect(new Date(publishedSortKey({ value: zoned, precision: 'second', hasTimeZone: true })).toISOString().slice(0, 10)).not.toBe(zoned.slice(0, 10));
      const expected = new Map<string, number>();
      for (const p of published.slice(0, 3)) if (p) expected.set(p.slice(0, 10), (expected.get(p.slice(0, 10)) ?? 0) + 1);
      expect(a.coverage).toEqual([...expected].sort(([x], [y]) => x.localeCompare(y)).map(([day, articles]) => ({ day, articles })));
      expect(listed.get(stories.c)).toMatchObject({ languages: ['de'], coverage: [] });
      expect((await store.getStory(stories.a))?.coverage).toEqual(a.coverage);
    });

    it('sorts stories newest or largest first', async () => {
      const { store, stories } = await storyStore();
      expect(storyIds(await store.listStories())).toEqual([stories.b, stories.a, stories.c]);
      expect(storyIds(await store.listStories({ sort: 'newest' }))).toEqual([stories.b, stories.a, stories.c]);
      expect(storyIds(await store.listStories({ sort: 'largest' }))).toEqual([stories.a, stories.b, stories.c]);
      expect(storyIds(await store.listStories({ sort: 'largest', limit: 1, offset: 1 }))).toEqual([stories.b]);
    });

    it('filters stories by entity through its aliases, by type, and by language', async () => {
      const { store, stories } = await storyStore();
      for (const name of ['Antony Blinken', 'antony blinken', 'Anthony Blinken', 'BLINKEN']) {
        expect(storyIds(await store.listStories({ entity: name })), name).toEqual([stories.b, stories.a]);
      }
      expect(storyIds(await store.listStories({ entity: 'jordan' }))).toEqual([stories.b, stories.a]);
      expect(storyIds(await store.listStories({ entity: 'Jordan', entityType: 'place' }))).toEqual([stories.a]);
      expect(storyIds(await store.listStories({ entity: 'Jordan', entityType: 'person' }))).toEqual([stories.b]);
      expect(await store.listStories({ entity: 'Ayman Safadi' })).toEqual([]);
      expect(storyIds(await store.listStories({ language: 'FR' }))).toEqual([stories.a]);
      expect(storyIds(await store.listStories({ language: 'de' }))).toEqual([stories.c]);
      expect(await store.listStories({ language: 'pl' })).toEqual([]);
      expect(storyIds(await store.listStories({ entity: 'Blinken', language: 'fr' }))).toEqual([stories.a]);
      expect(await store.listStories({ entity: 'Blinken', language: 'de' })).toEqual([]);
    });

    it('serves an entity by any of its names, with its mentions per day, stories and quotes by and about it', async () => {
      const { store, ids, stories } = await storyStore();
      const blinken = await store.getEntity('blinken');
      expect(blinken).toMatchObject({ name: 'Antony Blinken', type: 'person', aliases: ['Anthony Blinken', 'Blinken'], articles: 3, mentions: 3 });
      expect(await store.getEntity('Anthony Blinken')).toEqual(blinken);
      expect(blinken!.mentionsByDay).toEqual([{ day: '2023-11-16', mentions: 2 }, { day: '2023-12-10', mentions: 1 }]);
      expect(storyIds(blinken!.stories)).toEqual([stories.b, stories.a]);
      expect(blinken!.quotesBy.map((q) => [q.articleId, q.speaker, q.speakerText])).toEqual([[ids[3], 'Antony Blinken', 'Blinken'], [ids[0], 'Antony Blinken', 'Antony Blinken']]);
      expect(blinken!.quotesAbout.map((q) => [q.articleId, q.speaker])).toEqual([[ids[1], 'Ayman Safadi']]);
      expect((await store.getEntity('Antony Blinken', { quotes: 1, stories: 1 }))?.quotesBy).toHaveLength(1);

      // Two entities share the name Jordan: the more widely named unless the type is given.
      expect(await store.getEntity('JORDAN')).toMatchObject({ name: 'Jordan', type: 'place', articles: 2 });
      const person = await store.getEntity('Jordan', { type: 'person' });
      expect(person).toMatchObject({ type: 'person', articles: 1, aliases: [], quotesBy: [] });
      expect(storyIds(person!.stories)).toEqual([stories.b]);
      expect(await store.getEntity('Jordan', { type: 'organisation' })).toBeNull();
      expect(await store.getEntity('Amman')).toBeNull();
    });

    it('keeps entity counts as articles change equal to a recount through the aliases', async () => {
      const { store, ids } = await storyStore();
      const everyEntity = () => store.listEntities({ limit: 1000 });
      // Aliases changed after the articles: the counts follow.
      const merged = await everyEntity();
      expect(merged.find((e) => e.name === 'Antony Blinken')).toMatchObject({ articles: 3, mentions: 3 });
      expect(merged.map((e) => e.name)).not.toContain('Blinken');

      // A new version names him twice more and drops Jordan; a re-extraction of another drops him.
      const seed = seeds[1]!;
      const twice = { ...NO_ANNOTATIONS, entities: [entity('Blinken', 'person'), entity('Antony Blinken', 'person'), entity('Anthony Blinken', 'person')] };
      await store.saveArticles([{ ...seedItem(seed, 1), document: documentOf(variant(seed, 'updated'), 'updated'), annotations: twice }]);
      const current = (await store.getArticle(ids[3]!))!;
      const { id: _id, version, documentHash: _hash, origin: _origin, ...extracted } = current;
      await store.replaceExtractions([{ articleId: ids[3]!, version, article: extracted, annotations: { ...NO_ANNOTATIONS, entities: [entity('Jordan', 'person')] } }]);
      const kept = await everyEntity();
      expect(kept.find((e) => e.name === 'Antony Blinken')).toMatchObject({ articles: 2, mentions: 4, aliases: ['Anthony Blinken', 'Blinken'] });
      expect(kept.find((e) => e.name === 'Jordan' && e.type === 'place')).toMatchObject({ articles: 1, mentions: 1 });

      // The same aliases again make the store count from scratch: nothing changes.
      await store.replaceEntityAliases([
        { type: 'person', name: 'Anthony Blinken', canonical: 'Antony Blinken' },
        { type: 'person', name: 'Blinken', canonical: 'Antony Blinken' },
      ]);
      expect(await everyEntity()).toEqual(kept);
      // No aliases: each name on its own.
      await store.replaceEntityAliases([]);
      const apart = await everyEntity();
      expect(apart.filter((e) => /Blinken/.test(e.name)).map((e) => [e.name, e.articles])).toEqual(expect.arrayContaining([['Antony Blinken', 2], ['Blinken', 1], ['Anthony Blinken', 1]]));
    });

    it('lists entities whose name contains some characters, and the languages of the articles', async () => {
      const { store } = await storyStore();
      expect(await store.listEntities({ query: 'BLINK' })).toEqual([{ name: 'Antony Blinken', type: 'person', articles: 3, mentions: 3, aliases: ['Anthony Blinken', 'Blinken'] }]);
      expect((await store.listEntities({ query: 'ordan' })).map((e) => [e.name, e.type])).toEqual([['Jordan', 'place'], ['Jordan', 'person']]);
      expect(await store.listEntities({ query: '%' })).toEqual([]);
      // Names come in one order on every database (aliases are computed from them): by name, then type, as UTF-8 bytes.
      const names = (await store.entityNames()).map((n) => `${n.name}\u0000${n.type}`);
      expect(names.length).toBeGreaterThan(3);
      expect(names).toEqual([...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
      const counts = new Map<string, number>();
      for (const l of languages) counts.set(l, (counts.get(l) ?? 0) + 1);
      expect(await store.listLanguages()).toEqual([...counts].sort(([x, m], [y, n]) => n - m || x.localeCompare(y)).map(([language, articles]) => ({ language, articles })));
    });
  });

  describe('store: lookup by id prefix', () => {
    it('finds an article by id or unique prefix and refuses ambiguous or too-short prefixes', async () => {
      // Two keys whose ids share their first 6 hex characters (found by search, ~5k hashes).
      const byPrefix = new Map<string, string>();
      let pair: [string, string] | undefined;
      for (let i = 0; pair === undefined; i++) {
        const key = `https://example.org/story/${i}`;
        const prefix = articleIdForKey(key).slice(0, 6);
        const other = byPrefix.get(prefix);
        if (other !== undefined) pair = [other, key];
        else byPrefix.set(prefix, key);
      }
      const { store } = await freshStoreHere();
      const [s1, s2] = [seeds[0]!, seeds[4]!];
      await store.saveArticles([
        { key: pair[0], document: documentOf(s1.bytes, 'one'), article: articleFrom(s1.text), annotations: NO_ANNOTATIONS },
        { key: pair[1], document: documentOf(s2.bytes, 'two'), article: articleFrom(s2.text), annotations: NO_ANNOTATIONS },
      ]);
      const [id1, id2] = pair.map(articleIdForKey) as [string, string];
      const common = id1.slice(0, 6);
      expect(id2.startsWith(common)).toBe(true);

      await expect(store.getArticle(common)).rejects.toThrow(/ambiguous/);
      await expect(store.getArticle(common)).rejects.toMatchObject({ name: 'ArticleIdPrefixError', reason: 'ambiguous', prefix: common });
      await expect(store.getArticle(common)).rejects.toBeInstanceOf(ArticleIdPrefixError);
      expect((await store.getArticle(id1))?.id).toBe(id1);
      expect((await store.getArticle(id2))?.id).toBe(id2);
      let distinct = 7;
      while (id1.slice(0, distinct) === id2.slice(0, distinct)) distinct++;
      expect((await store.getArticle(id1.slice(0, distinct)))?.title).toBe(articleFrom(s1.text).title);
      expect((await store.getArticle(id2.slice(0, distinct).toUpperCase()))?.id).toBe(id2);

      await expect(store.getArticle(id1.slice(0, 5))).rejects.toThrow(/at least 6/);
      await expect(store.getArticle(id1.slice(0, 5))).rejects.toMatchObject({ reason: 'too-short' });
      expect(await store.getArticle('ffffffffffff0000')).toBeNull();
      expect(await store.getArticle(`${id1}0`)).toBeNull();
      expect(await store.getArticle('%%%%%%%%')).toBeNull();
      expect(await store.getArticle('not an id')).toBeNull();
    });
  });

  describe('store: documents and re-extraction', () => {
    it('streams every stored document oldest first, across pages, with its article version', async () => {
      const { store } = await freshStoreHere();
      const saved: ArticleToSave[] = [];
      // 3 batches × 5 seeds × 3 variants = 45 documents: more than one page.
      for (let batch = 0; batch < 3; batch++) {
        const items = seeds.flatMap((seed, i) => [0, 1, 2].map((n) => {
          const bytes = variant(seed, `batch ${batch} copy ${n}`);
          return { key: `${seed.name}#${n}`, document: documentOf(bytes, `${seed.name}#${n}@${batch}`), article: articleFrom(seed.text, { published: PUBLISHED_DATES[i] ?? null }), annotations: NO_ANNOTATIONS };
        }));
        await store.saveArticles(items);
        saved.push(...items);
      }
      const docs = await allDocuments(store);
      expect(docs.map((d) => d.document.origin)).toEqual(saved.map((s) => s.document.origin));
      for (const [i, d] of docs.entries()) {
        const item = saved[i]!;
        expect(d.key).toBe(item.key);
        expect(d.articleId).toBe(articleIdForKey(item.key));
        expect(d.version).toBe(Math.floor(i / 15) + 1);
        expect(d.document).toEqual(item.document);
      }

      // Stopping early is fine, and writing while iterating does not block.
      let seen = 0;
      for await (const d of store.documents()) {
        await store.replaceExtractions([{ articleId: d.articleId, version: d.version, article: articleFrom(seeds[0]!.text), annotations: NO_ANNOTATIONS }]);
        if (++seen === 40) break;
      }
      expect(seen).toBe(40);
    });

    it('replaces extractions and search follows current versions only', async () => {
      const { store } = await freshStoreHere();
      const [s0, s4] = [seeds[0]!, seeds[4]!];
      const key = 'https://example.org/reextract';
      const [v1] = await store.saveArticles([{ key, document: documentOf(s0.bytes, 'v1'), article: articleFrom(s0.text), annotations: NO_ANNOTATIONS }]);
      await store.saveArticles([{ key, document: documentOf(variant(s0, 'v2'), 'v2'), article: articleFrom(s0.text), annotations: NO_ANNOTATIONS }]);
      const id = v1!.articleId;
      const newWords = wordsOnlyIn(s4.text, s0.text).slice(0, 3);
      const oldWords = wordsOnlyIn(s0.text, s4.text).slice(0, 3);
      expect(newWords.length).toBe(3);
      for (const w of oldWords) expect((await store.searchArticles(w)).map((h) => h.id)).toEqual([id]);

      // Re-extracting the old version changes nothing search can see.
      await store.replaceExtractions([{ articleId: id, version: 1, article: articleFrom(s4.text), annotations: NO_ANNOTATIONS }]);
      for (const w of newWords) expect(await store.searchArticles(w)).toEqual([]);

      const reextracted = articleFrom(s4.text, { title: 'Re-extracted headline', outlet: 'Renamed Outlet' });
      await store.replaceExtractions([{ articleId: id, version: 2, article: reextracted, annotations: annotateArticle(reextracted) }]);
      expect(await store.getAnnotations(id)).toEqual(annotateArticle(reextracted));
      for (const w of newWords) expect((await store.searchArticles(w)).map((h) => [h.id, h.version])).toEqual([[id, 2]]);
      for (const w of oldWords) expect(await store.searchArticles(w)).toEqual([]);
      expect((await store.searchArticles('re-extracted headline')).map((h) => h.id)).toEqual([id]);
      expect(await store.getArticle(id)).toMatchObject({ ...reextracted, version: 2 });
      expect((await store.listArticles({ outlet: 'renamed outlet' })).map((a) => [a.title, a.wordCount]))
        .toEqual([['Re-extracted headline', wordTokens(articleText(reextracted)).length]]);
      expect(await store.counts()).toEqual({ articles: 1, versions: 2, documents: 2 });

      // An unknown version fails the whole call and changes nothing.
      const before = await snapshot(store, [...newWords, ...oldWords]);
      await expect(store.replaceExtractions([
        { articleId: id, version: 2, article: articleFrom(s0.text), annotations: NO_ANNOTATIONS },
        { articleId: id, version: 9, article: articleFrom(s0.text), annotations: NO_ANNOTATIONS },
      ])).rejects.toThrow(/no such version/);
      expect(await snapshot(store, [...newWords, ...oldWords])).toEqual(before);
    });
  });

  describe('store: durability and failures', () => {
    it('keeps everything across close and reopen', async () => {
      const { store, file } = await freshStoreHere();
      const items = allSeedItems();
      await store.saveArticles(items);
      const words = ['gaza', 'netanyahu', 'blinken'];
      const before = await snapshot(store, words);
      await store.close();
      openStores.splice(openStores.indexOf(store), 1);

      const reopened = await openStore(file);
      openStores.push(reopened);
      expect(await snapshot(reopened, words)).toEqual(before);
      expect(before.searches.every((hits) => hits.length > 0)).toBe(true);
      expect((await reopened.saveArticles(items)).every((r) => r.outcome === 'unchanged')).toBe(true);
    });

    it('refuses a store written by a newer Storyline', async () => {
      const { store, file } = await freshStoreHere();
      await store.saveArticles(allSeedItems());
      await store.close();
      openStores.splice(openStores.indexOf(store), 1);
      await backend.rawQuery(file, `insert into schema_migration (name, timestamp) values ('9999-from-the-future', '${new Date().toISOString()}')`);
      await expect(openStore(file)).rejects.toThrow(/newer version of Storyline.*9999-from-the-future/);
    });

    it('rolls a failing batch back completely', async () => {
      const { store } = await freshStoreHere();
      await store.saveArticles(allSeedItems().slice(0, 3));
      const words = ['gaza', 'blinken', wordsOnlyIn(seeds[4]!.text, seeds[0]!.text)[0]!];
      const before = await snapshot(store, words);

      const existing = seedItem(seeds[0]!, 0);
      const goodNew = seedItem(seeds[4]!, 4);
      const goodNewVersion = { ...existing, document: documentOf(variant(seeds[0]!, 'update'), 'update') };
      // A real failure half-way: the extraction is out of range, which the store's validation rejects.
      const invalid = seedItem(seeds[3]!, 3);
      const broken = { ...invalid, article: { ...invalid.article, extraction: { ...invalid.article.extraction, confidence: 1.5 } } };
      await expect(store.saveArticles([goodNew, goodNewVersion, broken])).rejects.toThrow(broken.document.origin);
      expect(await snapshot(store, words)).toEqual(before);

      // A document whose hash is not the hash of its bytes is refused the same way.
      const lying = { ...goodNew, document: { ...goodNew.document, contentHash: sha256(seeds[0]!.bytes) } };
      await expect(store.saveArticles([goodNewVersion, lying])).rejects.toThrow(/not the SHA-256 of its bytes/);
      expect(await snapshot(store, words)).toEqual(before);

      // And the store still works afterwards.
      expect((await store.saveArticles([goodNew, goodNewVersion])).map((r) => r.outcome)).toEqual(['stored', 'new-version']);
    });
  });

  describe('store: processes', () => {
    it('lets three processes write one new store at once without losing or damaging anything', async () => {
      const file = await backend.newLocation('shared-by-three');
      const script = writerScript();
      const seedFile = path.join(SEEDS, seeds[3]!.name);
      const writers = ['writer-a', 'writer-b', 'writer-c'];
      // All three create and migrate the same new store at the same moment, then interleave batches.
      const results = await Promise.all(writers.map((name) => runWriter(script, [file, seedFile, name, 8, 25])));
      for (const result of results) expect(result).toEqual({ code: 0, signal: null, stderr: '' });
      if (backend.name === 'SQLite') expect(integrityOf(file)).toBe('ok');
      const store = await openStore(file);
      openStores.push(store);
      expect(await store.counts()).toEqual({ articles: 600, versions: 600, documents: 600 });
      for (const name of writers) expect(await store.listArticles({ outlet: name })).toHaveLength(200);
      expect((await store.searchArticles('blinken', 1000)).length).toBe(600);
    });

    it('shows only whole batches after a writer is killed mid-batch', async () => {
      const file = await backend.newLocation('killed');
      const script = writerScript();
      const batchSize = 40;
      let committed = 0;
      const result = await runWriter(script, [file, path.join(SEEDS, seeds[1]!.name), 'killed', 1000, batchSize], (line, kill) => {
        committed = Number(line.split(' ')[1]);
        // Kill a moment into the next batch.
        if (committed === 3) setTimeout(kill, 15);
      });
      expect(result.signal).toBe('SIGKILL');
      if (backend.name === 'SQLite') expect(integrityOf(file)).toBe('ok');
      const store = await openStore(file);
      openStores.push(store);
      const counts = await store.counts();
      expect(counts.articles % batchSize).toBe(0);
      expect(counts.articles).toBeGreaterThanOrEqual(committed * batchSize);
      expect(counts.articles).toBeLessThanOrEqual((committed + 1) * batchSize);
      expect(counts).toEqual({ articles: counts.articles, versions: counts.articles, documents: counts.articles });
      expect((await allDocuments(store)).length).toBe(counts.documents);
      expect((await store.searchArticles('Mayadeen', 100_000)).length).toBe(counts.articles);
    });
  });
}

for (const backend of backends) {
  describe.skipIf(backend.skipReason !== null)(`on ${backend.name}${backend.skipReason === null ? '' : ` (skipped: ${backend.skipReason})`}`, () => storeTests(backend));
}

// ── what only one kind of database has ───────────────────────────────────────────────────────

describe('store on SQLite: files', () => {
  it('refuses a file that is not a database, naming it, and leaves it untouched', async () => {
    const file = path.join(dir, 'not-a-db.txt');
    fs.copyFileSync(path.join(SEEDS, seeds[0]!.name), file);
    const before = fs.readFileSync(file);
    await expect(openStore(file)).rejects.toThrow(`${file} is not a Storyline database: file is not a database`);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(`${file}-wal`) || fs.existsSync(`${file}-shm`)).toBe(false);
  });

  it("refuses another application's SQLite database, untouched", async () => {
    const foreign = path.join(dir, 'foreign.db');
    const raw = new Database(foreign);
    raw.exec('create table customers (id integer primary key, name text)');
    raw.close();
    const foreignBytes = fs.readFileSync(foreign);
    await expect(openStore(foreign)).rejects.toThrow(`${foreign} is not a Storyline database`);
    expect(fs.readFileSync(foreign).equals(foreignBytes)).toBe(true);
  });

  it('gives a clear error for a missing directory', async () => {
    const missing = path.join(dir, 'no-such-dir', 'store.db');
    await expect(openStore(missing)).rejects.toThrow(missing);
  });

  it('works in memory', async () => {
    const store = await openStore(':memory:');
    openStores.push(store);
    await store.saveArticles(allSeedItems());
    expect((await store.counts()).articles).toBe(seeds.length);
  });
});

describe.skipIf(postgres.skipReason !== null)('store on PostgreSQL: servers and databases', () => {
  it('names the server, never the password, when it cannot be reached or the database is missing', async () => {
    const port = await closedPort();
    const unreachable = `postgres://storyline:s3cret-word@127.0.0.1:${port}/storyline`;
    const refused = await openStore(unreachable).then(() => null, (error: Error) => error);
    expect(refused?.message).toContain(`postgres://storyline:***@127.0.0.1:${port}/storyline`);
    expect(refused?.message).toMatch(/connection refused/);
    expect(refused?.message).not.toContain('s3cret-word');

    const missing = new URL(TEST_POSTGRES_URL);
    missing.pathname = '/storyline_no_such_database';
    const absent = await openStore(missing.toString()).then(() => null, (error: Error) => error);
    expect(absent?.message).toMatch(/storyline_no_such_database.*does not exist/);
    if (missing.password) expect(absent?.message).not.toContain(`:${missing.password}@`);
    expect(absent?.message).toContain(':***@');
  });

  it("refuses a schema holding another application's tables and leaves it untouched", async () => {
    const location = await postgres.newLocation('foreign');
    await postgres.rawQuery(location, "create table customers (id integer primary key, name text); insert into customers values (1, 'Ada')");
    const tables = "select table_name as name from information_schema.tables where table_schema = current_schema() order by 1";
    await expect(openStore(location)).rejects.toThrow(/is not a Storyline database: schema foreign_\d+ holds another application's tables \(customers\)/);
    expect(await postgres.rawQuery(location, tables)).toEqual([{ name: 'customers' }]);
    expect(await postgres.rawQuery(location, 'select * from customers')).toEqual([{ id: 1, name: 'Ada' }]);
  });
});

// ── several processes on one file ────────────────────────────────────────────────────────────

/** A writer process (on the built store) that saves `batches` batches of `size` new articles and reports each commit. */
function writerScript(): string {
  const script = path.join(dir, 'writer.mjs');
  const storeModule = pathToFileURL(path.join(REPO, 'dist', 'store', 'index.js')).href;
  fs.writeFileSync(script, `
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
const { openStore } = await import(${JSON.stringify(storeModule)});
const [file, seedFile, name, batches, size] = process.argv.slice(2);
const text = readFileSync(seedFile, 'utf8');
const lines = text.split('\\n').map((l) => l.trim()).filter(Boolean);
const store = await openStore(file);
for (let b = 0; b < Number(batches); b++) {
  const items = [];
  for (let i = 0; i < Number(size); i++) {
    const bytes = new TextEncoder().encode(text + '\\n' + name + ' ' + b + ' ' + i);
    items.push({
      key: name + '/' + b + '/' + i,
      document: { bytes, origin: name + '#' + b + '.' + i, url: null, fetchedAt: new Date().toISOString(), contentType: 'text/plain',
        declaredCharset: null, contentHash: createHash('sha256').update(bytes).digest('hex') },
      article: { url: null, canonicalUrl: null, outlet: { name, domain: null }, title: lines[0], titleOrigin: 'found', standfirst: lines[1],
        byline: [], published: null, language: 'en', blocks: lines.slice(2).map((t) => ({ kind: 'paragraph', text: t })), tags: [],
        citedSources: [], extraction: { method: 'text-clean', confidence: 1, notes: [] } },
      annotations: { entities: [], quotes: [], citations: [] },
    });
  }
  await store.saveArticles(items);
  process.stdout.write('committed ' + (b + 1) + '\\n');
}
await store.close();
`);
  return script;
}

function runWriter(script: string, args: (string | number)[], onLine?: (line: string, kill: () => void) => void) {
  const child = spawn(process.execPath, [script, ...args.map(String)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  child.stdout.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) onLine?.(line, () => child.kill('SIGKILL'));
  });
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

function integrityOf(file: string): string {
  const raw = new Database(file, { readonly: true });
  try {
    return raw.pragma('integrity_check', { simple: true }) as string;
  } finally {
    raw.close();
  }
}
