import { sql, type Kysely } from 'kysely';
import { articleText, ExtractedArticleSchema } from '../../model/article.js';
import { StoryLinkSchema, type ArticleForLinking, type StoryArticle, type StoryDay, type StoryDetail, type StoryLink, type StorySummary, type ThreadSummary } from '../../model/story.js';
import type { StorylineDatabase } from '../schema.js';
import { AnnotationsSchema } from '../../model/annotations.js';
import type { ArticlePlacement, StoryArticleText, StoryListQuery, StoryTexts } from '../store.js';
import { resolveEntities } from './annotation-queries.js';
import { publicationDay } from './publication-day.js';
import type { SearchSyntax } from './search-syntax.js';

/**
 * Stories and threads in SQL: where linking placed each article, and the read models the story
 * list, story view and thread list show. Kept beside the store class so it stays the only SQL.
 */

type Db = Kysely<StorylineDatabase>;

/** Articles read per query while streaming for the linker. */
const LINKING_PAGE_SIZE = 200;
const DEFAULT_STORY_LIMIT = 50;

function forLinking(row: { article_id: string; extracted_json: string; published_sort_key: number | null; outlet_name: string | null; title: string | null; language: string | null }): ArticleForLinking {
  const article = ExtractedArticleSchema.parse(JSON.parse(row.extracted_json));
  return {
    id: row.article_id,
    title: row.title,
    text: articleText(article),
    published: row.published_sort_key === null ? null : Number(row.published_sort_key),
    outlet: row.outlet_name ?? article.outlet.domain,
    language: row.language,
  };
}

export async function* linkedArticles(db: Db): AsyncIterable<{ article: ArticleForLinking; link: StoryLink }> {
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('article_links as l')
      .innerJoin('stories as s', 's.id', 'l.story_id')
      .innerJoin('articles as a', 'a.id', 'l.article_id')
      .innerJoin('article_versions as v', (j) => j.onRef('v.article_id', '=', 'a.id').onRef('v.version', '=', 'a.current_version'))
      .select(['l.article_id', 'l.story_id', 'l.copy_of', 'l.copy_kind', 'l.linked_seq', 's.thread_id',
        'v.extracted_json', 'v.published_sort_key', 'v.outlet_name', 'v.title', 'v.language'])
      .where('l.linked_seq', '>', after)
      .orderBy('l.linked_seq')
      .limit(LINKING_PAGE_SIZE)
      .execute();
    for (const row of page) {
      const link = StoryLinkSchema.parse({ articleId: row.article_id, storyId: row.story_id, threadId: row.thread_id, copyOf: row.copy_of, copyKind: row.copy_kind });
      yield { article: forLinking(row), link };
    }
    if (page.length < LINKING_PAGE_SIZE) return;
    after = page.at(-1)!.linked_seq;
  }
}

export async function* unlinkedArticles(db: Db, options: { runsUpTo?: number } = {}): AsyncIterable<ArticleForLinking> {
  // A batch arrives at once, so it is placed in publication order (undated last, then arrival in
  // the ingest ledger, then storing order): originals before their copies, a story's first report
  // first, and the same order however many workers stored the batch. Only ids are held for the
  // whole batch; the articles themselves are read a page at a time.
  let select = db
    .selectFrom('articles as a')
    .innerJoin('article_versions as first', (j) => j.onRef('first.article_id', '=', 'a.id').on('first.version', '=', 1))
    .innerJoin('article_versions as v', (j) => j.onRef('v.article_id', '=', 'a.id').onRef('v.version', '=', 'a.current_version'))
    .leftJoin('article_links as l', 'l.article_id', 'a.id')
    .select(['a.id', 'a.arrival', 'v.published_sort_key', 'first.id as first_version_id'])
    .where('l.article_id', 'is', null);
  if (options.runsUpTo !== undefined) {
    const runsUpTo = options.runsUpTo;
    select = select
      .leftJoin('queued_inputs as q', 'q.id', 'a.arrival')
      .where((eb) => eb.or([eb('a.arrival', 'is', null), eb('q.run_id', '<=', runsUpTo)]));
  }
  const pending = await select.execute();
  pending.sort((a, b) => (a.published_sort_key ?? Infinity) - (b.published_sort_key ?? Infinity)
    || (a.arrival ?? Infinity) - (b.arrival ?? Infinity)
    || a.first_version_id - b.first_version_id);
  for (let i = 0; i < pending.length; i += LINKING_PAGE_SIZE) {
    const ids = pending.slice(i, i + LINKING_PAGE_SIZE).map((p) => p.id);
    const rows = await db
      .selectFrom('articles as a')
      .innerJoin('article_versions as v', (j) => j.onRef('v.article_id', '=', 'a.id').onRef('v.version', '=', 'a.current_version'))
      .select(['a.id as article_id', 'v.extracted_json', 'v.published_sort_key', 'v.outlet_name', 'v.title', 'v.language'])
      .where('a.id', 'in', ids)
      .execute();
    const byId = new Map(rows.map((r) => [r.article_id, r]));
    for (const id of ids) yield forLinking(byId.get(id)!);
  }
}

