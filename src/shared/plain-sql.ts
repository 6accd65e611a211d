import type { EntityManager, EntityName } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { createRequire } from 'node:module';
import { CompiledQuery, type Kysely } from 'kysely';

const requireModule = createRequire(import.meta.url);

/*
 * Plain SQL for the statements on the hot path (app authentication, order lookups, the writes of a
 * charge), which otherwise spend most of their time in the ORM's query building. The values travel
 * as real parameters (the ORM writes them into the SQL text), so the statement text stays the same
 * and SQLite reuses its prepared statement. Statements are written with `?` placeholders and names
 * that both databases accept.
 */

interface Executor {
  executeQuery<R>(query: CompiledQuery<R>): Promise<{ rows: R[] }>;
}

/** Whether `em` talks to PostgreSQL (else SQLite). */
export function isPostgres(em: EntityManager): boolean {
  return em.getPlatform() instanceof PostgreSqlPlatform;
}

/** PostgreSQL numbers its placeholders. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** A value as the database stores it, the way the ORM would write it. */
function bind(value: unknown, postgres: boolean): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return postgres ? value : value.getTime();
  if (typeof value === 'boolean') return postgres ? value : Number(value);
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}

/** Runs one statement in `em`'s transaction if it has one, else on its own; returns its rows. */
export async function runSql<R = Record<string, unknown>>(em: EntityManager, sql: string, params: unknown[]): Promise<R[]> {
  const postgres = isPostgres(em);
  const transaction = em.getTransactionContext() as Executor | undefined;
  const values = params.map((p) => bind(p, postgres));
  try {
    const direct = postgres ? undefined : transaction ? ownConnection(em) : readerFor(em, sql);
    if (direct) return execute<R>(direct, sql, values);
    const executor = transaction ?? (em.getConnection() as unknown as { getClient(): Kysely<unknown> }).getClient();
    const { rows } = await executor.executeQuery<R>(CompiledQuery.raw(postgres ? numbered(sql) : sql, values));
    return rows;
  } catch (error) {
    // The same exceptions as the ORM's own calls (UniqueConstraintViolationException, …).
    throw em.getDriver().convertException(error as Error);
  }
}

/*
 * SQLite without the query builder's queue. better-sqlite3 runs a statement synchronously, so the
 * asynchronous layers around it (a connection lock, promises per statement) cost more than the
 * statement on the hot path. Two cases are safe to run directly:
 * - inside a transaction: on SQLite the ORM has one connection, and an open transaction holds it
 *   until it ends, so a statement of that transaction runs on that connection, in order;
 * - a read outside any transaction: on the ORM's own connection while no transaction is open on it
 *   (its page cache stays warm, where a second connection rereads its pages after every write by
 *   another one, about twice the time per read); while one is open there, on a second, read-only
 *   connection to the same file, which sees what is committed (WAL readers never wait for the
 *   writer), as PostgreSQL's reads do. On the ORM's connection it would see another request's
 *   transaction before that one commits.
 * Everything else (writes outside a transaction, reads of a `:memory:` database while a transaction
 * is open) goes through the ORM's queue.
 */

interface NativeStatement {
  reader: boolean;
  busy: boolean;
  all(params: unknown[]): unknown[];
  run(params: unknown[]): unknown;
}

export interface NativeDatabase {
  name: string;
  memory: boolean;
  open: boolean;
  inTransaction: boolean;
  prepare(sql: string): NativeStatement;
  pragma(source: string): unknown;
  close(): unknown;
}

function execute<R>(db: NativeDatabase, sql: string, values: unknown[]): R[] {
  const statement = db.prepare(sql);
  if (statement.reader) return statement.all(values) as R[];
  statement.run(values);
  return [];
}

