import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { AnnotationsSchema, type Annotations } from '../../model/annotations.js';
import type { StorylineDatabase } from '../schema.js';
import type { EntityDetail, EntityListQuery, EntitySummary, QuoteListQuery, StoredQuote } from '../store.js';
import { publicationDay } from './publication-day.js';

/**
 * Who says what in SQL: the quote and entity rows of current versions, written beside the search
 * row whenever a version becomes current or is re-analysed, and the quote and entity read models.
 */

type Db = Kysely<StorylineDatabase>;
type Tx = Transaction<StorylineDatabase>;

const DEFAULT_LIMIT = 50;
/** Quotes by and about an entity its page shows unless asked otherwise. */
const ENTITY_QUOTES = 100;
/** Rows per multi-row insert: well under SQLite's bound-parameter limit at 8 columns a row. */
const ROWS_PER_INSERT = 500;

/** Writes the quote and entity rows of a current version that has none yet (to replace them, drop the old rows first). */
export async function writeAnnotationRows(trx: Tx, versionId: number, articleId: string, annotations: Annotations): Promise<void> {
  await writeAnnotationRowsOfMany(trx, [{ versionId, articleId, annotations }]);
}

/** `writeAnnotationRows` for several new versions at once, a few multi-row statements for all of them. */
export async function writeAnnotationRowsOfMany(trx: Tx, versions: readonly { versionId: number; articleId: string; annotations: Annotations }[]): Promise<void> {
  const quotes = versions.flatMap(({ versionId, articleId, annotations }) => annotations.quotes.map((q, position) => ({
    version_id: versionId, article_id: articleId, position, speaker: q.speaker, speaker_text: q.speakerText, text: q.text, start: q.start, end: q.end,
  })));
  const entities = versions.flatMap(({ versionId, articleId, annotations }) => {
    const counts = new Map<string, { canonical: string; type: string; mentions: number }>();
    for (const e of annotations.entities) {
      const key = `${e.type}\u0000${e.canonical}`;
      const entry = counts.get(key) ?? { canonical: e.canonical, type: e.type, mentions: 0 };
      entry.mentions++;
      counts.set(key, entry);
    }
    return [...counts.values()].map((e) => ({ version_id: versionId, article_id: articleId, ...e }));
  });
  // Many rows per statement: one insert per row made storing an article cost milliseconds.
  for (let i = 0; i < quotes.length; i += ROWS_PER_INSERT) await trx.insertInto('quotes').values(quotes.slice(i, i + ROWS_PER_INSERT)).execute();
  for (let i = 0; i < entities.length; i += ROWS_PER_INSERT) await trx.insertInto('entity_mentions').values(entities.slice(i, i + ROWS_PER_INSERT)).execute();
  await adjustEntityTotals(trx, entities, 1);
}

/** A version stops being current: its quote and entity rows leave with its search row. */
export async function dropAnnotationRows(trx: Tx, versionId: number): Promise<void> {
  await trx.deleteFrom('quotes').where('version_id', '=', versionId).execute();
  const leaving = await trx.selectFrom('entity_mentions').select(['canonical', 'type', 'mentions']).where('version_id', '=', versionId).execute();
  await trx.deleteFrom('entity_mentions').where('version_id', '=', versionId).execute();
  await adjustEntityTotals(trx, leaving, -1);
}

/**
 * Adds (sign 1) or removes (sign -1) articles' entity rows to or from `entity_totals`: an article
 * counts once for each entity however many of its names it uses, as a recount would count it.
 * Rows without `article_id` are one article's.
 */