export async function placementCount(db: Db): Promise<number> {
  const { last } = await db.selectFrom('article_links').select((eb) => eb.fn.max('linked_seq').as('last')).executeTakeFirstOrThrow();
  return Number(last ?? 0);
}

export async function saveStoryLinks(db: Db, links: readonly StoryLink[]): Promise<void> {
  if (links.length === 0) return;
  await db.transaction().execute(async (trx) => {
    const { last } = await trx.selectFrom('article_links').select((eb) => eb.fn.max('linked_seq').as('last')).executeTakeFirstOrThrow();
    let seq = Number(last ?? 0);
    for (const input of links) {
      const link = StoryLinkSchema.parse(input);
      await trx.insertInto('stories').values({ id: link.storyId, thread_id: link.threadId }).onConflict((oc) => oc.column('id').doNothing()).execute();
      await trx
        .insertInto('article_links')
        .values({ article_id: link.articleId, story_id: link.storyId, copy_of: link.copyOf, copy_kind: link.copyKind, linked_seq: ++seq })
        .execute();
    }
  });
}

export async function repointCopies(db: Db, copies: readonly { articleId: string; copyOf: string; copyKind: StoryLink['copyKind'] }[]): Promise<void> {
  if (copies.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const c of copies) {
      await trx.updateTable('article_links').set({ copy_of: c.copyOf, copy_kind: c.copyKind }).where('article_id', '=', c.articleId).execute();
    }
  });
}

/** Where linking placed an article: its story, thread, original, and the articles that copy it. */
export async function articlePlacement(db: Db, articleId: string): Promise<ArticlePlacement | null> {
  const link = await db
    .selectFrom('article_links as l')
    .innerJoin('stories as s', 's.id', 'l.story_id')
    .select(['l.story_id', 's.thread_id', 'l.copy_of', 'l.copy_kind'])
    .where('l.article_id', '=', articleId)
    .executeTakeFirst();
  if (!link) return null;
  // Copies share their original's story: the story's index finds them.
  const copies = await db
    .selectFrom('article_links')
    .select(['article_id', 'copy_kind'])
    .where('story_id', '=', link.story_id)
    .where('copy_of', '=', articleId)
    .orderBy('linked_seq')
    .execute();
  const kind = (k: string | null): StoryLink['copyKind'] => StoryLinkSchema.shape.copyKind.parse(k);
  return {
    storyId: link.story_id, threadId: link.thread_id, copyOf: link.copy_of, copyKind: kind(link.copy_kind),
    copies: copies.map((c) => ({ articleId: c.article_id, copyKind: kind(c.copy_kind) })),
  };
}

interface StoryArticleRow {
  story_id: string;
  article_id: string;
  title: string | null;
  title_origin: string | null;
  outlet_name: string | null;
  outlet_domain: string | null;
  published: string | null;
  published_sort_key: number | null;
  url: string | null;
  copy_of: string | null;
  copy_kind: string | null;
  linked_seq: number;
  language: string | null;
}

