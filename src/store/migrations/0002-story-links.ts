import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';

/**
 * Where linking placed each article: its story, the article it copies (if any), and the order in
 * which it was placed, so the linker can be rebuilt exactly by replaying the articles in that
 * order. A story's id is the id of the article that founded it; a thread's id is its first story's.
 */
export function storyLinksSchema(_dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('stories')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('thread_id', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('stories_by_thread').on('stories').column('thread_id').execute();

      await db.schema
        .createTable('article_links')
        .addColumn('article_id', 'text', (c) => c.primaryKey().references('articles.id'))
        .addColumn('story_id', 'text', (c) => c.notNull().references('stories.id'))
        .addColumn('copy_of', 'text', (c) => c.references('articles.id'))
        .addColumn('copy_kind', 'text')
        .addColumn('linked_seq', 'integer', (c) => c.notNull().unique())
        .execute();
      await db.schema.createIndex('article_links_by_story').on('article_links').column('story_id').execute();
    },
  };
}
