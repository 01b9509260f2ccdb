import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';

/**
 * Feeds the user watches, with what a polite poller must remember between runs (ETag,
 * Last-Modified, when to look next) and every item already handled, so a restarted watch
 * fetches no item twice. Documents are indexed by URL and origin so "do we have this page?"
 * is a lookup, not a scan.
 */
export function feedSubscriptionsSchema(_dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('feed_subscriptions')
        .addColumn('url', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text')
        .addColumn('interval_seconds', 'integer', (c) => c.notNull())
        .addColumn('added_at', 'text', (c) => c.notNull())
        .addColumn('etag', 'text')
        .addColumn('last_modified', 'text')
        .addColumn('last_checked_at', 'text')
        .addColumn('next_check_at', 'text')
        .addColumn('last_error', 'text')
        .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable('feed_items')
        .addColumn('feed_url', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('article_url', 'text')
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('handled_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('feed_items_pk', ['feed_url', 'item_id'])
        .execute();
      await db.schema.createIndex('feed_items_by_article_url').on('feed_items').column('article_url').execute();

      await db.schema.createIndex('documents_by_url').on('documents').column('url').execute();
      await db.schema.createIndex('documents_by_origin').on('documents').column('origin').execute();
    },
  };
}
