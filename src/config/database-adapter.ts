import { createRequire } from 'node:module';
import { AbstractSqlDriver, type Configuration, type Dictionary, SqlitePlatform } from '@mikro-orm/sql';
import { MikroORM as SqliteMikroORM, SqliteConnection } from '@mikro-orm/sqlite';
import { EntityManager as PostgreSqlEntityManager, MikroORM as PostgreSqlMikroORM, PostgreSqlConnection, PostgreSqlPlatform } from '@mikro-orm/postgresql';
import {
  CompiledQuery,
  SqliteDialect,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type PostgresDialect,
  type QueryCompiler,
  type QueryResult,
  type SqliteDatabase,
  type SqliteStatement,
  type TransactionSettings,
} from 'kysely';
import type { PoolConfig } from 'pg';
import { isDatabaseUnavailable } from '../shared/database-errors.js';
import { WalFlusher } from '../shared/wal-flusher.js';

/*
 * The one adapter between gerbang and the database libraries under MikroORM (kysely, better-sqlite3),
 * built on their public extension points: MikroORM's connection classes (subclassed, with the kysely
 * dialect they build), kysely's `Driver`, `DatabaseConnection` and `SqliteDatabase` interfaces
 * (implemented by wrappers around the library's own objects), and better-sqlite3's public API.
 *
 * It does three things:
 * 1. A transaction whose end fails because the database already ended it gives its connection back.
 *    kysely 0.29 hands a transaction's connection back only when its COMMIT or ROLLBACK succeeds, and
 *    not when BEGIN fails (kysely-org/kysely#1990). When the database goes away under a transaction (a
 *    PostgreSQL connection killed, a SQLite COMMIT failing on a full disk, after which SQLite has
 *    already rolled back), the ROLLBACK fails too and the connection would never come back: the
 *    PostgreSQL pool would shrink by one each time, SQLite's one connection would stay locked.
 * 2. SQLite commits are durable without stopping the server while the disk flushes (see
 *    shared/wal-flusher.ts): the connection runs synchronous=NORMAL and every commit waits for a flush
 *    of the WAL on libuv's thread pool before anyone learns of it.
 * 3. SQLite statements of the hot path run straight on better-sqlite3 (see runDirect).
 *
 * test/integration/database-adapter.test.ts fails loudly should an upgrade change what this relies on.
 */

const requireModule = createRequire(import.meta.url);

/** Whether a failed ROLLBACK only says that there is no transaction left to roll back. */
function transactionAlreadyGone(error: unknown): boolean {
  return isDatabaseUnavailable(error) || /no transaction is active|no transaction in progress/i.test(String((error as Error)?.message));
}

