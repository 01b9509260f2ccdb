import { sql, type Kysely } from 'kysely';
import type { StorylineDatabase } from '../schema.js';
import { SqlStore } from '../sql/sql-store.js';
import { fts5Search } from './fts5-search.js';

/** The Store on one SQLite file (or `:memory:`). Create it with `openSqliteStore`. */
export class SqliteStore extends SqlStore {
  constructor(db: Kysely<StorylineDatabase>, location: string) {
    super(db, location, fts5Search);
  }

  protected override async beforeClose(): Promise<void> {
    try {
      // Lets SQLite refresh planner statistics where worth it. Best effort: it may need a write
      // lock another process holds, and closing must not fail for it.
      await sql`pragma optimize`.execute(this.db);
    } catch {
      // statistics stay as they were
    }
  }
}
