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
        throw new Error('PostgreSQL is not supported yet: its search index (tsvector) is still to be written');
      }
    },
  };
}
