import type { Migration, MigrationProvider } from 'kysely';
import type { StoreDialect } from '../schema.js';
import { initialSchema } from './0001-initial.js';
import { storyLinksSchema } from './0002-story-links.js';
import { annotationsSchema } from './0003-annotations.js';
import { feedSubscriptionsSchema } from './0004-feed-subscriptions.js';
import { entityAliasesSchema } from './0005-entity-aliases.js';
import { titleOriginSchema } from './0006-title-origin.js';
import { readIndexesSchema } from './0007-read-indexes.js';
import { entityTotalsSchema } from './0008-entity-totals.js';
import { ingestQueueSchema } from './0009-ingest-queue.js';

/** Kysely's bookkeeping tables, named for what they hold. */
export const MIGRATION_TABLE = 'schema_migration';
export const MIGRATION_LOCK_TABLE = 'schema_migration_lock';

/** Every schema migration, in order. Names sort in the order they must run; never rename one. */
export function storeMigrations(dialect: StoreDialect): Record<string, Migration> {
  return {
    '0001-initial': initialSchema(dialect),
    '0002-story-links': storyLinksSchema(dialect),
    '0003-annotations': annotationsSchema(dialect),
    '0004-feed-subscriptions': feedSubscriptionsSchema(dialect),
    '0005-entity-aliases': entityAliasesSchema(dialect),
    '0006-title-origin': titleOriginSchema(dialect),
    '0007-read-indexes': readIndexesSchema(dialect),
    '0008-entity-totals': entityTotalsSchema(dialect),
    '0009-ingest-queue': ingestQueueSchema(dialect),
  };
}

/** Migrations defined in code (no file scanning), so they ship inside the build. */
export class StoreMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: StoreDialect) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return storeMigrations(this.dialect);
  }
}
