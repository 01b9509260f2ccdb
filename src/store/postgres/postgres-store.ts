import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { StorylineDatabase } from '../schema.js';
import { SqlStore } from '../sql/sql-store.js';
import type { LinkerLease } from '../store.js';
import { tsvectorSearch } from './tsvector-search.js';

/**
 * The linker lease is a session advisory lock keyed by this number ("stor") and the store's schema,
 * so stores in several schemas of one database each have their own linker. The session ends, and
 * the lock with it, when the process holding it dies.
 */
const LINKER_LOCK_CLASS = 0x73746f72;
/** How often the holder checks its connection is alive: a lease silently lost would let two linkers run. */
const LEASE_HEARTBEAT_MS = 2000;

/** The Store in one PostgreSQL database (the schema its search_path names). Create it with `openPostgresStore`. */
export class PostgresStore extends SqlStore {
  constructor(db: Kysely<StorylineDatabase>, location: string, private readonly pool: pg.Pool) {
    super(db, location, tsvectorSearch);
  }

  override async acquireLinkerLease(): Promise<LinkerLease | null> {
    const client = await this.pool.connect();
    let markLost: (error: Error) => void = () => {};
    const lost = new Promise<Error>((resolve) => (markLost = resolve));
    // A held connection that breaks emits 'error'; unheard, it would end the process.
    const onError = (error: Error): void => markLost(error);
    client.on('error', onError);
    try {
      const { rows } = await client.query<{ held: boolean }>('select pg_try_advisory_lock($1, hashtext(current_schema())) as held', [LINKER_LOCK_CLASS]);
      if (!rows[0]?.held) {
        client.off('error', onError);
        client.release();
        return null;
      }
    } catch (error) {
      client.off('error', onError);
      client.release(error as Error);
      throw error;
    }
    let ended = false;
    const heartbeat = setInterval(() => {
      client.query('select 1').catch((error: Error) => markLost(error));
    }, LEASE_HEARTBEAT_MS);
    heartbeat.unref();
    void lost.then((error) => {
      if (ended) return;
      ended = true;
      clearInterval(heartbeat);
      client.off('error', onError);
      client.release(error);
    });
    return {
      lost,
      release: async () => {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        try {
          await client.query('select pg_advisory_unlock($1, hashtext(current_schema()))', [LINKER_LOCK_CLASS]);
          client.off('error', onError);
          client.release();
        } catch (error) {
          client.off('error', onError);
          client.release(error as Error);
        }
      },
    };
  }
}
