import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import pg from 'pg';
import { openStore, shownLocation } from './index.js';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE } from './migrations/index.js';
import { PostgresStore } from './postgres/postgres-store.js';
import type { StoreDialect, StorylineDatabase } from './schema.js';
import { SqlStore } from './sql/sql-store.js';

/**
 * Moves a whole store from one location to another (a SQLite file to PostgreSQL, mostly): every
 * table, row for row, ids kept, then verified by counting and checksumming each table on both sides.
 *
 * The steps: look at both locations without writing (a missing or empty source, or a target that
 * already holds data, is refused before anything is touched); open both (the target gets its schema
 * the usual way); check the copy knows every table and column the source has; copy the tables in
 * foreign-key order, a page of rows per target transaction, all read from one snapshot of the
 * source (writes made to it meanwhile are not copied: stop ingesting first); set
 * PostgreSQL's id sequences past the copied ids; verify. Any failure empties the target again (a file
 * the copy created is removed), so the copy can simply be run again.
 */

/** Rows per target transaction unless the caller says otherwise. */
export const DEFAULT_COPY_BATCH_SIZE = 1_000;
/** Rows per page of the tables whose rows are large (raw documents, extractions as JSON, article texts): bounds memory. */
const WIDE_BATCH_ROWS = 50;
/** Bound parameters per INSERT statement: below SQLite's limit (32,766) and PostgreSQL's (65,535). */
const MAX_PARAMETERS = 8_000;
/** How long looking at a PostgreSQL location may take to connect. */
const PEEK_CONNECT_TIMEOUT_MS = 10_000;

/**
 * How a column is copied and compared: `plain` values as they are; `json` compared as the JSON value
 * (PostgreSQL's jsonb rewrites the text: key order, spacing); `identity` a PostgreSQL identity
 * column, inserted with OVERRIDING SYSTEM VALUE and its sequence moved past the copied ids.
 */
type ColumnKind = 'plain' | 'json' | 'identity';

type TableName = keyof StorylineDatabase;

interface TableSpec<T extends TableName> {
  /** The primary key (the copy pages by it). */
  key: readonly (keyof StorylineDatabase[T] & string)[];
  /** Every column, in a fixed order: a column added to schema.ts and missing here does not compile. */
  columns: { readonly [C in keyof StorylineDatabase[T]]-?: ColumnKind };
  /** Large rows: read and written in smaller pages. */
  wide?: boolean;
}

/**
 * Every table, in foreign-key order (a table after those it references). `article_search` is copied
 * as rows of the target's own kind of search table: FTS5 on SQLite indexes them as they are inserted,
 * PostgreSQL computes their tsvector column.
 */
