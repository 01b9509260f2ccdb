import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { ARTICLE_ID_LENGTH, ArticleSchema, ExtractedArticleSchema, articleIdForKey, articleText, type Article, type ExtractedArticle } from '../../model/article.js';
import { DocumentSchema, type Document } from '../../model/document.js';
import { publishedSortKey } from '../../text/dates.js';
import { wordCount } from '../../text/tokens.js';
import type { StorylineDatabase } from '../schema.js';
import { AnnotationsSchema, type Annotations } from '../../model/annotations.js';
import type { ArticleForLinking, StoryDetail, StoryLink, StorySummary, ThreadSummary } from '../../model/story.js';
import { ArticleIdPrefixError } from '../store.js';
import type {
  ArticleListQuery, ArticlePlacement, ArticleSummary, ArticleToSave, EntityDetail, EntityListQuery, EntitySummary, LanguageSummary, OutletSummary, FeedCheck, FeedSubscription, HandledFeedItem, QuoteListQuery, SaveResult, SearchHit, Store, StoreCounts,
  StoredDocument, StoredQuote, StoryListQuery, StoryTexts, IngestRunProgress, InputToQueue, LinkerLease, QueuedInput, SettledInput,
} from '../store.js';
import type { SearchSyntax } from './search-syntax.js';
import * as annotationQueries from './annotation-queries.js';
import * as storyQueries from './story-queries.js';
import * as feedQueries from './feed-queries.js';
import * as queueQueries from './ingest-queue-queries.js';

/** Documents fetched per query while streaming `documents()`: bounds memory, bytes included. */
const DOCUMENT_PAGE_SIZE = 32;
const DEFAULT_SEARCH_LIMIT = 20;
/** Shortest id prefix `getArticle` accepts, so a typo cannot quietly pick an article. */
const MIN_ID_PREFIX = 6;

type Db = Kysely<StorylineDatabase>;
type Tx = Transaction<StorylineDatabase>;

/**
 * The Store in SQL, through Kysely: the same queries on SQLite and PostgreSQL. What differs per
 * database — opening, search syntax, what to do on close — comes from `sqlite/` and `postgres/`.
 */
export class SqlStore implements Store {
  #closed = false;

  constructor(
    protected readonly db: Db,
    /** Where the store was opened (a file path, or a URL with its password hidden); names the store in errors. */
    readonly location: string,
    private readonly search: SearchSyntax,
  ) {}

  /** The tables themselves, for tools inside store/ that work on rows rather than articles (copy-store). Not part of the Store interface. */
  get database(): Db {
    return this.db;
  }

  async saveArticles(items: readonly ArticleToSave[]): Promise<SaveResult[]> {
    if (items.length === 0) return [];
    const storedAt = new Date().toISOString();
    // One transaction: a batch is stored whole or not at all. Items run in order inside it, so a
    // key repeated within the batch sees the earlier item just as a later batch would.
    return this.db.transaction().execute(async (trx) => {
      const allNew = await saveAllNew(trx, items.map((item) => ({ item, arrival: null })), storedAt);
      if (allNew) return allNew;
      const results: SaveResult[] = [];
      for (const item of items) results.push(await saveOne(trx, item, storedAt));
      return results;
    });
  }

