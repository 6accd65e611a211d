import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/sqlite';
import { MikroORM as AnyOrm } from '@mikro-orm/core';
import { parseDatabaseUrl } from '../../src/config/env.js';
import { openDatabase, ormOptions } from '../../src/config/orm.js';
import { postgresqlMigrations } from '../../src/migrations/postgresql/index.js';
import { sqliteMigrations } from '../../src/migrations/sqlite/index.js';
import { WalFlusher } from '../../src/shared/wal-sync.js';
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

  it('uses WAL with foreign keys; the server connection runs synchronous=NORMAL and flushes the WAL itself (below)', async () => {
    const connection = orm.em.getConnection();
    expect(await connection.execute('pragma journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(await connection.execute('pragma synchronous')).toEqual([{ synchronous: 1 }]);
    expect(await connection.execute('pragma foreign_keys')).toEqual([{ foreign_keys: 1 }]);
  });

  describe('durable commits with the flush off the event loop', () => {
    const events: string[] = [];
    let restore: () => void;

    beforeAll(async () => {
      // Watches the flushes where they reach the operating system (Node's file handles).
      const probe = await open(join(dir, 'probe'), 'w');
      const prototype = Object.getPrototypeOf(probe) as { datasync(this: FileHandle): Promise<void> };
      await probe.close();
      const datasync = prototype.datasync;
      prototype.datasync = async function (this: FileHandle) {
        await datasync.call(this);
        events.push(`flushed ${(await realpath(`/proc/self/fd/${this.fd}`)).split('/').pop()}`);
      };
      restore = () => (prototype.datasync = datasync);
      await orm.em.getConnection().execute('create table if not exists durability (id integer primary key, note text)');
    });

    afterAll(() => restore());
    beforeEach(() => (events.length = 0));

    it('a transaction resolves only after the WAL holding its commit was flushed, once for all its statements', async () => {
      await orm.em.transactional(async (em) => {
        for (let i = 0; i < 10; i += 1) await em.getConnection().execute('insert into durability (note) values (?)', [`tx ${i}`], 'run', em.getTransactionContext());
        events.push('statements done');
      });
      events.push('transaction resolved');
      expect(events).toEqual(['statements done', 'flushed gerbang.sqlite-wal', 'transaction resolved']);
    });

    it('a write outside a transaction is flushed before it resolves; a read is not flushed', async () => {
      const connection = orm.em.getConnection();
      await connection.execute('insert into durability (note) values (?)', ['alone'], 'run');
      events.push('insert resolved');
      await connection.execute('select count(*) as n from durability');
      events.push('select resolved');
      expect(events).toEqual(['flushed gerbang.sqlite-wal', 'insert resolved', 'select resolved']);
    });

    it('a transaction that rolls back is not flushed and leaves nothing behind', async () => {
      const before = await orm.em.getConnection().execute('select count(*) as n from durability');
      await expect(
        orm.em.transactional(async (em) => {
          await em.getConnection().execute('insert into durability (note) values (?)', ['undone'], 'run', em.getTransactionContext());
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect(events).toEqual([]);
      expect(await orm.em.getConnection().execute('select count(*) as n from durability')).toEqual(before);
    });

    it('without a WAL file to flush, the connection goes back to synchronous=FULL and keeps what it commits', async () => {
      const path = join(dir, 'fallback.sqlite');
      const flusher = new WalFlusher();
      const other = await AnyOrm.init(ormOptions({ dialect: 'sqlite', path }, undefined, flusher));
      try {
        const connection = other.em.getConnection();
        await connection.execute('create table t (id integer primary key)');
        expect(await connection.execute('pragma synchronous')).toEqual([{ synchronous: 1 }]);
        expect(flusher.flushes).toBe(1);
        await flusher.close();
        unlinkSync(`${path}-wal`);
        await connection.execute('insert into t (id) values (1)', [], 'run');
        expect(await connection.execute('pragma synchronous')).toEqual([{ synchronous: 2 }]);
        expect(await connection.execute('select id from t')).toEqual([{ id: 1 }]);
        expect(flusher.flushes).toBe(1);
      } finally {
        await other.close();
      }
    });
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