const TABLES: { readonly [T in TableName]: TableSpec<T> } = {
  document_bytes: { key: ['content_hash'], columns: { content_hash: 'plain', bytes: 'plain', byte_length: 'plain' }, wide: true },
  documents: {
    key: ['id'],
    columns: { id: 'identity', content_hash: 'plain', origin: 'plain', url: 'plain', fetched_at: 'plain', content_type: 'plain', declared_charset: 'plain' },
  },
  articles: { key: ['id'], columns: { id: 'plain', key: 'plain', current_version: 'plain', first_stored_at: 'plain', arrival: 'plain' } },
  article_versions: {
    key: ['id'],
    columns: {
      id: 'identity', article_id: 'plain', version: 'plain', document_id: 'plain', extracted_json: 'json', title: 'plain', outlet_name: 'plain',
      outlet_domain: 'plain', published: 'plain', published_sort_key: 'plain', language: 'plain', url: 'plain', word_count: 'plain',
      stored_at: 'plain', annotations_json: 'json', title_origin: 'plain',
    },
    wide: true,
  },
  article_search: { key: ['rowid'], columns: { rowid: 'plain', title: 'plain', body: 'plain' }, wide: true },
  quotes: {
    key: ['version_id', 'position'],
    columns: { version_id: 'plain', article_id: 'plain', position: 'plain', speaker: 'plain', speaker_text: 'plain', text: 'plain', start: 'plain', end: 'plain' },
  },
  entity_mentions: { key: ['version_id', 'canonical', 'type'], columns: { version_id: 'plain', article_id: 'plain', canonical: 'plain', type: 'plain', mentions: 'plain' } },
  stories: { key: ['id'], columns: { id: 'plain', thread_id: 'plain' } },
  article_links: { key: ['article_id'], columns: { article_id: 'plain', story_id: 'plain', copy_of: 'plain', copy_kind: 'plain', linked_seq: 'plain' } },
  entity_aliases: { key: ['type', 'name'], columns: { type: 'plain', name: 'plain', canonical: 'plain' } },
  entity_totals: { key: ['type', 'name'], columns: { type: 'plain', name: 'plain', articles: 'plain', mentions: 'plain' } },
  feed_subscriptions: {
    key: ['url'],
    columns: {
      url: 'plain', title: 'plain', interval_seconds: 'plain', added_at: 'plain', etag: 'plain', last_modified: 'plain', last_checked_at: 'plain',
      next_check_at: 'plain', last_error: 'plain', consecutive_failures: 'plain',
    },
  },
  feed_items: {
    key: ['feed_url', 'item_id'],
    columns: { feed_url: 'plain', item_id: 'plain', article_url: 'plain', outcome: 'plain', reason: 'plain', handled_at: 'plain' },
  },
  ingest_runs: {
    key: ['id'],
    columns: { id: 'identity', started_at: 'plain', inputs: 'plain', enqueue_finished_at: 'plain', linked_at: 'plain', linked: 'plain', new_stories: 'plain' },
  },
  queued_inputs: {
    key: ['id'],
    columns: {
      id: 'identity', run_id: 'plain', kind: 'plain', origin: 'plain', url: 'plain', feed_url: 'plain', feed_item_id: 'plain', fetched_at: 'plain', content_type: 'plain', declared_charset: 'plain',
      content_hash: 'plain', bytes: 'plain', site_chrome_json: 'plain', settled_at: 'plain', stored: 'plain', new_versions: 'plain', unchanged: 'plain',
      failed: 'plain', skipped: 'plain', failures_json: 'plain',
    },
    wide: true,
  },
};

/** A table as the copy handles it, without its row type. */
interface Table {
  name: TableName;
  key: readonly string[];
  columns: readonly [name: string, kind: ColumnKind][];
  wide: boolean;
}

const TABLE_ORDER: readonly Table[] = (Object.keys(TABLES) as TableName[]).map((name) => {
  const spec: { key: readonly string[]; columns: object; wide?: boolean } = TABLES[name];
  return { name, key: spec.key, columns: Object.entries(spec.columns) as [string, ColumnKind][], wide: spec.wide ?? false };
});

/** The names of the FTS5 table's own storage on SQLite (`article_search_data`, …): rebuilt by the target, never copied. */
const FTS5_SHADOW_TABLE = /^article_search_(data|idx|content|docsize|config)$/;

export interface CopyStoreOptions {
  /** Rows per target transaction (fewer for the tables of large rows). Default 1,000. */
  batchSize?: number;
  /** Called as rows are copied and verified. */
  onProgress?: (progress: CopyProgress) => void;
  /** Aborting stops the copy at the next page; the target is emptied again. */
  signal?: AbortSignal;
}

export interface CopyProgress {
  phase: 'copy' | 'verify';
  table: string;
  /** Rows of the table copied (or verified) so far, and its rows in the source. */
  done: number;
  total: number;
}

/** One table of a finished copy: its rows, and the checksum both sides gave. */
export interface CopiedTable {
  table: string;
  rows: number;
  /** SHA-256-based checksum of the table's rows (see `tableChecksum`), hex. */
  checksum: string;
}

export interface CopyStoreResult {
  /** The locations, passwords hidden. */
  from: string;
  to: string;
  tables: CopiedTable[];
  /** Rows copied, all tables together. */
  rows: number;
  seconds: number;
}

/** A copy that could not be made, or whose result did not match the source: the message says which store and why. */
export class CopyStoreError extends Error {
  override name = 'CopyStoreError';
}

/**
 * Copies the store at `from` into the new or empty store at `to` (SQLite paths or postgres:// URLs,
 * either way round) and verifies the copy. Throws a CopyStoreError naming the location (password
 * hidden) when the source is missing or not a Storyline store, the target holds data, a server is
 * unreachable, or the copy does not match; the target is then left as empty as it was.
 */
