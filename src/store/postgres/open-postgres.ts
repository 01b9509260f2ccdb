import { Kysely, Migrator } from 'kysely';
import pg from 'pg';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, StoreMigrationProvider, storeMigrations } from '../migrations/index.js';
import type { StorylineDatabase } from '../schema.js';
import { PostgresStore } from './postgres-store.js';
import { PostgresWriterDialect, WRITER_LOCK } from './postgres-writer-dialect.js';

/** Connections one store keeps open at most (queries of one request run side by side). */
const POOL_SIZE = 8;
/** How long connecting may take before the server counts as unreachable. */
const CONNECT_TIMEOUT_MS = 10_000;
/** The advisory lock held while a store checks and migrates the schema: one opener at a time. Not the writer lock, which migrations take. */
const OPEN_LOCK = (BigInt(WRITER_LOCK) + 1n).toString();

/**
 * Values as the store's code reads them on SQLite too: bigint (ids, sort keys, counts) as
 * numbers — they stay far below 2^53 — and JSON columns as their text, parsed where they are read.
 */
const STORE_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === pg.types.builtins.INT8) return (value: string) => Number(value);
    if (oid === pg.types.builtins.JSONB || oid === pg.types.builtins.JSON) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * Opens the Storyline store in the PostgreSQL database at `url` (postgres://user:password@host/db;
 * `?options=-c search_path=…` picks a schema), creating its tables in an empty one and bringing an
 * older schema up to date. An unreachable server, a database holding another application's tables,
 * or one written by a newer Storyline gives an error naming the URL (password hidden), and nothing
 * is written.
 */
export async function openPostgresStore(url: string): Promise<PostgresStore> {
  const shown = withoutPassword(url);
  // allowExitOnIdle: a command that is done exits without waiting for idle connections to time out.
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, types: STORE_TYPES, allowExitOnIdle: true });
  // A connection the server drops while idle: the pool discards it, and the next query reconnects or fails with its own error.
  pool.on('error', () => {});
  // A connection the server drops while a transaction holds it between queries (a restart): the
  // next query on it fails with its own error, which the caller sees; unheard, the event would end the process.
  pool.on('connect', (client) => client.on('error', () => {}));
  try {
    await prepareSchema(pool, shown);
    return new PostgresStore(new Kysely<StorylineDatabase>({ dialect: new PostgresWriterDialect({ pool }) }), shown, pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
}

async function prepareSchema(pool: pg.Pool, shown: string): Promise<void> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw new Error(`cannot connect to Storyline database ${shown}: ${reasonOf(error)}`, { cause: error });
  }
  try {
    // Like SQLite's IMMEDIATE transaction around its migration: a second process opening a new
    // database waits here, then finds the schema made.
    await client.query(`select pg_advisory_lock(${OPEN_LOCK})`);
    const { schema, applied } = await refuseForeignDatabase(client, shown);
    const known = Object.keys(storeMigrations('postgres'));
    if (known.some((name) => !applied.includes(name))) await migrateToLatest(pool, schema, shown);
  } finally {
    await client.query(`select pg_advisory_unlock(${OPEN_LOCK})`).catch(() => undefined);
    client.release();
  }
}

/**
 * Reads the catalog (nothing is written yet) to tell a Storyline schema from anything else; returns
 * the schema the store lives in (the first of the search_path) and the migrations applied there.
 */
async function refuseForeignDatabase(client: pg.PoolClient, shown: string): Promise<{ schema: string; applied: string[] }> {
  const { rows: [where] } = await client.query<{ schema: string | null }>('select current_schema() as schema');
  if (!where?.schema) throw new Error(`cannot open Storyline database ${shown}: its search_path names no schema that exists`);
  const { rows } = await client.query<{ name: string }>(
    'select table_name as name from information_schema.tables where table_schema = $1 order by table_name', [where.schema]);
  const tables = rows.map((r) => r.name);
  if (tables.length === 0) return { schema: where.schema, applied: [] }; // new or empty schema: ours to set up
  if (!tables.includes(MIGRATION_TABLE)) {
    const listed = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', …' : '');
    throw new Error(`${shown} is not a Storyline database: schema ${where.schema} holds another application's tables (${listed})`);
  }
  const known = new Set(Object.keys(storeMigrations('postgres')));
  const applied = (await client.query<{ name: string }>(`select name from ${MIGRATION_TABLE} order by name`)).rows.map((r) => r.name);
  const unknown = applied.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(`${shown} was written by a newer version of Storyline (schema migration ${unknown.join(', ')} is unknown to this one); upgrade Storyline to open it`);
  }
  return { schema: where.schema, applied };
}

/** Kysely runs PostgreSQL migrations in one transaction (DDL is transactional there): all of them or none. */
async function migrateToLatest(pool: pg.Pool, schema: string, shown: string): Promise<void> {
  // Its own Kysely on the store's pool: destroying it would end the pool, so it is left to the collector.
  const db = new Kysely<unknown>({ dialect: new PostgresWriterDialect({ pool }) });
  const migrator = new Migrator({
    db,
    provider: new StoreMigrationProvider('postgres'),
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    // Named, or Kysely takes bookkeeping tables in any schema of the database for this one's.
    migrationTableSchema: schema,
  });
  let error: unknown;
  try {
    ({ error } = await migrator.migrateToLatest());
  } catch (thrown) {
    error = thrown;
  }
  if (error !== undefined) throw new Error(`cannot update the schema of Storyline database ${shown}: ${reasonOf(error)}`, { cause: error });
}

/** The URL with its password replaced by ***, fit to show in messages and logs. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

/** What went wrong, in words: Node reports a refused connection to several addresses as an AggregateError without a message. */
function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return [...new Set(error.errors.map(reasonOf))].join('; ');
  const code = (error as { code?: unknown }).code;
  if (code === 'ECONNREFUSED') return `connection refused (${(error as Error).message.replace(/^connect ECONNREFUSED /, '')}): is PostgreSQL running and listening there?`;
  if (code === 'ENOTFOUND') return `host not found (${(error as Error).message})`;
  return error instanceof Error ? error.message : String(error);
}
