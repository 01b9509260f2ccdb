import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';

/**
 * Each entity's article and mention counts, names merged through the corpus's aliases, kept as
 * rows: listing the most named entities counted every mention row on each request (0.5 s in a
 * 10,000-article store, on the stories page). The store keeps them as annotation rows come and
 * go, and counts them afresh whenever the aliases change.
 */
export function entityTotalsSchema(_dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('entity_totals')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('articles', 'integer', (c) => c.notNull())
        .addColumn('mentions', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('entity_totals_pk', ['type', 'name'])
        .execute();
      await db.schema.createIndex('entity_totals_most_named').on('entity_totals').columns(['articles desc', 'mentions desc', 'name']).execute();
      await sql`insert into entity_totals (type, name, articles, mentions)
        select m.type, coalesce(ea.canonical, m.canonical), count(distinct m.article_id), sum(m.mentions)
        from entity_mentions m left join entity_aliases ea on ea.type = m.type and ea.name = m.canonical
        group by m.type, coalesce(ea.canonical, m.canonical)`.execute(db);
    },
  };
}