export async function copyStore(from: string, to: string, options: CopyStoreOptions = {}): Promise<CopyStoreResult> {
  const started = performance.now();
  const batchSize = options.batchSize ?? DEFAULT_COPY_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new CopyStoreError(`batch size must be a whole number ≥ 1, got ${batchSize}`);
  const shownFrom = shownLocation(from);
  const shownTo = shownLocation(to);
  if (sameLocation(from, to)) throw new CopyStoreError(`cannot copy ${shownFrom} onto itself: give another target`);

  const sourceLook = await peek(from);
  if (sourceLook.state === 'missing') throw new CopyStoreError(`source ${shownFrom} does not exist`);
  if (sourceLook.state === 'empty') throw new CopyStoreError(`source ${shownFrom} is not a Storyline store: it is empty`);
  const targetLook = await peek(to);
  if (targetLook.state === 'store' && targetLook.filled.length > 0) throw targetNotEmpty(shownTo, targetLook.filled);

  const source = await openSqlStore(from, 'source');
  let target: SqlStore | null = null;
  // Undo only what this copy did: a file it created, rows it wrote into a target found empty.
  const created = targetLook.state === 'missing' && to !== ':memory:';
  let writing = false;
  try {
    target = await openSqlStore(to, 'target');
    const filled = await filledTables(target.database);
    if (filled.length > 0) throw targetNotEmpty(shownTo, filled);
    await refuseUnknownColumns(source.database, dialectOf(source), shownFrom);
    writing = true;
    const tables = await copyAndVerify(source, target, { batchSize, onProgress: options.onProgress, signal: options.signal });
    await target.close();
    return { from: shownFrom, to: shownTo, tables, rows: tables.reduce((sum, t) => sum + t.rows, 0), seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    const undone = target !== null && (created || writing) ? await undoCopy(target, to, created) : '';
    const reason = error instanceof Error ? error.message : String(error);
    throw new CopyStoreError(error instanceof CopyStoreError ? `${reason}${undone}` : `cannot copy ${shownFrom} to ${shownTo}: ${reason}${undone}`, { cause: error });
  } finally {
    await source.close();
    await target?.close();
  }
}

function targetNotEmpty(shown: string, filled: readonly string[]): CopyStoreError {
  const listed = filled.slice(0, 4).join(', ') + (filled.length > 4 ? ', …' : '');
  return new CopyStoreError(`target ${shown} is not empty (it holds ${listed}): copy into a new file, or an empty database or schema`);
}

async function openSqlStore(location: string, role: 'source' | 'target'): Promise<SqlStore> {
  let store;
  try {
    store = await openStore(location);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const shown = shownLocation(location);
    const said = message.startsWith(shown) ? `${role} ${message}` : message.includes(shown) ? `cannot open ${role}: ${message}` : `cannot open ${role} ${shown}: ${message}`;
    throw new CopyStoreError(said, { cause: error });
  }
  if (!(store instanceof SqlStore)) {
    await store.close();
    throw new CopyStoreError(`${role} ${shownLocation(location)} is not a SQL store`);
  }
  return store;
}

function dialectOf(store: SqlStore): StoreDialect {
  return store instanceof PostgresStore ? 'postgres' : 'sqlite';
}

function isPostgresLocation(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location);
}

function sameLocation(from: string, to: string): boolean {
  if (isPostgresLocation(from) || isPostgresLocation(to)) return from === to;
  if (from === ':memory:' || to === ':memory:') return false;
  const real = (location: string): string => {
    try {
      return fs.realpathSync(location);
    } catch {
      return path.resolve(location);
    }
  };
  return real(from) === real(to);
}

// ── looking before touching ───────────────────────────────────────────────────────────────────

/**
 * What a location holds, read without writing: nothing (`missing`: no such file; `empty`: a file or
 * schema without tables), a Storyline store and which of its tables hold rows, or something the
 * store's own opening will describe (`other`: another application's tables, not a database, a server
 * that does not answer).
 */
type Look = { state: 'missing' } | { state: 'empty' } | { state: 'store'; filled: string[] } | { state: 'other' };

