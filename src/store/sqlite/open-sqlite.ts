import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator } from 'kysely';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, StoreMigrationProvider, storeMigrations } from '../migrations/index.js';
import type { StorylineDatabase } from '../schema.js';
import { SqliteImmediateDialect } from './sqlite-immediate-dialect.js';
import { SqliteStore } from './sqlite-store.js';

/** How long a writer waits for another process's write transaction before giving up. */
const BUSY_TIMEOUT_MS = 15_000;
/** The in-memory database location SQLite understands. */
const IN_MEMORY = ':memory:';

/**
 * Opens (creating if needed) a Storyline database file and brings its schema up to date.
 * A file that is not a SQLite database, a SQLite database of another application, or one written
 * by a newer Storyline is refused with an error naming the path, and is not modified.
 */
export async function openSqliteStore(location: string): Promise<SqliteStore> {
  const database = openDatabaseFile(location);
  try {
    const applied = refuseForeignDatabase(database, location);
    database.pragma('foreign_keys = ON');
    // WAL lets readers run beside one writer and keeps a killed writer from damaging the file;
    // synchronous=FULL makes each committed batch survive a power cut too. (:memory: stays 'memory'.)
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL');
    const db = new Kysely<StorylineDatabase>({ dialect: new SqliteImmediateDialect({ database }) });
    const known = Object.keys(storeMigrations('sqlite'));
    if (known.some((name) => !applied.includes(name))) await migrateToLatest(db, database, location);
    return new SqliteStore(db, location);
  } catch (error) {
    if (database.open) database.close();
    throw error;
  }
}

function openDatabaseFile(location: string): Database.Database {
  if (location !== IN_MEMORY) {
    const directory = path.dirname(path.resolve(location));
    if (!fs.existsSync(directory)) {
      throw new Error(`cannot open Storyline database ${location}: directory ${directory} does not exist`);
    }
  }
  try {
    return new Database(location, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw new Error(`cannot open Storyline database ${location}: ${messageOf(error)}`, { cause: error });
  }
}

/**
 * Reads the schema (nothing is written yet) to tell a Storyline database from anything else.
 * Returns the names of the migrations already applied.
 */
function refuseForeignDatabase(database: Database.Database, location: string): string[] {
  let tables: string[];
  try {
    tables = database
      .prepare("select name from sqlite_schema where type = 'table' and name not like 'sqlite\\_%' escape '\\'")
      .pluck()
      .all() as string[];
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_NOTADB') {
      throw new Error(`${location} is not a Storyline database: file is not a database`, { cause: error });
    }
    if (code === 'SQLITE_CORRUPT') {
      throw new Error(`${location} is a damaged database: ${messageOf(error)}`, { cause: error });
    }
    throw new Error(`cannot read Storyline database ${location}: ${messageOf(error)}`, { cause: error });
  }
  if (tables.length === 0) return []; // new or empty file: ours to set up
  if (!tables.includes(MIGRATION_TABLE)) {
    const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', …' : '');
    throw new Error(`${location} is not a Storyline database: it holds another application's tables (${shown})`);
  }
  const known = new Set(Object.keys(storeMigrations('sqlite')));
  const applied = database.prepare(`select name from ${MIGRATION_TABLE} order by name`).pluck().all() as string[];
  const unknown = applied.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(
      `${location} was written by a newer version of Storyline (schema migration ${unknown.join(', ')} is unknown to this one); upgrade Storyline to open it`,
    );
  }
  return applied;
}

/**
 * Kysely runs SQLite migrations outside any transaction (its SQLite adapter reports no
 * transactional DDL), so two processes opening a new file at once would both create the tables,
 * and a crash could leave half a schema. SQLite's DDL is transactional: one IMMEDIATE transaction
 * on the connection around the whole run makes a second process wait, then find nothing to do.
 */
async function migrateToLatest(db: Kysely<StorylineDatabase>, database: Database.Database, location: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: new StoreMigrationProvider('sqlite'),
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  database.exec('begin immediate');
  let error: unknown;
  try {
    ({ error } = await migrator.migrateToLatest());
  } catch (thrown) {
    error = thrown;
  }
  if (error === undefined) {
    database.exec('commit');
    return;
  }
  if (database.inTransaction) database.exec('rollback');
  throw new Error(`cannot update the schema of Storyline database ${location}: ${messageOf(error)}`, { cause: error });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