async function adjustEntityTotals(trx: Tx, rows: readonly { canonical: string; type: string; mentions: number; article_id?: string }[], sign: 1 | -1): Promise<void> {
  if (rows.length === 0) return;
  const key = (type: string, name: string): string => `${type}\u0000${name}`;
  const aliases = await trx
    .selectFrom('entity_aliases')
    .select(['type', 'name', 'canonical'])
    // Both key columns, so the primary key finds them: by name alone, a large alias table is read whole for every article.
    .where('type', 'in', [...new Set(rows.map((r) => r.type))])
    .where('name', 'in', [...new Set(rows.map((r) => r.canonical))])
    .execute();
  const canonicalOf = new Map(aliases.map((a) => [key(a.type, a.name), a.canonical]));
  const perEntity = new Map<string, { type: string; name: string; articles: Set<string>; mentions: number }>();
  for (const r of rows) {
    const name = canonicalOf.get(key(r.type, r.canonical)) ?? r.canonical;
    const entry = perEntity.get(key(r.type, name)) ?? { type: r.type, name, articles: new Set<string>(), mentions: 0 };
    entry.articles.add(r.article_id ?? '');
    entry.mentions += sign * r.mentions;
    perEntity.set(key(r.type, name), entry);
  }
  const totals = [...perEntity.values()].map((e) => ({ type: e.type, name: e.name, articles: sign * e.articles.size, mentions: e.mentions }));
  for (let i = 0; i < totals.length; i += ROWS_PER_INSERT) {
    const chunk = totals.slice(i, i + ROWS_PER_INSERT);
    await trx
      .insertInto('entity_totals')
      .values(chunk)
      .onConflict((oc) => oc.columns(['type', 'name']).doUpdateSet({
        articles: sql`entity_totals.articles + excluded.articles`,
        mentions: sql`entity_totals.mentions + excluded.mentions`,
      }))
      .execute();
    if (sign < 0) {
      const pairs = sql.join(chunk.map((t) => sql`(${t.type}, ${t.name})`));
      await trx.deleteFrom('entity_totals').where('articles', '<=', 0).where(sql<boolean>`(type, name) in (values ${pairs})`).execute();
    }
  }
}

/** Counts every entity afresh from its mention rows, through the current aliases. */
async function recountEntityTotals(trx: Tx): Promise<void> {
  await trx.deleteFrom('entity_totals').execute();
  await sql`insert into entity_totals (type, name, articles, mentions)
    select m.type, coalesce(ea.canonical, m.canonical), count(distinct m.article_id), sum(m.mentions)
    from entity_mentions m left join entity_aliases ea on ea.type = m.type and ea.name = m.canonical
    group by m.type, coalesce(ea.canonical, m.canonical)`.execute(trx);
}

/**
 * `text` occurs in `expression`, case-insensitively, % and _ taken literally. Both sides are folded
 * by SQL's lower() so they fold alike (it leaves non-ASCII letters as they are).
 */
