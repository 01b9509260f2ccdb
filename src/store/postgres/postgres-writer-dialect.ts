import { CompiledQuery, PostgresDialect, PostgresDriver, type DatabaseConnection, type Driver, type PostgresDialectConfig, type TransactionSettings } from 'kysely';

/**
 * The advisory lock every Storyline write transaction holds on its database (a constant: any
 * 64-bit number no other application is likely to pick: "storylin" in ASCII). It is per database, so
 * stores in several schemas of one database take turns too.
 */
export const WRITER_LOCK = BigInt('0x73746f72796c696e').toString();

/**
 * Kysely's Postgres driver, with each transaction taking the store's writer lock first. Writes
 * read before they write (is this article known? what was the last placement?), and two
 * concurrent READ COMMITTED writers would both decide "new" and one would fail on a unique key, or
 * deadlock on entity totals. Taking turns, as SQLite's BEGIN IMMEDIATE makes writers do, keeps
 * the store's behaviour the same on both; readers never wait.
 */
class WriterLockPostgresDriver extends PostgresDriver {
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await super.beginTransaction(connection, settings);
    await connection.executeQuery(CompiledQuery.raw(`select pg_advisory_xact_lock(${WRITER_LOCK})`));
  }
}

/** Kysely's PostgresDialect whose transactions take the store's writer lock. */
export class PostgresWriterDialect extends PostgresDialect {
  readonly #config: PostgresDialectConfig;

  constructor(config: PostgresDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new WriterLockPostgresDriver(this.#config);
  }
}