/**
 * The SQLite driver prepares every statement anew; gerbang's hot-path statements (with `?`
 * parameters) and the short transaction statements are the same text every time, so their prepared
 * statements are kept and reused. Statements with values written into their text (as the ORM builds
 * them) would only fill the cache, so they are not kept. A statement still being iterated is never
 * handed out twice.
 */
export function reusePreparedStatements(db: { prepare(sql: string): unknown }): void {
  const prepare = db.prepare.bind(db) as (sql: string) => NativeStatement;
  const cache = new Map<string, NativeStatement>();
  db.prepare = (sql: string) => {
    if (!sql.includes('?') && sql.length > 64) return prepare(sql);
    const cached = cache.get(sql);
    if (cached && !cached.busy) return cached;
    const statement = prepare(sql);
    if (cache.size >= 200) cache.clear();
    cache.set(sql, statement);
    return statement;
  };
}

/** The ORM's own better-sqlite3 connection (its prepared statements are reused, see openDatabase). */
function ownConnection(em: EntityManager): NativeDatabase | undefined {
  const db = (em.getConnection() as unknown as { database?: NativeDatabase }).database;
  return db?.open ? db : undefined;
}

const readers = new WeakMap<NativeDatabase, NativeDatabase | null>();

/**
 * Where `sql`, when it only reads, runs outside a transaction: the ORM's connection while it has no
 * transaction open, else its read-only companion; undefined for writes.
 */
function readerFor(em: EntityManager, sql: string): NativeDatabase | undefined {
  const own = ownConnection(em);
  if (!own || !/^\s*select\b/i.test(sql)) return undefined;
  if (!own.inTransaction) return own;
  let reader = readers.get(own);
  if (reader === undefined) {
    reader = own.memory ? null : openReader(own);
    readers.set(own, reader);
  }
  return reader?.open ? reader : undefined;
}

/**
 * SQLite's page cache per connection: 2 MB, SQLite's own default (better-sqlite3 builds it with 16 MB).
 * Each of the server's two connections would fill its cache as the database grows, 32 MB of memory
 * in all, while the pages a charge touches (the right edges of the indexes) fit in far less and the
 * operating system's file cache serves the rest.
 */
export const SQLITE_CACHE_PRAGMA = 'cache_size = -2000';

function openReader(own: NativeDatabase): NativeDatabase {
  const Database = requireModule('better-sqlite3') as new (file: string, options: object) => NativeDatabase;
  const reader = new Database(own.name, { readonly: true, fileMustExist: true });
  reader.pragma('busy_timeout = 5000');
  reader.pragma(SQLITE_CACHE_PRAGMA);
  reusePreparedStatements(reader);
  // The companion closes with the ORM's connection.
  alsoOnClose(own, () => {
    if (reader.open) reader.close();
  });
  return reader;
}

/** Runs `then` whenever `db` is closed, before it closes. */
export function alsoOnClose(db: Pick<NativeDatabase, 'close'>, then: () => void): void {
  const close = db.close.bind(db);
  db.close = () => {
    then();
    return close();
  };
}

/**
 * Reads one row (`select * from <the entity's table> …`) as a plain object with the entity's property
 * names and types. It is not managed by `em` (nothing is tracked or flushed): the entity factory
 * costs several times the query itself, and callers only read the row and write with conditional
 * statements.
 */
export async function readOne<T extends object>(em: EntityManager, entity: EntityName<T>, sql: string, params: unknown[]): Promise<T | undefined> {
  const [row] = await runSql(em, sql, params);
  if (!row) return undefined;
  const meta = em.getMetadata().get(entity);
  const data = em.getDriver().mapResult(row as never, meta) as Record<string, unknown>;
  // What the entity factory would do next: custom types to their JS values (PostgreSQL hands bigint
  // columns over as text, SQLite hands JSON over as text).
  const platform = em.getPlatform();
  for (const prop of meta.props) {
    if (prop.customType && data[prop.name] != null) data[prop.name] = prop.customType.convertToJSValue(data[prop.name], platform);
  }
  return data as T;
}