/** The articles of the given stories, current versions, in placing order. */
async function storyArticles(db: Db, storyIds: readonly string[]): Promise<StoryArticleRow[]> {
  if (storyIds.length === 0) return [];
  return db
    .selectFrom('article_links as l')
    .innerJoin('articles as a', 'a.id', 'l.article_id')
    .innerJoin('article_versions as v', (j) => j.onRef('v.article_id', '=', 'a.id').onRef('v.version', '=', 'a.current_version'))
    .select(['l.story_id', 'l.article_id', 'v.title', 'v.title_origin', 'v.outlet_name', 'v.outlet_domain', 'v.published', 'v.published_sort_key', 'v.url', 'l.copy_of', 'l.copy_kind', 'l.linked_seq', 'v.language'])
    .where('l.story_id', 'in', storyIds)
    .orderBy('l.linked_seq')
    .execute();
}

/** Time order, undated last; each copy right after its original. */
function inReadingOrder(rows: StoryArticleRow[]): StoryArticleRow[] {
  const byTime = [...rows].sort((a, b) => (a.published_sort_key ?? Infinity) - (b.published_sort_key ?? Infinity) || a.linked_seq - b.linked_seq);
  const copiesOf = new Map<string, StoryArticleRow[]>();
  for (const r of byTime) if (r.copy_of) copiesOf.set(r.copy_of, [...(copiesOf.get(r.copy_of) ?? []), r]);
  const inStory = new Set(rows.map((r) => r.article_id));
  const out: StoryArticleRow[] = [];
  for (const r of byTime) {
    if (r.copy_of && inStory.has(r.copy_of)) continue;
    out.push(r, ...(copiesOf.get(r.article_id) ?? []));
  }
  return out;
}

/**
 * The headline a story (or thread) is shown under: its founding article's, unless that one only
 * has a title derived from its text and another original article has one found on its page —
 * then the earliest such.
 */
function headlineOf(foundingId: string, rows: readonly StoryArticleRow[]): string | null {
  const founder = rows.find((r) => r.article_id === foundingId) ?? rows[0];
  if (founder?.title && founder.title_origin !== 'derived') return founder.title;
  const found = rows
    .filter((r) => r.title && r.title_origin === 'found' && !r.copy_of)
    .sort((a, b) => (a.published_sort_key ?? Infinity) - (b.published_sort_key ?? Infinity) || a.linked_seq - b.linked_seq)[0];
  return found?.title ?? founder?.title ?? null;
}

function summaryOf(id: string, threadId: string, rows: StoryArticleRow[]): StorySummary {
  const dated = rows.filter((r) => r.published_sort_key !== null).sort((a, b) => Number(a.published_sort_key) - Number(b.published_sort_key));
  const outlets = [...new Set(rows.map((r) => r.outlet_name ?? r.outlet_domain).filter((o): o is string => Boolean(o)))];
  return {
    id,
    threadId,
    headline: headlineOf(id, rows),
    articles: rows.length,
    independentArticles: rows.filter((r) => !r.copy_of).length,
    outlets,
    firstPublished: dated[0]?.published ?? null,
    lastPublished: dated.at(-1)?.published ?? null,
    languages: byUse(rows.map((r) => r.language)),
    coverage: coverageOf(dated),
  };
}

/** Distinct values, the most frequent first (ties alphabetical); nulls left out. */
function byUse(values: readonly (string | null)[]): string[] {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort(([a, m], [b, n]) => n - m || a.localeCompare(b)).map(([v]) => v);
}

/** Dated articles per day, ascending. (Days are the pages' own, so time order alone does not sort them.) */
function coverageOf(dated: readonly StoryArticleRow[]): StoryDay[] {
  const perDay = new Map<string, number>();
  for (const r of dated) {
    const day = publicationDay(r.published, r.published_sort_key!);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  return [...perDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, articles]) => ({ day, articles }));
}

function toStoryArticle(r: StoryArticleRow): StoryArticle {
  return {
    id: r.article_id, title: r.title, outlet: r.outlet_name ?? r.outlet_domain, published: r.published, url: r.url,
    copyOf: r.copy_of, copyKind: r.copy_kind as StoryArticle['copyKind'],
  };
}

/** Stories and threads newest first: by their latest dated article (undated last), then the most recently placed. */
const NEWEST_FIRST = sql`max(v.published_sort_key) is null, max(v.published_sort_key) desc, max(l.linked_seq) desc`;

