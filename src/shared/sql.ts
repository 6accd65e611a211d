import { ReferenceKind, type EntityManager, type EntityName, type EntityProperty } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { CompiledQuery } from 'kysely';
import { GerbangSqliteConnection } from '../config/database-adapter.js';
import { idOf } from './entity-ref.js';

/*
 * Plain SQL for the statements on the hot path (app authentication, order lookups, the writes of a
 * charge), which otherwise spend most of their time in the ORM's query building. The values travel
 * as real parameters, so the statement text stays the same and SQLite reuses its prepared statement.
 * Statements are written with `?` placeholders and names that both databases accept.
 */

/** Whether `em` talks to PostgreSQL (else SQLite). */
export function isPostgres(em: EntityManager): boolean {
  return em.getPlatform() instanceof PostgreSqlPlatform;
}

/** PostgreSQL numbers its placeholders. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** A value as the database stores it, the way the ORM writes it. */
function bind(value: unknown, postgres: boolean): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return postgres ? value : value.getTime();
  if (typeof value === 'boolean') return postgres ? value : Number(value);
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}

/**
 * Runs one statement in `em`'s transaction if it has one, else on its own; returns its rows. On
 * SQLite it runs on better-sqlite3 directly where that is safe (GerbangSqliteConnection.runDirect),
 * else through the query builder MikroORM hands out (`em.getKysely()`, bound to the transaction).
 */
export async function runSql<R = Record<string, unknown>>(em: EntityManager, sql: string, params: unknown[]): Promise<R[]> {
  const postgres = isPostgres(em);
  const values = params.map((p) => bind(p, postgres));
  try {
    if (!postgres) {
      const connection = em.getConnection();
      const rows = connection instanceof GerbangSqliteConnection ? connection.runDirect(sql, values, em.getTransactionContext() !== undefined) : undefined;
      if (rows) return rows as R[];
    }
    const { rows } = await (em as SqlEntityManager).getKysely().executeQuery<R>(CompiledQuery.raw(postgres ? numbered(sql) : sql, values));
    return rows;
  } catch (error) {
    // The same exceptions as the ORM's own calls (UniqueConstraintViolationException, …).
    throw em.getDriver().convertException(error as Error);
  }
}

/**
 * Reads one row (`select * from <the entity's table> …`) as a plain object with the entity's property
 * names and types, through the driver's public `mapResult` and each property's custom type. It is
 * not managed by `em` (nothing is tracked or flushed): the entity factory costs several times the
 * query itself, and callers only read the row and write with conditional statements.
 */
export async function readOne<T extends object>(em: EntityManager, entity: EntityName<T>, sql: string, params: unknown[]): Promise<T | undefined> {
  const [row] = await runSql(em, sql, params);
  if (!row) return undefined;
  const meta = em.getMetadata().get(entity);
  const data = em.getDriver().mapResult(row as never, meta) as Record<string, unknown>;
  // Custom types to their JS values (PostgreSQL hands bigint columns over as text, SQLite hands JSON
  // over as text).
  const platform = em.getPlatform();
  for (const prop of meta.props) {
    if (prop.customType && data[prop.name] != null) data[prop.name] = prop.customType.convertToJSValue(data[prop.name], platform);
  }
  return data as T;
}

/** Some of an entity's properties and their values. */
type Values<T> = { [K in keyof T]?: unknown };

/** The columns and database values of some of an entity's properties (references by their id). */
function columnsOf<T extends object>(em: EntityManager, entity: EntityName<T>, values: Values<T>): [string[], unknown[]] {
  const meta = em.getMetadata().get(entity);
  const platform = em.getPlatform();
  const names: string[] = [];
  const params: unknown[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const prop = meta.properties[name as never] as EntityProperty | undefined;
    if (!prop) throw new Error(`${meta.className} has no property ${name}`);
    names.push(prop.fieldNames[0]);
    if (value === null) params.push(null);
    else if (prop.kind === ReferenceKind.MANY_TO_ONE) params.push(typeof value === 'object' ? idOf(value as never) : value);
    else params.push(prop.customType ? prop.customType.convertToDatabaseValue(value, platform, { mode: 'query' }) : value);
  }
  return [names, params];
}

/**
 * Inserts one row of an entity from its property values, as plain SQL with parameters: the ORM's
 * column names and value conversions without its query building, and the same statement text for
 * the same properties (SQLite keeps the prepared statement).
 */
export async function insertRow<T extends object>(em: EntityManager, entity: EntityName<T>, values: Values<T>): Promise<void> {
  const [names, params] = columnsOf(em, entity, values);
  const table = em.getMetadata().get(entity).tableName;
  await runSql(em, `insert into ${table} (${names.join(', ')}) values (${names.map(() => '?').join(', ')})`, params);
}

/**
 * Updates the rows of an entity matching every `where` value (equality) with `changes`, as insertRow
 * does; returns how many rows changed.
 */
export async function updateRows<T extends object>(em: EntityManager, entity: EntityName<T>, where: Values<T>, changes: Values<T>): Promise<number> {
  const [set, setParams] = columnsOf(em, entity, changes);
  const [keys, keyParams] = columnsOf(em, entity, where);
  const meta = em.getMetadata().get(entity);
  const rows = await runSql(
    em,
    `update ${meta.tableName} set ${set.map((column) => `${column} = ?`).join(', ')} where ${keys.map((column) => `${column} = ?`).join(' and ')} returning ${meta.primaryKeys.map((key) => (meta.properties[key as never] as EntityProperty).fieldNames[0]).join(', ')}`,
    [...setParams, ...keyParams],
  );
  return rows.length;
}
