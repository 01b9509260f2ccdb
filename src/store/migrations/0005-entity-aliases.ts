import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';

/**
 * Names the articles used for an entity that the corpus knows under another name ("Anthony
 * Blinken", "Blinken" → "Antony Blinken"). Rewritten whole after each ingest from the entity
 * names stored; lists of entities and quotes read names through it.
 */
export function entityAliasesSchema(_dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('entity_aliases')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('canonical', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('entity_aliases_pk', ['type', 'name'])
        .execute();
    },
  };
}