  async listArticles(query: ArticleListQuery = {}): Promise<ArticleSummary[]> {
    const { limit, offset } = pageOf(query);
    let select = this.db
      .selectFrom('articles as a')
      .innerJoin('article_versions as v', (join) => join.onRef('v.article_id', '=', 'a.id').onRef('v.version', '=', 'a.current_version'))
      .innerJoin('documents as d', 'd.id', 'v.document_id')
      .select(SUMMARY_COLUMNS);
    if (query.outlet !== undefined) {
      const outlet = query.outlet.trim().toLowerCase();
      select = select.where((eb) => eb.or([
        eb(eb.fn('lower', ['v.outlet_name']), '=', outlet),
        eb(eb.fn('lower', ['v.outlet_domain']), '=', outlet),
      ]));
    }
    const rows = await select
      .orderBy('v.published_sort_key', (ob) => ob.desc().nullsLast())
      .orderBy('v.stored_at', 'desc')
      .orderBy('v.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map(toSummary);
  }

  async getArticle(idOrPrefix: string): Promise<Article | null> {
    const wanted = idOrPrefix.trim().toLowerCase();
    if (!/^[0-9a-f]+$/.test(wanted) || wanted.length > ARTICLE_ID_LENGTH) return null;
    if (wanted.length < MIN_ID_PREFIX) {
      throw new ArticleIdPrefixError(idOrPrefix, 'too-short', `article id prefix "${idOrPrefix}" is too short: give at least ${MIN_ID_PREFIX} characters`);
    }
    // Ids are lower-case hex, so the ids starting with `wanted` are a range of the primary key.
    const matches = await this.db
      .selectFrom('articles')
      .select('id')
      .where('id', '>=', wanted)
      .where('id', '<=', wanted.padEnd(ARTICLE_ID_LENGTH, 'f'))
      .orderBy('id')
      .limit(3)
      .execute();
    const [match] = matches;
    if (match === undefined) return null;
    if (matches.length > 1 && match.id !== wanted) {
      const shown = matches.slice(0, 2).map((m) => m.id).join(', ') + (matches.length > 2 ? ', …' : '');
      throw new ArticleIdPrefixError(wanted, 'ambiguous', `article id prefix "${wanted}" is ambiguous: it matches ${shown}; give more characters`);
    }
    const row = await this.db
      .selectFrom('articles as a')
      .innerJoin('article_versions as v', (join) => join.onRef('v.article_id', '=', 'a.id').onRef('v.version', '=', 'a.current_version'))
      .innerJoin('documents as d', 'd.id', 'v.document_id')
      .select(['a.id', 'v.version', 'v.extracted_json', 'd.content_hash', 'd.origin'])
      .where('a.id', '=', match.id)
      .executeTakeFirstOrThrow();
    const parsed = ArticleSchema.safeParse({
      ...(JSON.parse(row.extracted_json) as object),
      id: row.id,
      version: row.version,
      documentHash: row.content_hash,
      origin: row.origin,
    });
    if (!parsed.success) {
      throw new Error(`article ${row.id} v${row.version} in ${this.location} is not a valid article: ${z.prettifyError(parsed.error)}`);
    }
    return parsed.data;
  }

  async searchArticles(query: string, limit = DEFAULT_SEARCH_LIMIT): Promise<SearchHit[]> {
    const match = this.search.matching(query);
    if (match === null) return [];
    // Two steps: rank and cut in the search index, then excerpt only the hits. Asking for excerpts
    // in the ranking query makes SQLite build one for every match before sorting (1 s at 20k matches).
    const ranked = await this.db
      .selectFrom((eb) => eb
        .selectFrom('article_search')
        .select(['article_search.rowid as version_id', match.rank.as('score')])
        .where(match.condition)
        .orderBy('score')
        .orderBy('article_search.rowid', 'desc')
        .limit(pageOf({ limit }).limit)
        .as('hit'))
      .innerJoin('article_versions as v', 'v.id', 'hit.version_id')
      .innerJoin('articles as a', 'a.id', 'v.article_id')
      .innerJoin('documents as d', 'd.id', 'v.document_id')
      .select(SUMMARY_COLUMNS)
      .select(['hit.version_id', 'hit.score'])
      .orderBy('hit.score')
      .orderBy('hit.version_id', 'desc')
      .execute();
    if (ranked.length === 0) return [];
    const excerpts = await this.db
      .selectFrom('article_search')
      .select([
        'article_search.rowid as version_id',
        match.excerpt.as('excerpt'),
      ])
      .where(match.condition)
      .where('article_search.rowid', 'in', ranked.map((hit) => hit.version_id))
      .execute();
    const excerptOf = new Map(excerpts.map((e) => [e.version_id, e.excerpt]));
    return ranked.map((hit) => ({ ...toSummary(hit), excerpt: excerptOf.get(hit.version_id) ?? '', rank: hit.score }));
  }

  async *documents(): AsyncIterable<StoredDocument> {
    // Keyset pages rather than one open statement: the single connection stays free between
    // pages, so the consumer may write (replaceExtractions) while it iterates.
    let afterId = 0;
    for (;;) {
      const page = await this.db
        .selectFrom('documents as d')
        .innerJoin('document_bytes as b', 'b.content_hash', 'd.content_hash')
        .innerJoin('article_versions as v', 'v.document_id', 'd.id')
        .innerJoin('articles as a', 'a.id', 'v.article_id')
        .select([
          'd.id', 'd.origin', 'd.url', 'd.fetched_at', 'd.content_type', 'd.declared_charset', 'd.content_hash',
          'b.bytes', 'v.article_id', 'v.version', 'a.key',
        ])
        .where('d.id', '>', afterId)
        .orderBy('d.id')
        .limit(DOCUMENT_PAGE_SIZE)
        .execute();
      for (const row of page) {
        yield {
          articleId: row.article_id,
          version: row.version,
          key: row.key,
          document: {
            bytes: new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength),
            origin: row.origin,
            url: row.url,
            fetchedAt: row.fetched_at,
            contentType: row.content_type,
            declaredCharset: row.declared_charset,
            contentHash: row.content_hash,
          },
        };
      }
      const last = page.at(-1);
      if (last === undefined || page.length < DOCUMENT_PAGE_SIZE) return;
      afterId = last.id;
    }
  }

