import { sql, type Kysely, type Transaction } from 'kysely';
import { AnnotationsSchema, type Annotations } from '../../model/annotations.js';
import type { StorylineDatabase } from '../schema.js';
import type { EntitySummary, QuoteListQuery, StoredQuote } from '../store.js';

/**
 * Who says what in SQL: the quote and entity rows of current versions, written beside the search
 * row whenever a version becomes current or is re-analysed, and the quote and entity read models.
 */

type Db = Kysely<StorylineDatabase>;
type Tx = Transaction<StorylineDatabase>;

const DEFAULT_LIMIT = 50;
/** Rows per multi-row insert: well under SQLite's bound-parameter limit at 8 columns a row. */
const ROWS_PER_INSERT = 500;

/** Replaces the quote and entity rows of a (current) version with those of `annotations`. */
export async function writeAnnotationRows(trx: Tx, versionId: number, articleId: string, annotations: Annotations): Promise<void> {
  await dropAnnotationRows(trx, versionId);
  const quotes = annotations.quotes.map((q, position) => ({
    version_id: versionId, article_id: articleId, position, speaker: q.speaker, speaker_text: q.speakerText, text: q.text, start: q.start, end: q.end,
  }));
  const counts = new Map<string, { canonical: string; type: string; mentions: number }>();
  for (const e of annotations.entities) {
    const key = `${e.type}\u0000${e.canonical}`;
    const entry = counts.get(key) ?? { canonical: e.canonical, type: e.type, mentions: 0 };
    entry.mentions++;
    counts.set(key, entry);
  }
  const entities = [...counts.values()].map((e) => ({ version_id: versionId, article_id: articleId, ...e }));
  // Many rows per statement: one insert per row made storing an article cost milliseconds.
  for (let i = 0; i < quotes.length; i += ROWS_PER_INSERT) await trx.insertInto('quotes').values(quotes.slice(i, i + ROWS_PER_INSERT)).execute();
  for (let i = 0; i < entities.length; i += ROWS_PER_INSERT) await trx.insertInto('entity_mentions').values(entities.slice(i, i + ROWS_PER_INSERT)).execute();
}

/** A version stops being current: its quote and entity rows leave with its search row. */
export async function dropAnnotationRows(trx: Tx, versionId: number): Promise<void> {
  await trx.deleteFrom('quotes').where('version_id', '=', versionId).execute();
  await trx.deleteFrom('entity_mentions').where('version_id', '=', versionId).execute();
}

export async function getAnnotations(db: Db, articleId: string): Promise<Annotations | null> {
  const row = await db
    .selectFrom('articles as a')
    .innerJoin('article_versions as v', (j) => j.onRef('v.article_id', '=', 'a.id').onRef('v.version', '=', 'a.current_version'))
    .select('v.annotations_json')
    .where('a.id', '=', articleId)
    .executeTakeFirst();
  if (!row?.annotations_json) return null;
  return AnnotationsSchema.parse(JSON.parse(row.annotations_json));
}

export async function listQuotes(db: Db, query: QuoteListQuery = {}): Promise<StoredQuote[]> {
  // A speaker is shown, and found, under the corpus's name for them.
  const speaker = sql<string | null>`coalesce(ea.canonical, q.speaker)`;
  let select = db
    .selectFrom('quotes as q')
    .innerJoin('article_versions as v', 'v.id', 'q.version_id')
    .leftJoin('article_links as l', 'l.article_id', 'q.article_id')
    .leftJoin('entity_aliases as ea', (j) => j.on('ea.type', '=', 'person').onRef('ea.name', '=', 'q.speaker'))
    .select(['q.article_id', 'v.title', 'v.outlet_name', 'v.outlet_domain', 'v.published', 'l.story_id', speaker.as('speaker'), 'q.speaker_text', 'q.text']);
  if (query.speaker !== undefined) {
    // Every word of the name must appear in the speaker: "blinken" finds "Antony Blinken".
    for (const word of query.speaker.toLowerCase().split(/\s+/).filter(Boolean)) {
      select = select.where(sql<string>`lower(${speaker})`, 'like', `%${word.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
    }
  }
  if (query.storyId !== undefined) select = select.where('l.story_id', '=', query.storyId);
  const rows = await select
    .orderBy(sql`v.published_sort_key is null`)
    .orderBy('v.published_sort_key', 'desc')
    .orderBy('q.version_id', 'desc')
    .orderBy('q.position')
    .limit(query.limit ?? DEFAULT_LIMIT)
    .offset(query.offset ?? 0)
    .execute();
  return rows.map((r) => ({
    articleId: r.article_id, title: r.title, outlet: r.outlet_name ?? r.outlet_domain, published: r.published,
    storyId: r.story_id, speaker: r.speaker, speakerText: r.speaker_text, text: r.text,
  }));
}

export async function listEntities(db: Db, query: { type?: string; limit?: number; offset?: number } = {}): Promise<EntitySummary[]> {
  const name = sql<string>`coalesce(ea.canonical, m.canonical)`;
  let select = db
    .selectFrom('entity_mentions as m')
    .leftJoin('entity_aliases as ea', (j) => j.onRef('ea.type', '=', 'm.type').onRef('ea.name', '=', 'm.canonical'))
    .select((eb) => [
      name.as('name'),
      'm.type',
      // An article may use two names of one entity: it still counts once.
      sql<number>`count(distinct m.article_id)`.as('articles'),
      eb.fn.sum<number>('m.mentions').as('mentions'),
    ])
    .groupBy([name, 'm.type']);
  if (query.type !== undefined) select = select.where('m.type', '=', query.type);
  const rows = await select
    .orderBy('articles', 'desc')
    .orderBy('mentions', 'desc')
    .orderBy('name')
    .limit(query.limit ?? DEFAULT_LIMIT)
    .offset(query.offset ?? 0)
    .execute();
  // The other names of the page's entities, in one query (names may hold commas: no string joining).
  const aliasRows = rows.length === 0 ? [] : await db
    .selectFrom('entity_aliases')
    .select(['type', 'name', 'canonical'])
    .where('canonical', 'in', rows.map((r) => r.name))
    .orderBy('name')
    .execute();
  return rows.map((r) => {
    const aliases = aliasRows.filter((a) => a.type === r.type && a.canonical === r.name).map((a) => a.name);
    return { name: r.name, type: r.type, articles: Number(r.articles), mentions: Number(r.mentions), ...(aliases.length ? { aliases } : {}) };
  });
}

export async function entityNames(db: Db): Promise<EntitySummary[]> {
  const rows = await db
    .selectFrom('entity_mentions')
    .select((eb) => ['canonical', 'type', eb.fn.countAll<number>().as('articles'), eb.fn.sum<number>('mentions').as('mentions')])
    .groupBy(['canonical', 'type'])
    .execute();
  return rows.map((r) => ({ name: r.canonical, type: r.type, articles: Number(r.articles), mentions: Number(r.mentions) }));
}

export async function replaceEntityAliases(db: Db, aliases: readonly { type: string; name: string; canonical: string }[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('entity_aliases').execute();
    for (let i = 0; i < aliases.length; i += ROWS_PER_INSERT) {
      await trx.insertInto('entity_aliases').values(aliases.slice(i, i + ROWS_PER_INSERT).map((a) => ({ type: a.type, name: a.name, canonical: a.canonical }))).execute();
    }
  });
}
