import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/sqlite';
import { MikroORM as AnyOrm } from '@mikro-orm/core';
import { parseDatabaseUrl } from '../../src/config/env.js';
import { openDatabase, ormOptions } from '../../src/config/orm.js';
import { postgresqlMigrations } from '../../src/migrations/postgresql/index.js';
import { sqliteMigrations } from '../../src/migrations/sqlite/index.js';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/database.js';

describe('the SQLite database', () => {
  let dir: string;
  let orm: MikroORM;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gerbang-db-'));
    orm = (await openDatabase({ dialect: 'sqlite', path: join(dir, 'nested', 'gerbang.sqlite') })) as MikroORM;
  });

  afterAll(async () => {
    await orm.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is created with its folder and fully migrated: the entities need no further migration', async () => {
    expect(await orm.migrator.getPending()).toEqual([]);
    const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  });

  it('the check above does see a schema that lacks a migration', async () => {
    const { MikroORM } = await import('@mikro-orm/sqlite');
    const { ormOptions } = await import('../../src/config/orm.js');
    const bare = await MikroORM.init({ ...ormOptions({ dialect: 'sqlite', path: ':memory:' }) });
    expect(await bare.schema.getUpdateSchemaSQL({ wrap: false })).toContain('create table `transactions`');
    await bare.close();
  });

  it('uses WAL and synchronous=FULL, so a commit survives a power loss', async () => {
    const connection = orm.em.getConnection();
    expect(await connection.execute('pragma journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(await connection.execute('pragma synchronous')).toEqual([{ synchronous: 2 }]);
    expect(await connection.execute('pragma foreign_keys')).toEqual([{ foreign_keys: 1 }]);
  });

  it('opening it again applies nothing twice', async () => {
    const again = await openDatabase({ dialect: 'sqlite', path: join(dir, 'nested', 'gerbang.sqlite') });
    expect(await again.migrator.getExecuted()).toHaveLength(sqliteMigrations.length);
    await again.close();
  });
});

(ON_POSTGRES ? describe : describe.skip)('the PostgreSQL database (TEST_DATABASE_URL)', () => {
  let dir: string;
  let database: TestDatabase;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gerbang-pg-'));
    database = await createTestDatabase(dir);
  });

  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('three instances starting at once migrate it once, and the entities need no further migration', async () => {
    const config = parseDatabaseUrl(database.url);
    const orms = await Promise.all([openDatabase(config), openDatabase(config), openDatabase(config)]);
    try {
      for (const orm of orms) expect(await orm.migrator.getPending()).toEqual([]);
      expect(await orms[0]!.migrator.getExecuted()).toHaveLength(postgresqlMigrations.length);
      expect((await orms[0]!.schema.getUpdateSchemaSQL({ wrap: false })).trim()).toBe('');
    } finally {
      await Promise.all(orms.map((orm) => orm.close()));
    }
  });

  it('the check above does see a schema that lacks a migration', async () => {
    const bare = await createTestDatabase(dir);
    const orm = await AnyOrm.init(ormOptions(parseDatabaseUrl(bare.url)));
    try {
      expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toContain('create table "transactions"');
    } finally {
      await orm.close();
      await bare.drop();
    }
  });
});