export async function listStories(db: Db, search: SearchSyntax, query: StoryListQuery = {}): Promise<StorySummary[]> {
  let select = db
    .selectFrom('article_links as l')
    .innerJoin('stories as s', 's.id', 'l.story_id')
    .innerJoin('articles as a', 'a.id', 'l.article_id')
    .innerJoin('article_versions as v', (j) => j.onRef('v.article_id', '=', 'a.id').onRef('v.version', '=', 'a.current_version'))
    .select(['l.story_id', 's.thread_id'])
    .groupBy(['l.story_id', 's.thread_id']);
  if (query.since !== undefined) select = select.having((eb) => eb.fn.max('v.published_sort_key'), '>=', query.since);
  if (query.until !== undefined) select = select.having((eb) => eb.fn.min('v.published_sort_key'), '<=', query.until);
  if (query.outlet !== undefined) {
    const outlet = query.outlet.trim().toLowerCase();
    select = select.where('l.story_id', 'in', db
      .selectFrom('article_links as ol')
      .innerJoin('articles as oa', 'oa.id', 'ol.article_id')
      .innerJoin('article_versions as ov', (j) => j.onRef('ov.article_id', '=', 'oa.id').onRef('ov.version', '=', 'oa.current_version'))
      .select('ol.story_id')
      .where((eb) => eb.or([eb(eb.fn('lower', ['ov.outlet_name']), '=', outlet), eb(eb.fn('lower', ['ov.outlet_domain']), '=', outlet)])));
  }
  if (query.query !== undefined) {
    const match = search.matching(query.query);
    if (match === null) return [];
    select = select.where('l.story_id', 'in', db
      .selectFrom('article_search')
      .innerJoin('article_versions as sv', 'sv.id', 'article_search.rowid')
      .innerJoin('article_links as sl', 'sl.article_id', 'sv.article_id')
      .select('sl.story_id')
      .where(match.condition));
  }
  if (query.entity !== undefined) {
    const entities = await resolveEntities(db, query.entity, query.entityType);
    if (entities.length === 0) return [];
    select = select.where('l.story_id', 'in', db
      .selectFrom('entity_mentions as em')
      .innerJoin('article_links as el', 'el.article_id', 'em.article_id')
      .select('el.story_id')
      .where((eb) => eb.or(entities.map((e) => eb.and([eb('em.type', '=', e.type), eb('em.canonical', 'in', e.names)])))));
  }
  if (query.language !== undefined) {
    select = select.where('l.story_id', 'in', db
      .selectFrom('article_links as gl')
      .innerJoin('articles as ga', 'ga.id', 'gl.article_id')
      .innerJoin('article_versions as gv', (j) => j.onRef('gv.article_id', '=', 'ga.id').onRef('gv.version', '=', 'ga.current_version'))
      .select('gl.story_id')
      .where(sql<string>`lower(gv.language)`, '=', query.language.trim().toLowerCase()));
  }
  const order = (query.sort ?? 'newest') === 'largest' ? sql`count(*) desc, ${NEWEST_FIRST}` : NEWEST_FIRST;
  const page = await select.orderBy(order).limit(query.limit ?? DEFAULT_STORY_LIMIT).offset(query.offset ?? 0).execute();
  const rows = await storyArticles(db, page.map((p) => p.story_id));
  return page.map((p) => summaryOf(p.story_id, p.thread_id, rows.filter((r) => r.story_id === p.story_id)));
}

