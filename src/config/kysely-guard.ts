import type { Configuration, Dictionary } from '@mikro-orm/core';
import { PostgreSqlConnection, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { SqliteConnection, SqliteDriver } from '@mikro-orm/sqlite';
import type { DatabaseConnection, Dialect, Driver, PostgresDialect, QueryCompiler, TransactionSettings } from 'kysely';
import type { PoolConfig } from 'pg';
import { isDatabaseUnavailable } from '../shared/database-errors.js';

/*
 * The one adapter between gerbang and the query builder under MikroORM (kysely), through public
 * extension points only: MikroORM's own driver and connection classes, subclassed, build their usual
 * kysely dialect, and gerbang wraps that dialect's driver (kysely's `Driver` interface).
 *
 * Why: kysely 0.29 hands a transaction's connection back only when its COMMIT or ROLLBACK succeeds,
 * and not when BEGIN fails (kysely-org/kysely#1990). When the database goes away under a transaction
 * (a PostgreSQL connection killed, a SQLite COMMIT that fails on a full disk, after which SQLite has
 * already rolled back), the ROLLBACK fails too, and the connection is never given back: PostgreSQL's
 * pool shrinks by one connection each time, SQLite's single connection stays locked and every later
 * statement waits forever. The guard below makes a ROLLBACK of a transaction that is already gone
 * succeed (the database ended it), and gives a connection whose BEGIN failed back to its pool. A broken
 * PostgreSQL connection given back is dropped by the pool, which opens a new one when needed.
 *
 * test/integration/kysely-guard.test.ts fails loudly should a kysely or MikroORM upgrade change what
 * this relies on.
 */

/** Whether a failed ROLLBACK only says that there is no transaction left to roll back. */
function transactionAlreadyGone(error: unknown): boolean {
  return isDatabaseUnavailable(error) || /no transaction is active|no transaction in progress/i.test(String((error as Error)?.message));
}

/** A kysely driver that never keeps a connection because a transaction's end failed. */
export class GuardedDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    /** Give a connection back when BEGIN fails (not for SQLite, whose one connection is also behind kysely's lock). */
    private readonly releaseOnFailedBegin: boolean,
  ) {}

  init(...args: Parameters<Driver['init']>) {
    return this.inner.init(...args);
  }

  acquireConnection(...args: Parameters<Driver['acquireConnection']>) {
    return this.inner.acquireConnection(...args);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    try {
      await this.inner.beginTransaction(connection, settings);
    } catch (error) {
      if (this.releaseOnFailedBegin) await this.inner.releaseConnection(connection).catch(() => undefined);
      throw error;
    }
  }

  commitTransaction(connection: DatabaseConnection) {
    return this.inner.commitTransaction(connection);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.inner.rollbackTransaction(connection);
    } catch (error) {
      if (!transactionAlreadyGone(error)) throw error;
    }
  }

  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    return this.inner.savepoint!(connection, name, compile);
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    return this.inner.rollbackToSavepoint!(connection, name, compile);
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    return this.inner.releaseSavepoint!(connection, name, compile);
  }

  releaseConnection(...args: Parameters<Driver['releaseConnection']>) {
    return this.inner.releaseConnection(...args);
  }

  destroy(...args: Parameters<Driver['destroy']>) {
    return this.inner.destroy(...args);
  }
}

/** The same dialect with its driver guarded. */
function guarded(dialect: Dialect, releaseOnFailedBegin: boolean): Dialect {
  return {
    createDriver: () => new GuardedDriver(dialect.createDriver(), releaseOnFailedBegin),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}

class GuardedPostgreSqlConnection extends PostgreSqlConnection {
  override createKyselyDialect(overrides: PoolConfig): PostgresDialect {
    // MikroORM only hands the dialect to `new Kysely({ dialect })`, which takes any Dialect.
    return guarded(super.createKyselyDialect(overrides), true) as PostgresDialect;
  }
}

class GuardedSqliteConnection extends SqliteConnection {
  override createKyselyDialect(options: Dictionary): Dialect {
    return guarded(super.createKyselyDialect(options), false);
  }
}

/** MikroORM's PostgreSQL driver on a guarded connection. */
export class GerbangPostgreSqlDriver extends PostgreSqlDriver {
  constructor(config: Configuration) {
    super(config);
    // The connection the base class made has not connected yet: it is replaced before first use.
    (this as unknown as { connection: PostgreSqlConnection }).connection = new GuardedPostgreSqlConnection(this.config);
  }
}

/** MikroORM's SQLite driver on a guarded connection. */
export class GerbangSqliteDriver extends SqliteDriver {
  constructor(config: Configuration) {
    super(config);
    (this as unknown as { connection: SqliteConnection }).connection = new GuardedSqliteConnection(this.config);
  }
}