function containsText(expression: RawBuilder<string | null>, text: string): RawBuilder<boolean> {
  const pattern = `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`lower(${expression}) like lower(${pattern}) escape '\\'`;
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

/** Quote filters beyond the public query: an entity's page asks for quotes by it and about it. */
interface QuoteFilter extends QuoteListQuery {
  /** Only quotes whose speaker, as stored, is one of these names. */
  speakerIn?: readonly string[];
  /** Only quotes in articles naming this entity, by other speakers (or none). */
  about?: { type: string; names: readonly string[] };
}

export async function listQuotes(db: Db, query: QuoteFilter = {}): Promise<StoredQuote[]> {
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
    for (const word of query.speaker.split(/\s+/).filter(Boolean)) {
      select = select.where(containsText(speaker, word));
    }
  }
  if (query.storyId !== undefined) select = select.where('l.story_id', '=', query.storyId);
  if (query.speakerIn !== undefined) select = select.where('q.speaker', 'in', query.speakerIn.length ? [...query.speakerIn] : ['']);
  if (query.about !== undefined) {
    const { type, names } = query.about;
    select = select
      .where('q.article_id', 'in', db.selectFrom('entity_mentions').select('article_id').where('type', '=', type).where('canonical', 'in', [...names]))
      .where((eb) => eb.or([eb('q.speaker', 'is', null), eb('q.speaker', 'not in', [...names])]));
  }
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

/** An entity as the corpus merged it: its name, type, and every name the articles used for it. */
export interface ResolvedEntity {
  name: string;
  type: string;
  /** The name and its aliases. */
  names: string[];
}

/**
 * The entities a name stands for, typed in any case and possibly an alias ("anthony blinken" →
 * Antony Blinken), each with all its names. Several when entities of different types share a name.
 */
export async function resolveEntities(db: Db, name: string, type?: string): Promise<ResolvedEntity[]> {
  let named = db
    .selectFrom('entity_mentions as m')
    .leftJoin('entity_aliases as ea', (j) => j.onRef('ea.type', '=', 'm.type').onRef('ea.name', '=', 'm.canonical'))
    .select([sql<string>`coalesce(ea.canonical, m.canonical)`.as('name'), 'm.type'])
    .distinct()
    // The same expression as the index entity_mentions_by_lower_name.
    .where(sql`lower(m.canonical)`, '=', sql`lower(${name.trim()})`);
  if (type !== undefined) named = named.where('m.type', '=', type);
  // A corpus name no current article uses verbatim any more still names its entity.
  let merged = db.selectFrom('entity_aliases').select(['canonical as name', 'type']).distinct().where(sql`lower(canonical)`, '=', sql`lower(${name.trim()})`);
  if (type !== undefined) merged = merged.where('type', '=', type);
  const found = [...await named.execute(), ...await merged.execute()];
  const canonicals = [...new Map(found.map((c) => [`${c.type}\u0000${c.name}`, c])).values()];
  if (canonicals.length === 0) return [];
  const aliases = await db
    .selectFrom('entity_aliases')
    .select(['type', 'name', 'canonical'])
    .where('canonical', 'in', [...new Set(canonicals.map((c) => c.name))])
    .orderBy('name')
    .execute();
  return canonicals.map((c) => ({
    name: c.name,
    type: c.type,
    names: [c.name, ...aliases.filter((a) => a.type === c.type && a.canonical === c.name && a.name !== c.name).map((a) => a.name)],
  }));
}

/** The counts and mentions over time of the entity a name stands for (the most widely named, when several); null when none. */
export async function getEntity(db: Db, name: string, type?: string): Promise<(ResolvedEntity & Omit<EntityDetail, 'stories' | 'quotesBy' | 'quotesAbout'>) | null> {
  const candidates = await resolveEntities(db, name, type);
  // The counts the entity list shows, kept by the store.
  const counted = await Promise.all(candidates.map(async (entity) => {
    const totals = await db.selectFrom('entity_totals').select(['articles', 'mentions']).where('type', '=', entity.type).where('name', '=', entity.name).executeTakeFirst();
    return { ...entity, articles: Number(totals?.articles ?? 0), mentions: Number(totals?.mentions ?? 0) };
  }));
  const entity = counted
    .filter((e) => e.articles > 0)
    .sort((a, b) => b.articles - a.articles || b.mentions - a.mentions || a.type.localeCompare(b.type))[0];
  if (entity === undefined) return null;
  // Through the article's current version (the mention rows' own), so the dates come from an index, not the versions' wide rows.
  const dated = await db
    .selectFrom('entity_mentions as m')
    .innerJoin('articles as a', 'a.id', 'm.article_id')
    .innerJoin('article_versions as v', (j) => j.onRef('v.article_id', '=', 'a.id').onRef('v.version', '=', 'a.current_version'))
    .select(['v.published', 'v.published_sort_key', (eb) => eb.fn.sum<number>('m.mentions').as('mentions')])
    .where('m.type', '=', entity.type)
    .where('m.canonical', 'in', entity.names)
    .where('v.published_sort_key', 'is not', null)
    .groupBy(['m.article_id', 'v.published', 'v.published_sort_key'])
    .execute();
  const byDay = new Map<string, number>();
  for (const d of dated) {
    const day = publicationDay(d.published, d.published_sort_key!);
    byDay.set(day, (byDay.get(day) ?? 0) + Number(d.mentions));
  }
  const mentionsByDay = [...byDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, mentions]) => ({ day, mentions }));
  return { ...entity, aliases: entity.names.slice(1), mentionsByDay };
}

/** Quotes an entity speaks, and quotes by others in the articles that name it. */
export async function entityQuotes(db: Db, entity: ResolvedEntity, limit = ENTITY_QUOTES): Promise<Pick<EntityDetail, 'quotesBy' | 'quotesAbout'>> {
  const [quotesBy, quotesAbout] = await Promise.all([
    listQuotes(db, { speakerIn: entity.names, limit }),
    listQuotes(db, { about: entity, limit }),
  ]);
  return { quotesBy, quotesAbout };
}

export async function listEntities(db: Db, query: EntityListQuery = {}): Promise<EntitySummary[]> {
  let select = db.selectFrom('entity_totals as t').select(['t.name', 't.type', 't.articles', 't.mentions']);
  if (query.type !== undefined) select = select.where('t.type', '=', query.type);
  if (query.query !== undefined) select = select.where(containsText(sql<string>`t.name`, query.query.trim()));
  const rows = await select
    .orderBy('t.articles', 'desc')
    .orderBy('t.mentions', 'desc')
    .orderBy('t.name')
    .orderBy('t.type')
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

/** The entities a story's articles name, those named in most of its articles first, names merged as the corpus merged them. */
export async function storyEntities(db: Db, storyId: string, limit = DEFAULT_LIMIT): Promise<EntitySummary[]> {
  const name = sql<string>`coalesce(ea.canonical, m.canonical)`;
  const rows = await db
    .selectFrom('article_links as l')
    .innerJoin('entity_mentions as m', 'm.article_id', 'l.article_id')
    .leftJoin('entity_aliases as ea', (j) => j.onRef('ea.type', '=', 'm.type').onRef('ea.name', '=', 'm.canonical'))
    .select([name.as('name'), 'm.type', (eb) => eb.fn.count<number>('m.article_id').distinct().as('articles'), (eb) => eb.fn.sum<number>('m.mentions').as('mentions')])
    .where('l.story_id', '=', storyId)
    .groupBy([name, 'm.type'])
    .orderBy('articles', 'desc')
    .orderBy('mentions', 'desc')
    .orderBy('name')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ name: r.name, type: r.type, articles: Number(r.articles), mentions: Number(r.mentions) }));
}

/**
 * Every name with its counts, by name then type in UTF-8 byte order: the corpus's aliases are
 * computed from this list, and must not depend on the order a database's grouping happens to give
 * (SQLite's is this one; PostgreSQL's hash grouping has none).
 */
export async function entityNames(db: Db): Promise<EntitySummary[]> {
  const rows = await db
    .selectFrom('entity_mentions')
    .select((eb) => ['canonical', 'type', eb.fn.countAll<number>().as('articles'), eb.fn.sum<number>('mentions').as('mentions')])
    .groupBy(['canonical', 'type'])
    .execute();
  const keyed = rows.map((r) => ({ key: Buffer.from(`${r.canonical}\u0000${r.type}`), row: r }));
  keyed.sort((a, b) => Buffer.compare(a.key, b.key));
  return keyed.map(({ row: r }) => ({ name: r.canonical, type: r.type, articles: Number(r.articles), mentions: Number(r.mentions) }));
}

export async function replaceEntityAliases(db: Db, aliases: readonly { type: string; name: string; canonical: string }[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('entity_aliases').execute();
    for (let i = 0; i < aliases.length; i += ROWS_PER_INSERT) {
      await trx.insertInto('entity_aliases').values(aliases.slice(i, i + ROWS_PER_INSERT).map((a) => ({ type: a.type, name: a.name, canonical: a.canonical }))).execute();
    }
    await recountEntityTotals(trx);
  });
}
