import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';

/**
 * Kysely's SQLite driver opens transactions with a deferred BEGIN. A deferred transaction that
 * reads and then writes fails at once with SQLITE_BUSY when another process committed in between
 * (busy_timeout cannot help: its snapshot is stale). Taking the write lock at BEGIN makes a second
 * writer wait its turn instead, so two processes can ingest into one file.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** Kysely's SqliteDialect whose transactions begin with BEGIN IMMEDIATE. */
export class SqliteImmediateDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}
