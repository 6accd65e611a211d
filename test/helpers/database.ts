import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/config/env.js';
import { openDatabase } from '../../src/config/orm.js';

/**
 * Which database the suite runs on: SQLite files by default; PostgreSQL when TEST_DATABASE_URL names
 * a server (`postgres://postgres@127.0.0.1:5432/test`), where every test database is a fresh
 * database created next to that one and dropped afterwards.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
export const ON_POSTGRES = Boolean(TEST_DATABASE_URL && /^postgres(ql)?:/.test(TEST_DATABASE_URL));

/** The key every instance of a PostgreSQL test shares (gerbang requires one with a server database). */
export const TEST_SECRET_KEY = 'test-secret-key-0123456789abcdef';

export interface TestDatabase {
  /** The DATABASE_URL for gerbang. */
  url: string;
  /** Settings gerbang needs for this database besides DATABASE_URL. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

async function onServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database: a SQLite file in `dir`, or a new PostgreSQL database. */
export async function createTestDatabase(dir: string, file = 'gerbang.sqlite'): Promise<TestDatabase> {
  if (!ON_POSTGRES) {
    return { url: `sqlite:${join(dir, file)}`, env: {}, drop: async () => {} };
  }
  const name = `gerbang_t_${randomBytes(6).toString('hex')}`;
  await onServer((client) => client.query(`create database ${name}`));
  const url = new URL(TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    env: { SECRET_KEY: TEST_SECRET_KEY },
    drop: () => onServer(async (client) => void (await client.query(`drop database if exists ${name} with (force)`))),
  };
}

/**
 * What another process does when it keeps gerbang from writing: on SQLite an exclusive transaction,
 * on PostgreSQL an exclusive lock on the tables a notification writes to. Held until released.
 */
export async function holdWriteLock(database: DatabaseConfig): Promise<{ release(): Promise<void> }> {
  if (database.dialect === 'sqlite') {
    const blocker = await openDatabase(database);
    await blocker.em.getConnection().execute('begin exclusive');
    return {
      async release() {
        await blocker.em.getConnection().execute('rollback');
        await blocker.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query('begin');
  await client.query('lock table notifications, transactions in access exclusive mode');
  return {
    async release() {
      await client.query('rollback');
      await client.end();
    },
  };
}
