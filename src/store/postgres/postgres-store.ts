import type { Kysely } from 'kysely';
import type { StorylineDatabase } from '../schema.js';
import { SqlStore } from '../sql/sql-store.js';
import { tsvectorSearch } from './tsvector-search.js';

/** The Store in one PostgreSQL database (the schema its search_path names). Create it with `openPostgresStore`. */
export class PostgresStore extends SqlStore {
  constructor(db: Kysely<StorylineDatabase>, location: string) {
    super(db, location, tsvectorSearch);
  }
}
