import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';

/**
 * Who says what, stored with each article version: the whole analysis as JSON on the version,
 * and for current versions the quotes and entity mentions as rows, so "every quote by Blinken"
 * and "who is named most" are queries rather than scans.
 */
export function annotationsSchema(dialect: StoreDialect): Migration {
  const json = dialect === 'sqlite' ? 'text' : 'jsonb';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('article_versions').addColumn('annotations_json', json).execute();

      await db.schema
        .createTable('quotes')
        .addColumn('version_id', 'bigint', (c) => c.notNull().references('article_versions.id'))
        .addColumn('article_id', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('speaker', 'text')
        .addColumn('speaker_text', 'text')
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('start', 'integer', (c) => c.notNull())
        .addColumn('end', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('quotes_pk', ['version_id', 'position'])
        .execute();
      await db.schema.createIndex('quotes_by_speaker').on('quotes').column('speaker').execute();
      await db.schema.createIndex('quotes_by_article').on('quotes').column('article_id').execute();

      await db.schema
        .createTable('entity_mentions')
        .addColumn('version_id', 'bigint', (c) => c.notNull().references('article_versions.id'))
        .addColumn('article_id', 'text', (c) => c.notNull())
        .addColumn('canonical', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('mentions', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('entity_mentions_pk', ['version_id', 'canonical', 'type'])
        .execute();
      await db.schema.createIndex('entity_mentions_by_name').on('entity_mentions').column('canonical').execute();
    },
  };
}
