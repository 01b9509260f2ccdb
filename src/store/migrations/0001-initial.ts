import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';

/**
 * The first schema: documents (bytes once per content hash), articles, their versions, and the
 * search index. Tables are built with Kysely's schema builder so PostgreSQL can share them; only
 * column types that differ and the full-text index are chosen per dialect.
 */
export function initialSchema(dialect: StoreDialect): Migration {
  const types = {
    // SQLite: INTEGER PRIMARY KEY is the rowid (FTS5 rows share it); PostgreSQL: an identity column.
    serialId: dialect === 'sqlite' ? 'integer' : 'bigint',
    bytes: dialect === 'sqlite' ? 'blob' : 'bytea',
    json: dialect === 'sqlite' ? 'text' : 'jsonb',
  } as const;

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('document_bytes')
        .addColumn('content_hash', 'text', (c) => c.primaryKey())
        .addColumn('bytes', types.bytes, (c) => c.notNull())
        .addColumn('byte_length', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('documents')
        .addColumn('id', types.serialId, (c) =>
          dialect === 'sqlite' ? c.primaryKey() : c.primaryKey().generatedAlwaysAsIdentity())
        .addColumn('content_hash', 'text', (c) => c.notNull().references('document_bytes.content_hash'))
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('url', 'text')
        .addColumn('fetched_at', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('declared_charset', 'text')
        .execute();
      await db.schema.createIndex('documents_by_content_hash').on('documents').column('content_hash').execute();

      await db.schema
        .createTable('articles')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('current_version', 'integer', (c) => c.notNull())
        .addColumn('first_stored_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('article_versions')
        .addColumn('id', types.serialId, (c) =>
          dialect === 'sqlite' ? c.primaryKey() : c.primaryKey().generatedAlwaysAsIdentity())
        .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('document_id', types.serialId, (c) => c.notNull().unique().references('documents.id'))
        .addColumn('extracted_json', types.json, (c) => c.notNull())
        .addColumn('title', 'text')
        .addColumn('outlet_name', 'text')
        .addColumn('outlet_domain', 'text')
        .addColumn('published', 'text')
        .addColumn('published_sort_key', 'bigint')
        .addColumn('language', 'text')
        .addColumn('url', 'text')
        .addColumn('word_count', 'integer', (c) => c.notNull())
        .addColumn('stored_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('article_versions_article_version', ['article_id', 'version'])
        .execute();

      // The article list's order (newest published first, undated last, then newest stored), so a
      // page of the list reads a page of the index instead of sorting every version.
      await db.schema
        .createIndex('article_versions_by_published')
        .on('article_versions')
        .columns(['published_sort_key desc', 'stored_at desc', 'id desc'])
        .execute();

      if (dialect === 'sqlite') {
        // Title and body of current versions. unicode61 with diacritics removed so "Quds" finds "Qûds".
        await sql`create virtual table article_search using fts5(
          title, body, tokenize = 'unicode61 remove_diacritics 2'
        )`.execute(db);
      } else {
        await createPostgresSearch(db);
      }
    },
  };
}

/** The text search configuration PostgreSQL search uses: `simple` (no stemming, no stop words, like FTS5's unicode61) with accents removed. */
export const POSTGRES_SEARCH_CONFIG = 'storyline_search';
/** Characters of an article's text that are indexed: a tsvector holds at most 1 MB. Far beyond any article. */
const POSTGRES_SEARCH_MAX_CHARS = 300_000;

/**
 * PostgreSQL's counterpart of the FTS5 table: the same `article_search` rows (rowid = version id,
 * title, body), with a weighted tsvector kept by the database (headline words A, body words D) and
 * a GIN index over it. Accents are removed through `unaccent` (a trusted extension shipped with
 * PostgreSQL), found in whichever schema the database installed it.
 */
async function createPostgresSearch(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists unaccent`.execute(db);
  const { rows } = await sql<{ schema: string }>`select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'unaccent'`.execute(db);
  const unaccent = sql.id(rows[0]!.schema, 'unaccent');
  const config = sql.id(POSTGRES_SEARCH_CONFIG);
  await sql`create text search configuration ${config} (copy = pg_catalog.simple)`.execute(db);
  await sql`alter text search configuration ${config}
    alter mapping for word, hword, hword_part, numword, numhword, hword_numpart with ${unaccent}, pg_catalog.simple`.execute(db);
  const name = sql.lit(POSTGRES_SEARCH_CONFIG);
  await db.schema
    .createTable('article_search')
    .addColumn('rowid', 'bigint', (c) => c.primaryKey().references('article_versions.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('words', sql`tsvector`, (c) => c.notNull().generatedAlwaysAs(sql`
      setweight(to_tsvector(${name}::regconfig, title), 'A')
      || setweight(to_tsvector(${name}::regconfig, left(body, ${sql.lit(POSTGRES_SEARCH_MAX_CHARS)})), 'D')`).stored())
    .execute();
  await db.schema.createIndex('article_search_words').on('article_search').using('gin').column('words').execute();
}