/** A kysely driver that never keeps a connection because a transaction's end failed. */
export class GuardedDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    /** Give a connection back when BEGIN fails (not for SQLite, whose one connection is never taken). */
    private readonly releaseOnFailedBegin: boolean,
    /** Wraps each connection the inner driver hands out (the same wrapper for the same connection). */
    private readonly wrap: (connection: DatabaseConnection) => DatabaseConnection = (connection) => connection,
  ) {}

  init(...args: Parameters<Driver['init']>) {
    return this.inner.init(...args);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return this.wrap(await this.inner.acquireConnection());
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    try {
      await this.inner.beginTransaction(connection, settings);
    } catch (error) {
      if (this.releaseOnFailedBegin) await this.inner.releaseConnection(innerOf(connection)).catch(() => undefined);
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

  releaseConnection(connection: DatabaseConnection) {
    return this.inner.releaseConnection(innerOf(connection));
  }

  destroy() {
    return this.inner.destroy();
  }
}

/** The connection a wrapper stands for (the inner driver's pool knows only its own objects). */
const wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();
const innerOf = (connection: DatabaseConnection) => wrapped.get(connection) ?? connection;

/** The same dialect with its driver guarded. */
function guarded(dialect: Dialect, releaseOnFailedBegin: boolean, wrap?: (connection: DatabaseConnection) => DatabaseConnection): Dialect {
  return {
    createDriver: () => new GuardedDriver(dialect.createDriver(), releaseOnFailedBegin, wrap),
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

/** MikroORM's PostgreSQL driver, on the guarded connection. */
export class GerbangPostgreSqlDriver extends AbstractSqlDriver<GuardedPostgreSqlConnection, PostgreSqlPlatform> {
  constructor(config: Configuration) {
    super(config, new PostgreSqlPlatform(), GuardedPostgreSqlConnection, ['kysely', 'pg']);
  }

  override createEntityManager(useContext?: boolean) {
    return new PostgreSqlEntityManager(this.config, this as never, this.metadata, useContext) as never;
  }

  override getORMClass() {
    return PostgreSqlMikroORM as never;
  }
}

/*
 * SQLite.
 *
 * better-sqlite3 runs a statement synchronously, so on the hot path the asynchronous layers around
 * it (promises per statement in the query builder) cost more than the statement. Two cases are safe
 * to run directly (runDirect):
 * - inside a transaction: SQLite has one connection, and an open transaction holds it until it ends,
 *   so a statement of that transaction runs on that connection, in order;
 * - a read outside any transaction: on the server's connection while no transaction is open on it
 *   (its page cache stays warm), else on a second, read-only connection to the same file, which sees
 *   what is committed (WAL readers never wait for the writer), as PostgreSQL's reads do.
 * Statements written with `?` parameters are the same text every time: their prepared statements are
 * kept. Statements with their values in the text (as the ORM builds them) are not.
 */

/** better-sqlite3's database and statement, as far as gerbang uses them. */
export interface NativeStatement extends SqliteStatement {
  readonly busy: boolean;
}

export interface NativeDatabase {
  readonly name: string;
  readonly memory: boolean;
  readonly open: boolean;
  readonly inTransaction: boolean;
  prepare(sql: string): NativeStatement;
  pragma(source: string): unknown;
  close(): unknown;
}

type NativeDatabaseClass = new (file: string, options?: object) => NativeDatabase;

/** SQLite's page cache per connection: 2 MB, SQLite's own default (better-sqlite3 builds it with 16 MB). */
export const SQLITE_CACHE_PRAGMA = 'cache_size = -2000';

/**
 * Per-connection settings: WAL for concurrent readers, synchronous=FULL so that a commit survives a
 * power loss (the server's connection keeps that guarantee with NORMAL and its own flushes), a busy
 * timeout for a second process on the same file, foreign keys enforced, a small page cache (the
 * pages a charge touches fit in far less, the operating system's file cache serves the rest).
 */
const SQLITE_PRAGMAS = ['journal_mode = WAL', 'synchronous = FULL', 'busy_timeout = 5000', 'foreign_keys = ON', SQLITE_CACHE_PRAGMA];

/** Prepared statements kept per database, by their text. */
class StatementCache {
  private readonly statements = new Map<string, NativeStatement>();

  constructor(readonly db: NativeDatabase) {}

  prepare(sql: string): NativeStatement {
    if (!sql.includes('?') && sql.length > 64) return this.db.prepare(sql);
    const cached = this.statements.get(sql);
    // A statement still being iterated is never handed out twice.
    if (cached && !cached.busy) return cached;
    const statement = this.db.prepare(sql);
    if (this.statements.size >= 200) this.statements.clear();
    this.statements.set(sql, statement);
    return statement;
  }

  /** kysely's view of the database (its `SqliteDatabase` interface), with the same cache. */
  forKysely(): SqliteDatabase {
    return { prepare: (sql) => this.prepare(sql), close: () => void this.db.close() };
  }
}

/** The statements that open and close an explicit transaction. */
type Boundary = 'begin' | 'commit' | 'rollback' | 'pragma' | 'none';

function boundaryOf(sql: string): Boundary {
  const head = /^\s*(\w+)(?:\s+(\w+))?/.exec(sql);
  const word = head?.[1]?.toLowerCase();
  if (word === 'begin') return 'begin';
  if (word === 'pragma') return 'pragma';
  if (word === 'commit' || word === 'end') return 'commit';
  // `rollback to savepoint` stays inside the transaction; a plain rollback ends it.
  if (word === 'rollback' && head?.[2]?.toLowerCase() !== 'to') return 'rollback';
  return 'none';
}

const isRead = (sql: string) => /^\s*select\b/i.test(sql);

/**
 * The server's connection as kysely sees it: every statement passes through here, so every commit
 * (an explicit COMMIT, or a write outside a transaction) is flushed to disk before its promise
 * settles, unless the transaction handed its COMMIT's flush over (WalFlusher.handOverNextCommit).
 * After a failed flush nothing more is written. Should the WAL not be open-able, the connection goes
 * back to synchronous=FULL.
 */
class FlushingConnection implements DatabaseConnection {
  private inTransaction = false;
  private fallenBack = false;

  constructor(
    private readonly inner: DatabaseConnection,
    private readonly flusher: WalFlusher,
    private readonly file: string,
  ) {}

  streamQuery<R>(query: CompiledQuery, chunkSize: number) {
    return this.inner.streamQuery<R>(query, chunkSize);
  }

  /** Without the WAL file at hand, SQLite flushes it inside every commit; a checkpoint flushes what came before. */
  private async fallBack(): Promise<void> {
    this.fallenBack = true;
    await this.inner.executeQuery(CompiledQuery.raw('pragma synchronous = FULL'));
    await this.inner.executeQuery(CompiledQuery.raw('pragma wal_checkpoint(PASSIVE)'));
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const flusher = this.flusher;
    const boundary = boundaryOf(query.sql);
    // After a failed flush a transaction may begin (so that it ends cleanly through its ROLLBACK) and read.
    if (flusher.lost && boundary !== 'begin' && boundary !== 'rollback' && !isRead(query.sql)) throw flusher.lost;
    if (flusher.failed && !this.fallenBack) await this.fallBack();
    let result: QueryResult<R>;
    try {
      result = await this.inner.executeQuery<R>(query);
    } catch (error) {
      // A failed COMMIT leaves the transaction open (a rollback follows); a failed ROLLBACK had none.
      if (boundary === 'rollback') {
        this.inTransaction = false;
        flusher.takeHandOff();
      }
      throw error;
    }
    if (boundary === 'begin' || boundary === 'rollback') {
      this.inTransaction = boundary === 'begin';
      if (boundary === 'rollback') flusher.takeHandOff();
      return result;
    }
    // Settings (pragmas) change no data; any other statement that is not a read writes.
    const committed = boundary === 'commit' || (!this.inTransaction && boundary === 'none' && result.numAffectedRows !== undefined);
    if (!committed) return result;
    const handOff = boundary === 'commit' ? flusher.takeHandOff() : undefined;
    if (boundary === 'commit') this.inTransaction = false;
    if (this.fallenBack) {
      handOff?.(Promise.resolve());
    } else if (handOff) {
      handOff(flusher.flush(this.file));
    } else {
      try {
        await flusher.flush(this.file);
      } catch {
        // Committed but not known to be on disk: the caller must not take it as done.
        if (flusher.lost) throw flusher.lost;
        await this.fallBack();
      }
    }
    return result;
  }
}

/** MikroORM's SQLite connection, opened and run by gerbang (see above). */
export class GerbangSqliteConnection extends SqliteConnection {
  private native?: StatementCache;
  private reader?: StatementCache | null;
  /** Flushes the WAL of a file database (none for `:memory:` and for read replicas). */
  walFlusher?: WalFlusher;

  override createKyselyDialect(options: Dictionary): Dialect {
    const file = (options.dbName as string | undefined) ?? this.config.get('dbName')!;
    const Database = requireModule('better-sqlite3') as NativeDatabaseClass;
    const db = new Database(file, options);
    this.native = new StatementCache(db);
    this.reader = undefined;
    const flusher = db.memory ? undefined : (this.walFlusher ??= new WalFlusher());
    let wrapper: FlushingConnection | undefined;
    const dialect = new SqliteDialect({
      database: this.native.forKysely(),
      onCreateConnection: async (connection) => {
        for (const pragma of SQLITE_PRAGMAS) await connection.executeQuery(CompiledQuery.raw(`pragma ${pragma}`));
        if (flusher) await connection.executeQuery(CompiledQuery.raw('pragma synchronous = NORMAL'));
      },
    });
    return guarded(dialect, false, (connection) => {
      if (!flusher) return connection;
      if (!wrapper) {
        wrapper = new FlushingConnection(connection, flusher, db.name);
        wrapped.set(wrapper, connection);
      }
      return wrapper;
    });
  }

  /** The better-sqlite3 database. */
  override async getNativeClient(): Promise<never> {
    await this.ensureConnection();
    return this.native!.db as never;
  }

  /**
   * Runs `sql` on better-sqlite3 when that is safe (see above): inside a transaction (`inTransaction`),
   * or a read outside one. Returns undefined when the statement must go through the query builder.
   */
  runDirect(sql: string, values: unknown[], inTransaction: boolean): unknown[] | undefined {
    const native = this.native;
    if (!native?.db.open) return undefined;
    let target: StatementCache | undefined;
    if (inTransaction) target = native;
    else if (!isRead(sql)) return undefined;
    else target = native.db.inTransaction ? this.readerFor(native) : native;
    if (!target) return undefined;
    const statement = target.prepare(sql);
    if (statement.reader) return statement.all(values);
    statement.run(values);
    return [];
  }

  /** The read-only companion of a file database (none for `:memory:`). */
  private readerFor(native: StatementCache): StatementCache | undefined {
    if (this.reader === undefined) {
      if (native.db.memory) {
        this.reader = null;
      } else {
        const Database = requireModule('better-sqlite3') as NativeDatabaseClass;
        const reader = new Database(native.db.name, { readonly: true, fileMustExist: true });
        reader.pragma('busy_timeout = 5000');
        reader.pragma(SQLITE_CACHE_PRAGMA);
        this.reader = new StatementCache(reader);
      }
    }
    return this.reader?.db.open ? this.reader : undefined;
  }

  override async close(force?: boolean): Promise<void> {
    if (this.reader?.db.open) this.reader.db.close();
    this.reader = undefined;
    await super.close(force);
    await this.walFlusher?.close();
  }
}

/** MikroORM's SQLite driver, on gerbang's connection. */
export class GerbangSqliteDriver extends AbstractSqlDriver<GerbangSqliteConnection, SqlitePlatform> {
  constructor(config: Configuration) {
    super(config, new SqlitePlatform(), GerbangSqliteConnection, ['kysely', 'better-sqlite3']);
  }

  override getORMClass() {
    return SqliteMikroORM as never;
  }
}