  async replaceExtractions(items: readonly { articleId: string; version: number; article: ExtractedArticle; annotations: Annotations }[]): Promise<void> {
    if (items.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const item of items) {
        const label = `article ${item.articleId} v${item.version}`;
        const article = validArticle(item.article, label);
        const annotations = validAnnotations(item.annotations, label);
        const stored = await trx
          .selectFrom('article_versions as v')
          .innerJoin('articles as a', 'a.id', 'v.article_id')
          .innerJoin('documents as d', 'd.id', 'v.document_id')
          .select(['v.id', 'a.current_version', 'd.url'])
          .where('v.article_id', '=', item.articleId)
          .where('v.version', '=', item.version)
          .executeTakeFirst();
        if (stored === undefined) throw new Error(`cannot replace the extraction of ${label}: no such version is stored`);
        await trx
          .updateTable('article_versions')
          .set({ ...versionColumns(article, stored.url), annotations_json: JSON.stringify(annotations) })
          .where('id', '=', stored.id)
          .execute();
        if (stored.current_version === item.version) {
          await trx.deleteFrom('article_search').where('rowid', '=', stored.id).execute();
          await trx.insertInto('article_search').values(searchRowOf(stored.id, article)).execute();
          await annotationQueries.dropAnnotationRows(trx, stored.id);
          await annotationQueries.writeAnnotationRows(trx, stored.id, item.articleId, annotations);
        }
      }
    });
  }

  async counts(): Promise<StoreCounts> {
    const count = (table: 'articles' | 'article_versions' | 'documents') =>
      this.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const [articles, versions, documents] = await Promise.all([count('articles'), count('article_versions'), count('documents')]);
    return { articles: Number(articles.n), versions: Number(versions.n), documents: Number(documents.n) };
  }

  getAnnotations(articleId: string): Promise<Annotations | null> {
    return annotationQueries.getAnnotations(this.db, articleId);
  }

  listQuotes(query?: QuoteListQuery): Promise<StoredQuote[]> {
    return annotationQueries.listQuotes(this.db, query);
  }

  articlePlacement(articleId: string): Promise<ArticlePlacement | null> {
    return storyQueries.articlePlacement(this.db, articleId);
  }

  async listOutlets(query: { limit?: number; offset?: number } = {}): Promise<OutletSummary[]> {
    const { limit, offset } = pageOf(query);
    const rows = await this.db
      .selectFrom('articles as a')
      .innerJoin('article_versions as v', (join) => join.onRef('v.article_id', '=', 'a.id').onRef('v.version', '=', 'a.current_version'))
      .where((eb) => eb.or([eb('v.outlet_name', 'is not', null), eb('v.outlet_domain', 'is not', null)]))
      // One outlet per name (its pages and its feed items may differ in whether a domain is known); by domain where no name is.
      .select((eb) => [
        eb.fn.max('v.outlet_name').as('name'),
        eb.fn.max('v.outlet_domain').as('domain'),
        eb.fn.countAll<number>().as('articles'),
        eb.fn.min('v.published_sort_key').as('first_key'),
        eb.fn.max('v.published_sort_key').as('last_key'),
      ])
      .groupBy((eb) => eb.fn.coalesce('v.outlet_name', 'v.outlet_domain'))
      .orderBy('articles', 'desc')
      .orderBy('name')
      .orderBy('domain')
      .limit(limit)
      .offset(offset)
      .execute();
    // The Published values at the extreme sort keys, read back in one query.
    const keys = rows.flatMap((r) => [r.first_key, r.last_key]).filter((k): k is number => k !== null);
    const published = new Map<number, string | null>();
    if (keys.length) {
      const found = await this.db.selectFrom('article_versions').select(['published_sort_key', 'published']).where('published_sort_key', 'in', [...new Set(keys)]).execute();
      for (const f of found) if (f.published_sort_key !== null && !published.has(f.published_sort_key)) published.set(f.published_sort_key, f.published);
    }
    const at = (key: number | null): string | null => (key === null ? null : (published.get(key) ?? null));
    return rows.map((r) => ({ name: r.name, domain: r.domain, articles: Number(r.articles), firstPublished: at(r.first_key), lastPublished: at(r.last_key) }));
  }

  storyEntities(storyId: string, limit?: number): Promise<EntitySummary[]> {
    return annotationQueries.storyEntities(this.db, storyId, limit);
  }

  listEntities(query?: EntityListQuery): Promise<EntitySummary[]> {
    return annotationQueries.listEntities(this.db, query);
  }

  async getEntity(name: string, options: { type?: string; stories?: number; quotes?: number } = {}): Promise<EntityDetail | null> {
    const entity = await annotationQueries.getEntity(this.db, name, options.type);
    if (entity === null) return null;
    const [stories, quotes] = await Promise.all([
      storyQueries.listStories(this.db, this.search, { entity: entity.name, entityType: entity.type, limit: options.stories }),
      annotationQueries.entityQuotes(this.db, entity, options.quotes),
    ]);
    const { names: _names, ...shown } = entity;
    return { ...shown, stories, ...quotes };
  }

  async listLanguages(): Promise<LanguageSummary[]> {
    const rows = await this.db
      .selectFrom('articles as a')
      .innerJoin('article_versions as v', (join) => join.onRef('v.article_id', '=', 'a.id').onRef('v.version', '=', 'a.current_version'))
      .where('v.language', 'is not', null)
      .select((eb) => ['v.language', eb.fn.countAll<number>().as('articles')])
      .groupBy('v.language')
      .orderBy('articles', 'desc')
      .orderBy('v.language')
      .execute();
    return rows.map((r) => ({ language: r.language!, articles: Number(r.articles) }));
  }

  entityNames(): Promise<EntitySummary[]> {
    return annotationQueries.entityNames(this.db);
  }

  replaceEntityAliases(aliases: readonly { type: string; name: string; canonical: string }[]): Promise<void> {
    return annotationQueries.replaceEntityAliases(this.db, aliases);
  }

  linkedArticles(): AsyncIterable<{ article: ArticleForLinking; link: StoryLink }> {
    return storyQueries.linkedArticles(this.db);
  }

  unlinkedArticles(options: { runsUpTo?: number } = {}): AsyncIterable<ArticleForLinking> {
    return storyQueries.unlinkedArticles(this.db, options);
  }

  placementCount(): Promise<number> {
    return storyQueries.placementCount(this.db);
  }

  repointCopies(copies: readonly { articleId: string; copyOf: string; copyKind: StoryLink['copyKind'] }[]): Promise<void> {
    return storyQueries.repointCopies(this.db, copies);
  }

  saveStoryLinks(links: readonly StoryLink[]): Promise<void> {
    return storyQueries.saveStoryLinks(this.db, links);
  }

  listStories(query?: StoryListQuery): Promise<StorySummary[]> {
    return storyQueries.listStories(this.db, this.search, query);
  }

  getStory(id: string): Promise<StoryDetail | null> {
    return storyQueries.getStory(this.db, id);
  }

  getStoryTexts(id: string): Promise<StoryTexts | null> {
    return storyQueries.getStoryTexts(this.db, id);
  }

  listThreads(query?: { limit?: number; offset?: number }): Promise<ThreadSummary[]> {
    return storyQueries.listThreads(this.db, query);
  }

  addFeeds(feeds: readonly { url: string; intervalSeconds: number }[]): Promise<number> {
    return feedQueries.addFeeds(this.db, feeds);
  }

  removeFeed(url: string): Promise<boolean> {
    return feedQueries.removeFeed(this.db, url);
  }

  listFeeds(): Promise<FeedSubscription[]> {
    return feedQueries.listFeeds(this.db);
  }

  recordFeedCheck(url: string, check: FeedCheck): Promise<void> {
    return feedQueries.recordFeedCheck(this.db, url, check);
  }

  handledFeedItems(feedUrl: string, itemIds: readonly string[]): Promise<Set<string>> {
    return feedQueries.handledFeedItems(this.db, feedUrl, itemIds);
  }

  recordFeedItems(items: readonly HandledFeedItem[]): Promise<void> {
    return feedQueries.recordFeedItems(this.db, items);
  }

  storedUrls(urls: readonly string[]): Promise<Set<string>> {
    return feedQueries.storedUrls(this.db, urls);
  }

  startIngestRun(inputs: string): Promise<number> {
    return queueQueries.startIngestRun(this.db, inputs);
  }

  async queueInputs(runId: number, inputs: readonly InputToQueue[]): Promise<number[]> {
    if (inputs.length === 0) return [];
    return this.db.transaction().execute((trx) => queueQueries.queueInputs(trx, runId, inputs));
  }

  finishQueueing(runId: number): Promise<void> {
    return queueQueries.finishQueueing(this.db, runId);
  }

  queuedInputs(ids: readonly number[]): Promise<QueuedInput[]> {
    return queueQueries.queuedInputs(this.db, ids);
  }

  async settleQueuedInputs(settled: readonly SettledInput[]): Promise<(SaveResult[] | null)[]> {
    if (settled.length === 0) return [];
    const storedAt = new Date().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const open = await queueQueries.unsettledIds(trx, settled.map((s) => s.inputId));
      const toSave = settled.filter((input) => open.has(input.inputId)).flatMap((input) => input.articles.map((item) => ({ item, arrival: input.inputId })));
      const allNew = await saveAllNew(trx, toSave, storedAt);
      let next = 0;
      const outcomes: (SaveResult[] | null)[] = [];
      for (const input of settled) {
        if (!open.has(input.inputId)) {
          outcomes.push(null);
          continue;
        }
        const results: SaveResult[] = [];
        for (const item of input.articles) results.push(allNew ? allNew[next++]! : await saveOne(trx, item, storedAt, input.inputId));
        for (const item of input.handledFeedItems ?? []) await feedQueries.writeFeedItem(trx, item, storedAt);
        for (const item of input.releasedFeedItems ?? []) await feedQueries.forgetQueuedFeedItem(trx, item);
        const count = (outcome: SaveResult['outcome']): number => results.filter((r) => r.outcome === outcome).length;
        await queueQueries.markSettled(trx, input.inputId, {
          stored: count('stored'), newVersions: count('new-version'), unchanged: count('unchanged'), failed: input.failures.length, skipped: input.skipped, failures: input.failures,
        });
        outcomes.push(results);
      }
      return outcomes;
    });
  }

  ingestRunProgress(runId: number): Promise<IngestRunProgress | null> {
    return queueQueries.ingestRunProgress(this.db, runId);
  }

  nextRunToLink(): Promise<{ runId: number } | null> {
    return queueQueries.nextRunToLink(this.db);
  }

  markRunLinked(runId: number, linked: number, newStories: number): Promise<void> {
    return queueQueries.markRunLinked(this.db, runId, linked, newStories);
  }

  #linkerHeld = false;

  /** One file, one machine: SQLite's write lock orders the writers; this keeps one linker per process. */
  async acquireLinkerLease(): Promise<LinkerLease | null> {
    if (this.#linkerHeld) return null;
    this.#linkerHeld = true;
    return {
      lost: new Promise<Error>(() => {}),
      release: async () => {
        this.#linkerHeld = false;
      },
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.beforeClose();
    } finally {
      await this.db.destroy();
    }
  }

  /** The database's own tidying before its connections close; must not throw. */
  protected async beforeClose(): Promise<void> {}
}