async function peek(location: string): Promise<Look> {
  return isPostgresLocation(location) ? peekPostgres(location) : peekSqlite(location);
}

function peekSqlite(location: string): Look {
  if (location === ':memory:' || !fs.existsSync(location)) return { state: 'missing' };
  let database: Database.Database | undefined;
  try {
    database = new Database(location, { readonly: true, fileMustExist: true });
    const names = database
      .prepare("select name from sqlite_schema where type = 'table' and name not like 'sqlite\\_%' escape '\\'")
      .pluck()
      .all() as string[];
    if (names.length === 0) return { state: 'empty' };
    if (!names.includes(MIGRATION_TABLE)) return { state: 'other' };
    const filled = TABLE_ORDER.filter((t) => names.includes(t.name) && database!.prepare(`select 1 from "${t.name}" limit 1`).get() !== undefined);
    return { state: 'store', filled: filled.map((t) => t.name) };
  } catch {
    return { state: 'other' };
  } finally {
    database?.close();
  }
}

async function peekPostgres(url: string): Promise<Look> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PEEK_CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
  } catch {
    return { state: 'other' }; // opening the store says why, with the password hidden
  }
  try {
    const { rows } = await client.query<{ name: string }>(
      'select table_name as name from information_schema.tables where table_schema = current_schema()');
    const names = rows.map((r) => r.name);
    if (names.length === 0) return { state: 'empty' };
    if (!names.includes(MIGRATION_TABLE)) return { state: 'other' };
    const filled: string[] = [];
    for (const t of TABLE_ORDER) {
      if (names.includes(t.name) && (await client.query(`select 1 from "${t.name}" limit 1`)).rowCount) filled.push(t.name);
    }
    return { state: 'store', filled };
  } catch {
    return { state: 'other' };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The tables of an opened store that hold rows. */
async function filledTables(db: Kysely<StorylineDatabase>): Promise<string[]> {
  const filled: string[] = [];
  for (const t of TABLE_ORDER) {
    const { rows } = await sql`select 1 as one from ${sql.table(t.name)} limit 1`.execute(db);
    if (rows.length > 0) filled.push(t.name);
  }
  return filled;
}

/**
 * A table or column the source has and this copy does not know would be left behind silently:
 * refuse instead (a migration was added without updating TABLES here).
 */
async function refuseUnknownColumns(db: Kysely<StorylineDatabase>, dialect: StoreDialect, shown: string): Promise<void> {
  const columns: { table_name: string; column_name: string }[] = dialect === 'sqlite'
    ? (await sql<{ table_name: string; column_name: string }>`
        select t.name as table_name, c.name as column_name
        from sqlite_schema t join pragma_table_info(t.name) c
        where t.type = 'table' and t.name not like 'sqlite\\_%' escape '\\'`.execute(db)).rows
    : (await sql<{ table_name: string; column_name: string }>`
        select table_name, column_name from information_schema.columns
        where table_schema = current_schema() and is_generated = 'NEVER'`.execute(db)).rows;
  const known = new Map<string, Set<string>>(TABLE_ORDER.map((t) => [t.name, new Set(t.columns.map(([name]) => name))]));
  const unknown = columns
    .filter((c) => c.table_name !== MIGRATION_TABLE && c.table_name !== MIGRATION_LOCK_TABLE && !FTS5_SHADOW_TABLE.test(c.table_name))
    .filter((c) => !known.get(c.table_name)?.has(c.column_name))
    .map((c) => `${c.table_name}.${c.column_name}`);
  if (unknown.length > 0) {
    throw new CopyStoreError(`source ${shown} has columns this version of copy-store does not copy (${unknown.join(', ')}); nothing was copied`);
  }
}

// ── copying ───────────────────────────────────────────────────────────────────────────────────

type Row = Record<string, unknown>;
type Db = Kysely<StorylineDatabase>;

async function copyAndVerify(
  source: SqlStore,
  target: SqlStore,
  options: { batchSize: number; onProgress?: (progress: CopyProgress) => void; signal?: AbortSignal },
): Promise<CopiedTable[]> {
  const targetDialect = dialectOf(target);
  return readSnapshot(source, async (snapshot) => {
    const totals = new Map<TableName, number>();
    for (const table of TABLE_ORDER) {
      const total = await countRows(snapshot, table);
      totals.set(table.name, total);
      let done = 0;
      options.onProgress?.({ phase: 'copy', table: table.name, done, total });
      for await (const page of pages(snapshot, table, pageRows(table, options.batchSize))) {
        if (options.signal?.aborted) throw new CopyStoreError('the copy was interrupted');
        try {
          await target.database.transaction().execute((trx) => insertRows(trx, table, page, targetDialect));
        } catch (error) {
          throw new CopyStoreError(`table ${table.name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
        done += page.length;
        options.onProgress?.({ phase: 'copy', table: table.name, done, total });
      }
    }
    await finishTarget(target.database, targetDialect);

    const copied: CopiedTable[] = [];
    const mismatches: string[] = [];
    for (const table of TABLE_ORDER) {
      const total = totals.get(table.name)!;
      const progress = (done: number): void => options.onProgress?.({ phase: 'verify', table: table.name, done, total });
      const before = await tableChecksum(snapshot, table, pageRows(table, options.batchSize), progress);
      const after = await tableChecksum(target.database, table, pageRows(table, options.batchSize));
      if (before.rows !== after.rows) mismatches.push(`${table.name}: ${before.rows} rows in the source, ${after.rows} in the target`);
      else if (before.checksum !== after.checksum) mismatches.push(`${table.name}: checksums differ (${before.checksum.slice(0, 12)} in the source, ${after.checksum.slice(0, 12)} in the target)`);
      copied.push({ table: table.name, rows: after.rows, checksum: after.checksum });
    }
    if (mismatches.length > 0) throw new CopyStoreError(`the copy does not match the source: ${mismatches.join('; ')}`);
    return copied;
  });
}

/**
 * Runs `read` on one connection inside a read transaction: one snapshot of the source for the copy
 * and its verification, while writers carry on (what they write meanwhile is not copied). Not a
 * store transaction: those take the writer lock, which on PostgreSQL is per database, so a copy
 * between two schemas of one database would wait for itself.
 */
async function readSnapshot<T>(store: SqlStore, read: (db: Db) => Promise<T>): Promise<T> {
  return store.database.connection().execute(async (db) => {
    await (dialectOf(store) === 'postgres' ? sql`begin isolation level repeatable read read only` : sql`begin`).execute(db);
    try {
      const result = await read(db);
      await sql`commit`.execute(db);
      return result;
    } catch (error) {
      await sql`rollback`.execute(db).catch(() => undefined);
      throw error;
    }
  });
}

function pageRows(table: Table, batchSize: number): number {
  return table.wide ? Math.min(batchSize, WIDE_BATCH_ROWS) : batchSize;
}

async function countRows(db: Db, table: Table): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table.name)}`.execute(db);
  return Number(rows[0]!.n);
}

/** The table's rows in primary-key order, a page at a time (keyset paging: each page is one index range). */
async function* pages(db: Db, table: Table, size: number): AsyncGenerator<Row[]> {
  const columns = sql.join(table.columns.map(([name]) => sql.ref(name)));
  const key = sql.join(table.key.map((name) => sql.ref(name)));
  let after: unknown[] | null = null;
  for (;;) {
    const where: RawBuilder<unknown> = after === null ? sql`` : table.key.length === 1 ? sql`where ${key} > ${after[0]}` : sql`where (${key}) > (${sql.join(after)})`;
    const { rows } = await sql<Row>`select ${columns} from ${sql.table(table.name)} ${where} order by ${key} limit ${size}`.execute(db);
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    const last = rows[rows.length - 1]!;
    after = table.key.map((name) => last[name]);
  }
}

async function insertRows(db: Db, table: Table, rows: readonly Row[], dialect: StoreDialect): Promise<void> {
  const names = table.columns.map(([name]) => name);
  const columns = sql.join(names.map((name) => sql.ref(name)));
  // Ids are kept: PostgreSQL's identity columns take given values only when told to.
  const overriding = dialect === 'postgres' && table.columns.some(([, kind]) => kind === 'identity') ? sql`overriding system value` : sql``;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / names.length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const values = rows.slice(i, i + perStatement).map((row) => sql`(${sql.join(names.map((name) => row[name]))})`);
    await sql`insert into ${sql.table(table.name)} (${columns}) ${overriding} values ${sql.join(values)}`.execute(db);
  }
}

/** After the rows: PostgreSQL's id sequences continue past the copied ids; both databases get planner statistics for the new rows. */
async function finishTarget(db: Db, dialect: StoreDialect): Promise<void> {
  if (dialect === 'postgres') {
    for (const table of TABLE_ORDER) {
      for (const [name, kind] of table.columns) {
        if (kind !== 'identity') continue;
        await sql`select setval(pg_get_serial_sequence(${table.name}, ${name}), coalesce((select max(${sql.ref(name)}) from ${sql.table(table.name)}), 0) + 1, false)`.execute(db);
      }
    }
    await sql`analyze ${sql.join(TABLE_ORDER.map((t) => sql.table(t.name)))}`.execute(db);
  } else {
    await sql`analyze`.execute(db);
  }
}

/**
 * Empties a target the copy wrote to (it was empty before), or removes the file the copy created.
 * Returns what to add to the error message.
 */
async function undoCopy(target: SqlStore, location: string, created: boolean): Promise<string> {
  try {
    if (created) {
      await target.close();
      for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${location}${suffix}`, { force: true });
      return `; ${shownLocation(location)} was removed`;
    }
    await target.database.transaction().execute(async (trx) => {
      for (const table of [...TABLE_ORDER].reverse()) await sql`delete from ${sql.table(table.name)}`.execute(trx);
    });
    return `; ${shownLocation(location)} was left empty`;
  } catch (error) {
    return `; emptying ${shownLocation(location)} failed too (${error instanceof Error ? error.message : String(error)}): empty it before copying again`;
  }
}

// ── verifying ─────────────────────────────────────────────────────────────────────────────────

/**
 * A table's row count and checksum, computed the same way on either database: each row's values
 * normalised and hashed with SHA-256 (`rowDigest`), the digests added modulo 2^256. The sum does not
 * depend on the order rows are read in, which matters: SQLite orders text keys by their bytes,
 * PostgreSQL by the database's collation. Counting the rows hashed against count(*) catches a page
 * the reading skipped.
 */
async function tableChecksum(db: Db, table: Table, size: number, onRows?: (done: number) => void): Promise<{ rows: number; checksum: string }> {
  const total = await countRows(db, table);
  let sum = 0n;
  let rows = 0;
  for await (const page of pages(db, table, size)) {
    for (const row of page) sum = (sum + BigInt(`0x${rowDigest(table, row)}`)) & CHECKSUM_MASK;
    rows += page.length;
    onRows?.(rows);
  }
  if (rows !== total) throw new CopyStoreError(`${table.name}: read ${rows} rows of ${total} while verifying`);
  return { rows, checksum: sum.toString(16).padStart(64, '0') };
}

const CHECKSUM_MASK = (1n << 256n) - 1n;

/**
 * SHA-256 of a row's values in column order, each tagged with its kind and length so no two rows
 * encode alike: null, integer (decimal), other number, text (UTF-8), bytes, JSON (its value with keys
 * sorted, so jsonb's rewriting does not count as a change).
 */
function rowDigest(table: Table, row: Row): string {
  const hash = createHash('sha256');
  const part = (tag: string, bytes: Uint8Array | string): void => {
    const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    hash.update(`${tag}${data.byteLength}:`);
    hash.update(data);
  };
  for (const [name, kind] of table.columns) {
    const value = row[name];
    if (value === null || value === undefined) part('n', '');
    else if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) part('i', value.toString());
    else if (typeof value === 'number') part('r', String(value));
    else if (typeof value === 'string') part(kind === 'json' ? 'j' : 's', kind === 'json' ? canonicalJson(value) : value);
    else if (value instanceof Uint8Array) part('b', value);
    else throw new CopyStoreError(`${table.name}.${name} holds a value of an unexpected kind (${typeof value})`);
  }
  return hash.digest('hex');
}

function canonicalJson(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text; // not JSON (only SQLite would hold that): compared as it is
  }
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v);
}
