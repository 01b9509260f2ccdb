import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { tempDir } from './paths.js';

/**
 * The databases a store test runs on: a new SQLite file per store, and on PostgreSQL a new schema
 * per store inside a database made for the test file (from the server in STORYLINE_TEST_POSTGRES,
 * whose role may create databases) and dropped after it. Under CI=true an unreachable PostgreSQL
 * fails its tests; elsewhere they are skipped with a note saying why.
 */

export const TEST_POSTGRES_URL = process.env.STORYLINE_TEST_POSTGRES ?? 'postgres://storyline:storyline@127.0.0.1:5432/storyline_test';

export interface StoreBackend {
  readonly name: 'SQLite' | 'PostgreSQL';
  /** Why this backend's tests cannot run here (they are skipped), or null. */
  readonly skipReason: string | null;
  /** The location of a new, empty store: a file path or a postgres:// URL. */
  newLocation(label?: string): Promise<string>;
  /** Runs SQL on the store at `location` behind Storyline's back (to look or to tamper); its rows. */
  rawQuery(location: string, text: string): Promise<Record<string, unknown>[]>;
}

export async function storeBackends(): Promise<StoreBackend[]> {
  return [sqliteBackend(), await postgresBackend()];
}

function sqliteBackend(): StoreBackend {
  const dir = tempDir('storyline-store-');
  let counter = 0;
  return {
    name: 'SQLite',
    skipReason: null,
    async newLocation(label = 'store') {
      return path.join(dir, `${label}-${++counter}.db`);
    },
    async rawQuery(location, text) {
      const raw = new Database(location);
      try {
        const statement = raw.prepare(text);
        return statement.reader ? (statement.all() as Record<string, unknown>[]) : (statement.run(), []);
      } finally {
        raw.close();
      }
    },
  };
}

async function postgresBackend(): Promise<StoreBackend> {
  const server = new URL(TEST_POSTGRES_URL);
  const database = `storyline_test_${randomBytes(6).toString('hex')}`;
  const unavailable = await createDatabase(database);
  if (unavailable !== null && process.env.CI !== 'true') {
    const shown = new URL(TEST_POSTGRES_URL);
    if (shown.password) shown.password = '***';
    console.warn(`PostgreSQL store tests skipped: ${shown} is not usable (${unavailable}); set STORYLINE_TEST_POSTGRES or run .ci/run's setup`);
  }
  if (unavailable === null) {
    afterAll(async () => {
      await withClient(TEST_POSTGRES_URL, (client) => client.query(`drop database if exists ${database} with (force)`));
    });
  }
  const inDatabase = new URL(server);
  inDatabase.pathname = `/${database}`;
  let counter = 0;
  return {
    name: 'PostgreSQL',
    // Under CI the tests run and fail on the connection error instead.
    skipReason: unavailable !== null && process.env.CI !== 'true' ? unavailable : null,
    async newLocation(label = 'store') {
      const schema = `${label.replace(/\W/g, '_')}_${++counter}`;
      await withClient(inDatabase.toString(), (client) => client.query(`create schema ${schema}`));
      const location = new URL(inDatabase);
      location.searchParams.set('options', `-c search_path=${schema}`);
      return location.toString();
    },
    async rawQuery(location, text) {
      return withClient(location, async (client) => (await client.query(text)).rows as Record<string, unknown>[]);
    },
  };
}

/** Creates the test file's database; null when done, else why it could not be. */
async function createDatabase(name: string): Promise<string | null> {
  try {
    await withClient(TEST_POSTGRES_URL, (client) => client.query(`create database ${name}`));
    return null;
  } catch (error) {
    return error instanceof AggregateError ? error.errors.map(String).join('; ') : String((error as Error).message || error);
  }
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** A port on 127.0.0.1 where nothing listens: one the system just gave out and took back. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Opens the store at `location`, hands it to `use`, and closes it whatever happens. */
export async function withStore<T>(location: string, use: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(location);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}