const SUMMARY_COLUMNS = [
  'a.id', 'v.version', 'v.title', 'v.outlet_name', 'v.outlet_domain', 'v.published', 'v.language', 'v.url',
  'd.origin', 'v.word_count', 'v.stored_at',
] as const;

interface SummaryRow {
  id: string; version: number; title: string | null; outlet_name: string | null; outlet_domain: string | null;
  published: string | null; language: string | null; url: string | null; origin: string; word_count: number; stored_at: string;
}

function toSummary(row: SummaryRow): ArticleSummary {
  return {
    id: row.id,
    version: row.version,
    title: row.title,
    outletName: row.outlet_name,
    outletDomain: row.outlet_domain,
    published: row.published,
    language: row.language,
    url: row.url,
    origin: row.origin,
    wordCount: row.word_count,
    storedAt: row.stored_at,
  };
}

/**
 * SQLite wants a LIMIT before an OFFSET, and PostgreSQL refuses SQLite's -1 for "no limit": no
 * limit is the largest one both take.
 */
function pageOf(query: { limit?: number; offset?: number }): { limit: number; offset: number } {
  const check = (name: string, value: number | undefined): number | undefined => {
    if (value === undefined) return undefined;
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number ≥ 0, got ${value}`);
    return value;
  };
  return { limit: check('limit', query.limit) ?? Number.MAX_SAFE_INTEGER, offset: check('offset', query.offset) ?? 0 };
}

/** Rows per multi-row insert when storing many articles at once (article_versions has 16 columns: well within SQLite's parameter limit). */
const ARTICLES_PER_INSERT = 500;

/**
 * Stores a batch of articles that are all new, each under its own key and from its own document,
 * with a few multi-row statements for the whole batch instead of ten or so for each article; rows
 * and ids come out as `saveOne` one after another would make them. Null, with nothing written,
 * when the batch does not qualify (an article already known, a key twice): then each is stored on its own.
 */
async function saveAllNew(trx: Tx, batch: readonly { item: ArticleToSave; arrival: number | null }[], storedAt: string): Promise<SaveResult[] | null> {
  if (batch.length < 2) return null;
  const rows = batch.map(({ item, arrival }) => {
    const document = validDocument(item.document);
    return {
      item, arrival, document, article: validArticle(item.article, document.origin), annotations: validAnnotations(item.annotations, document.origin),
      articleId: articleIdForKey(item.key), documentKey: documentKeyOf(document),
    };
  });
  const ids = rows.map((r) => r.articleId);
  if (new Set(ids).size !== rows.length || new Set(rows.map((r) => r.documentKey)).size !== rows.length) return null;
  for (const chunk of chunks(ids)) {
    const known = await trx.selectFrom('articles').select('id').where('id', 'in', chunk).limit(1).execute();
    if (known.length > 0) return null;
  }
  for (const r of rows) if (r.item.feedItem) await feedQueries.writeFeedItem(trx, { ...r.item.feedItem, articleUrl: r.document.origin, outcome: 'stored', reason: null }, storedAt);
  for (const chunk of chunks(rows)) {
    await trx.insertInto('articles').values(chunk.map((r) => ({ id: r.articleId, key: r.item.key, current_version: 1, first_stored_at: storedAt, arrival: r.arrival }))).execute();
  }
  await insertVersions(trx, rows.map((r) => ({ articleId: r.articleId, version: 1, document: r.document, article: r.article, annotations: r.annotations })), storedAt);
  return rows.map((r) => ({ outcome: 'stored' as const, articleId: r.articleId, version: 1 }));
}

async function saveOne(trx: Tx, item: ArticleToSave, storedAt: string, arrival: number | null = null): Promise<SaveResult> {
  const document = validDocument(item.document);
  const article = validArticle(item.article, document.origin);
  const annotations = validAnnotations(item.annotations, document.origin);
  const articleId = articleIdForKey(item.key);
  if (item.feedItem) {
    await feedQueries.writeFeedItem(trx, { ...item.feedItem, articleUrl: document.origin, outcome: 'stored', reason: null }, storedAt);
  }

  const known = await trx
    .selectFrom('articles as a')
    .innerJoin('article_versions as v', (join) => join.onRef('v.article_id', '=', 'a.id').onRef('v.version', '=', 'a.current_version'))
    .innerJoin('documents as d', 'd.id', 'v.document_id')
    .select(['a.key', 'a.current_version', 'a.arrival', 'v.id as version_id', 'd.content_hash'])
    .where('a.id', '=', articleId)
    .executeTakeFirst();
  if (known !== undefined && arrival !== null && known.arrival !== null && arrival < known.arrival) {
    // Workers settle inputs in any order: the article arrived with the earlier input.
    await trx.updateTable('articles').set({ arrival }).where('id', '=', articleId).execute();
  }
  if (known !== undefined && known.key !== item.key) {
    throw new Error(`cannot store ${document.origin}: its key "${item.key}" has the same article id ${articleId} as "${known.key}"`);
  }
  if (known !== undefined && known.content_hash === document.contentHash) {
    return { outcome: 'unchanged', articleId, version: known.current_version };
  }

  const version = known === undefined ? 1 : known.current_version + 1;
  if (known === undefined) {
    await trx.insertInto('articles').values({ id: articleId, key: item.key, current_version: version, first_stored_at: storedAt, arrival }).execute();
  } else {
    await trx.updateTable('articles').set({ current_version: version }).where('id', '=', articleId).execute();
    // Search, quotes and entities cover current versions only: the old version leaves them.
    await trx.deleteFrom('article_search').where('rowid', '=', known.version_id).execute();
    await annotationQueries.dropAnnotationRows(trx, known.version_id);
  }
  await insertVersions(trx, [{ articleId, version, document, article, annotations }], storedAt);
  return { outcome: known === undefined ? 'stored' : 'new-version', articleId, version };
}

/** Splits rows into multi-row insert statements of at most ARTICLES_PER_INSERT rows. */
function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += ARTICLES_PER_INSERT) out.push(list.slice(i, i + ARTICLES_PER_INSERT));
  return out;
}

/** What tells a document row from the others of one insert: the same bytes may come from several places. */
function documentKeyOf(document: { contentHash: string; origin: string; url: string | null }): string {
  return `${document.contentHash}\u0000${document.origin}\u0000${document.url ?? ''}`;
}

/**
 * Writes new versions of articles whose `articles` rows exist: their documents (bytes once per
 * hash), version rows, search rows and annotation rows, with a few multi-row statements however
 * many versions there are; ids follow the order given. The articles, and the documents, must differ from one another.
 */
async function insertVersions(
  trx: Tx,
  versions: readonly { articleId: string; version: number; document: Document; article: ExtractedArticle; annotations: Annotations }[],
  storedAt: string,
): Promise<void> {
  const uniqueBytes = [...new Map(versions.map((v) => [v.document.contentHash, v.document])).values()];
  for (const chunk of chunks(uniqueBytes)) {
    await trx
      .insertInto('document_bytes')
      .values(chunk.map((d) => ({ content_hash: d.contentHash, bytes: d.bytes, byte_length: d.bytes.byteLength })))
      .onConflict((oc) => oc.column('content_hash').doNothing())
      .execute();
  }
  const documentIds = new Map<string, number>();
  for (const chunk of chunks(versions)) {
    const inserted = await trx
      .insertInto('documents')
      .values(chunk.map(({ document: d }) => ({
        content_hash: d.contentHash, origin: d.origin, url: d.url, fetched_at: d.fetchedAt, content_type: d.contentType, declared_charset: d.declaredCharset,
      })))
      .returning(['id', 'content_hash', 'origin', 'url'])
      .execute();
    for (const d of inserted) documentIds.set(documentKeyOf({ contentHash: d.content_hash, origin: d.origin, url: d.url }), d.id);
  }
  const versionIds: number[] = [];
  for (const chunk of chunks(versions)) {
    const inserted = await trx
      .insertInto('article_versions')
      .values(chunk.map((v) => ({
        article_id: v.articleId, version: v.version, document_id: documentIds.get(documentKeyOf(v.document))!, stored_at: storedAt,
        ...versionColumns(v.article, v.document.url), annotations_json: JSON.stringify(v.annotations),
      })))
      .returning(['id', 'article_id'])
      .execute();
    const idOf = new Map(inserted.map((row) => [row.article_id, row.id]));
    versionIds.push(...chunk.map((v) => idOf.get(v.articleId)!));
  }
  for (const chunk of chunks(versions.map((v, i) => searchRowOf(versionIds[i]!, v.article)))) await trx.insertInto('article_search').values(chunk).execute();
  await annotationQueries.writeAnnotationRowsOfMany(trx, versions.map((v, i) => ({ versionId: versionIds[i]!, articleId: v.articleId, annotations: v.annotations })));
}

/** The article as JSON plus the columns lists, filters and sorting read. */
function versionColumns(article: ExtractedArticle, documentUrl: string | null) {
  return {
    extracted_json: JSON.stringify(article),
    title: article.title,
    title_origin: article.titleOrigin,
    outlet_name: article.outlet.name,
    outlet_domain: article.outlet.domain,
    published: article.published?.value ?? null,
    published_sort_key: article.published ? sortKeyOrNull(article.published) : null,
    language: article.language,
    url: article.canonicalUrl ?? article.url ?? documentUrl,
    word_count: wordCount(articleText(article)),
  };
}

function sortKeyOrNull(published: NonNullable<ExtractedArticle['published']>): number | null {
  const key = publishedSortKey(published);
  return Number.isFinite(key) ? key : null;
}

/** A version's row in the search index: its title and text, under the version's id. */
function searchRowOf(versionId: number, article: ExtractedArticle): { rowid: number; title: string; body: string } {
  return { rowid: versionId, title: article.title ?? '', body: articleText(article) };
}

/** Checks a document at the door, including that its hash is the hash of its bytes (bytes are stored once per hash). */
function validDocument(input: Document): Document {
  const origin = typeof input?.origin === 'string' ? input.origin : 'a document';
  const parsed = DocumentSchema.safeParse(input);
  if (!parsed.success) throw new Error(`cannot store ${origin}: invalid document: ${z.prettifyError(parsed.error)}`);
  const actual = createHash('sha256').update(parsed.data.bytes).digest('hex');
  if (actual !== parsed.data.contentHash) {
    throw new Error(`cannot store ${origin}: its contentHash ${parsed.data.contentHash} is not the SHA-256 of its bytes (${actual})`);
  }
  return parsed.data;
}

function validAnnotations(input: Annotations, label: string): Annotations {
  const parsed = AnnotationsSchema.safeParse(input);
  if (!parsed.success) throw new Error(`cannot store ${label}: invalid annotations: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function validArticle(input: ExtractedArticle, label: string): ExtractedArticle {
  const parsed = ExtractedArticleSchema.safeParse(input);
  if (!parsed.success) throw new Error(`cannot store ${label}: invalid extracted article: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
