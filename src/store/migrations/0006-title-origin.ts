import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';

/**
 * Whether a version's title was found on the page or derived from its text, as a column: a story
 * is shown under a found headline whenever one of its articles has one, and that choice is made
 * in the story queries without parsing each article's JSON.
 */
export function titleOriginSchema(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('article_versions').addColumn('title_origin', 'text').execute();
      const fromJson = dialect === 'sqlite' ? sql`json_extract(extracted_json, '$.titleOrigin')` : sql`(extracted_json::jsonb ->> 'titleOrigin')`;
      await sql`update article_versions set title_origin = ${fromJson}`.execute(db);
    },
  };
}
