import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';

/**
 * Ingest through worker processes (PostgreSQL): each `ingest` is a run; its inputs wait in a
 * ledger, in the order they were given, until a worker settles them. The ledger, not the job
 * queue, says what is done, in the same transaction that stores the articles, so a job run twice
 * after a worker died stores nothing twice. An article remembers the ledger position that first
 * stored it (`arrival`): linking breaks publication-date ties by it, so articles stored by several
 * workers in any order are placed as one process reading the inputs in order would place them.
 */
export function ingestQueueSchema(dialect: StoreDialect): Migration {
  const serialId = dialect === 'sqlite' ? 'integer' : 'bigint';
  const bytes = dialect === 'sqlite' ? 'blob' : 'bytea';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('ingest_runs')
        .addColumn('id', serialId, (c) => (dialect === 'sqlite' ? c.primaryKey() : c.primaryKey().generatedAlwaysAsIdentity()))
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('inputs', 'text', (c) => c.notNull())
        .addColumn('enqueue_finished_at', 'text')
        .addColumn('linked_at', 'text')
        .addColumn('linked', 'integer')
        .addColumn('new_stories', 'integer')
        .execute();

      await db.schema
        .createTable('queued_inputs')
        .addColumn('id', serialId, (c) => (dialect === 'sqlite' ? c.primaryKey() : c.primaryKey().generatedAlwaysAsIdentity()))
        .addColumn('run_id', serialId, (c) => c.notNull().references('ingest_runs.id'))
        // 'document': bytes read by the enqueuer; 'url': a page, feed or sitemap for the worker to fetch;
        // 'failed' / 'skipped': settled as read (an unreadable file, an unsupported one).
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('url', 'text')
        // A URL listed by a watched feed: the item it settles.
        .addColumn('feed_url', 'text')
        .addColumn('feed_item_id', 'text')
        .addColumn('fetched_at', 'text')
        .addColumn('content_type', 'text')
        .addColumn('declared_charset', 'text')
        .addColumn('content_hash', 'text')
        // Dropped once settled: the stored document keeps its own copy.
        .addColumn('bytes', bytes)
        /** The lines the document's site repeats on its pages (text dumps), learned by the enqueuer: JSON array. */
        .addColumn('site_chrome_json', 'text')
        .addColumn('settled_at', 'text')
        .addColumn('stored', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('new_versions', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
        /** [{origin, reason}], when something failed. */
        .addColumn('failures_json', 'text')
        .execute();
      await db.schema.createIndex('queued_inputs_by_run').on('queued_inputs').columns(['run_id', 'settled_at']).execute();

      await db.schema.alterTable('articles').addColumn('arrival', serialId).execute();
    },
  };
}