export async function getStory(db: Db, id: string): Promise<StoryDetail | null> {
  const story = await db.selectFrom('stories').selectAll().where('id', '=', id).executeTakeFirst();
  if (!story) return null;
  const threadStories = await db.selectFrom('stories').select('id').where('thread_id', '=', story.thread_id).execute();
  const rows = await storyArticles(db, threadStories.map((s) => s.id));
  const thread = threadStories
    .filter((s) => s.id !== id)
    .map((s) => summaryOf(s.id, story.thread_id, rows.filter((r) => r.story_id === s.id)))
    // Oldest first; ties (undated stories) by id, so every store lists them alike.
    .sort((a, b) => (a.firstPublished ?? '\uffff').localeCompare(b.firstPublished ?? '\uffff') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const own = rows.filter((r) => r.story_id === id);
  return { ...summaryOf(id, story.thread_id, own), articleList: inReadingOrder(own).map(toStoryArticle), thread };
}

export async function listThreads(db: Db, query: { limit?: number; offset?: number } = {}): Promise<ThreadSummary[]> {
  const grouped = db
    .selectFrom('stories as s')
    .innerJoin('article_links as l', 'l.story_id', 's.id')
    .innerJoin('articles as a', 'a.id', 'l.article_id')
    .innerJoin('article_versions as v', (j) => j.onRef('v.article_id', '=', 'a.id').onRef('v.version', '=', 'a.current_version'))
    .select((eb) => [
      's.thread_id',
      eb.fn.count<number>('s.id').distinct().as('stories'),
      eb.fn.countAll<number>().as('articles'),
    ])
    .groupBy('s.thread_id');
  const page = await grouped.orderBy(NEWEST_FIRST).limit(query.limit ?? DEFAULT_STORY_LIMIT).offset(query.offset ?? 0).execute();
  if (page.length === 0) return [];
  // Two queries for the whole page, not two per thread: its stories, then their articles.
  const stories = await db.selectFrom('stories').select(['id', 'thread_id']).where('thread_id', 'in', page.map((t) => t.thread_id)).execute();
  const threadOf = new Map(stories.map((s) => [s.id, s.thread_id]));
  const rows = await storyArticles(db, stories.map((s) => s.id));
  return page.map((t) => {
    const own = rows.filter((r) => threadOf.get(r.story_id) === t.thread_id);
    const dated = own.filter((r) => r.published_sort_key !== null).sort((a, b) => Number(a.published_sort_key) - Number(b.published_sort_key));
    return {
      id: t.thread_id,
      stories: Number(t.stories),
      articles: Number(t.articles),
      headline: headlineOf(t.thread_id, own.filter((r) => r.story_id === t.thread_id)),
      firstPublished: dated[0]?.published ?? null,
      lastPublished: dated.at(-1)?.published ?? null,
    };
  });
}

/**
 * A story's articles with their extractions and annotations (one query, current versions), and
 * the corpus's names for the people they name (a second): what a story report needs.
 */
export async function getStoryTexts(db: Db, id: string): Promise<StoryTexts | null> {
  const rows = await db
    .selectFrom('article_links as l')
    .innerJoin('stories as s', 's.id', 'l.story_id')
    .innerJoin('articles as a', 'a.id', 'l.article_id')
    .innerJoin('article_versions as v', (j) => j.onRef('v.article_id', '=', 'a.id').onRef('v.version', '=', 'a.current_version'))
    .select(['l.story_id', 's.thread_id', 'l.article_id', 'v.title', 'v.title_origin', 'v.outlet_name', 'v.outlet_domain', 'v.published', 'v.published_sort_key',
      'v.url', 'l.copy_of', 'l.copy_kind', 'l.linked_seq', 'v.language', 'v.extracted_json', 'v.annotations_json'])
    .where('l.story_id', '=', id)
    .orderBy('l.linked_seq')
    .execute();
  if (rows.length === 0) return null;
  const byId = new Map(rows.map((r) => [r.article_id, r]));
  const articles: StoryArticleText[] = inReadingOrder(rows).map((r) => {
    const full = byId.get(r.article_id)!;
    const extracted = ExtractedArticleSchema.parse(JSON.parse(full.extracted_json));
    return {
      ...toStoryArticle(r),
      outletDomain: r.outlet_domain,
      language: full.language,
      publication: extracted.published,
      text: articleText(extracted),
      annotations: full.annotations_json ? AnnotationsSchema.parse(JSON.parse(full.annotations_json)) : null,
      citedSources: extracted.citedSources,
    };
  });
  const people = new Set<string>();
  for (const a of articles) {
    for (const e of a.annotations?.entities ?? []) if (e.type === 'person') people.add(e.canonical);
    for (const q of a.annotations?.quotes ?? []) if (q.speaker) people.add(q.speaker);
    for (const c of a.annotations?.citations ?? []) people.add(c.source);
  }
  const aliasRows = people.size === 0 ? [] : await db
    .selectFrom('entity_aliases')
    .select(['name', 'canonical'])
    .where('type', '=', 'person')
    .where('name', 'in', [...people])
    .execute();
  const personAliases: Record<string, string> = {};
  for (const a of aliasRows) if (a.name !== a.canonical) personAliases[a.name] = a.canonical;
  return { story: summaryOf(id, rows[0]!.thread_id, rows), articles, personAliases };
}
