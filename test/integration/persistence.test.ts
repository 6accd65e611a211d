import { mkdtempSync, readlinkSync, rmSync, unlinkSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/sqlite';
import { MikroORM as AnyOrm, type EntityManager } from '@mikro-orm/core';
import { parseDatabaseUrl } from '../../src/config/env.js';
import { openDatabase, ormOptions, walFlusherOf } from '../../src/config/orm.js';
import { CommitBatcher } from '../../src/shared/commit-batcher.js';
import { runSql } from '../../src/shared/sql.js';
import { postgresqlMigrations } from '../../src/migrations/postgresql/index.js';
import { sqliteMigrations } from '../../src/migrations/sqlite/index.js';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/database.js';
import { FakeMidtrans } from '../helpers/fake-midtrans.js';
import { call, startTestGerbang } from '../helpers/gerbang.js';

/** Waits (briefly) until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}

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

  it('keeps a 2 MB page cache on the server connection and on its read-only companion', async () => {
    const cacheSize = async (em: EntityManager) =>
      Number((await runSql<{ cache_size: number }>(em, 'select cache_size from pragma_cache_size()', []))[0].cache_size);
    expect(await cacheSize(orm.em.fork())).toBe(-2000);
    // While a transaction holds the server connection, reads go to the companion.
    let finish!: () => void;
    const held = new Promise<void>((resolve) => (finish = resolve));
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    const transaction = orm.em.fork().transactional(async (tem) => {
      await runSql(tem, 'select 1', []);
      opened();
      await held;
    });
    await open;
    const server = (await orm.em.getConnection().getNativeClient()) as unknown as { inTransaction: boolean };
    expect(server.inTransaction).toBe(true);
    expect(await cacheSize(orm.em.fork())).toBe(-2000);
    finish();
    await transaction;
  });

  describe('durable commits with the flush off the event loop', () => {
    const events: string[] = [];
    let restore: () => void;
    /** While set, flushes wait for it to resolve (a slow disk); `failing` makes them fail (a broken one). */
    let gate: Promise<void> | undefined;
    let failing = false;
    let openGate = () => {};
    const closeGate = () => {
      gate = new Promise<void>((resolve) => {
        openGate = () => {
          gate = undefined;
          resolve();
        };
      });
    };

    beforeAll(async () => {
      // Watches the flushes where they reach the operating system (Node's file handles).
      const probe = await open(join(dir, 'probe'), 'w');
      const prototype = Object.getPrototypeOf(probe) as { datasync: (this: FileHandle) => Promise<void> };
      await probe.close();
      const datasync = prototype.datasync;
      prototype.datasync = async function (this: FileHandle) {
        // Noted, with the file's name, at once: in the order the flushes are asked for.
        const file = readlinkSync(`/proc/self/fd/${this.fd}`).split('/').pop();
        events.push(`flush begins ${file}`);
        if (gate) await gate;
        if (failing) throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
        await datasync.call(this);
        events.push(`flushed ${file}`);
      };
      restore = () => (prototype.datasync = datasync);
      await orm.em.getConnection().execute('create table if not exists durability (id integer primary key, note text)');
    });

    afterAll(() => restore());
    beforeEach(() => {
      events.length = 0;
      failing = false;
      openGate();
    });
    const flushed = () => events.filter((e) => e.startsWith('flushed'));

    it('a transaction resolves only after the WAL holding its commit was flushed, once for all its statements', async () => {
      await orm.em.transactional(async (em) => {
        for (let i = 0; i < 10; i += 1)
          await em.getConnection().execute('insert into durability (note) values (?)', [`tx ${i}`], 'run', em.getTransactionContext());
        events.push('statements done');
      });
      events.push('transaction resolved');
      expect(events).toEqual(['statements done', 'flush begins gerbang.sqlite-wal', 'flushed gerbang.sqlite-wal', 'transaction resolved']);
    });

    it('a write outside a transaction is flushed before it resolves; a read is not flushed', async () => {
      const connection = orm.em.getConnection();
      await connection.execute('insert into durability (note) values (?)', ['alone'], 'run');
      events.push('insert resolved');
      await connection.execute('select count(*) as n from durability');
      events.push('select resolved');
      expect(events).toEqual(['flush begins gerbang.sqlite-wal', 'flushed gerbang.sqlite-wal', 'insert resolved', 'select resolved']);
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
      const other = await AnyOrm.init(ormOptions({ dialect: 'sqlite', path }));
      try {
        const connection = other.em.getConnection();
        await connection.execute('create table t (id integer primary key)');
        const flusher = walFlusherOf(other)!;
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

    it('flushes asked for while one is under way share the next one, which begins after they asked', async () => {
      const flusher = walFlusherOf(orm)!;
      const before = flusher.flushes;
      closeGate();
      const first = flusher.flush(orm.config.get('dbName')).then(() => events.push('first resolved'));
      await until(() => events.includes('flush begins gerbang.sqlite-wal'));
      const later = [1, 2, 3].map((n) => flusher.flush(orm.config.get('dbName')).then(() => events.push(`later ${n} resolved`)));
      openGate();
      await Promise.all([first, ...later]);
      expect(flusher.flushes - before).toBe(2);
      expect(events).toEqual([
        'flush begins gerbang.sqlite-wal',
        'flushed gerbang.sqlite-wal',
        'first resolved',
        'flush begins gerbang.sqlite-wal',
        'flushed gerbang.sqlite-wal',
        'later 1 resolved',
        'later 2 resolved',
        'later 3 resolved',
      ]);
    });

    it("a transaction may take its COMMIT's flush over: the connection is free at once, the promise settles once the WAL is on disk", async () => {
      const flusher = walFlusherOf(orm)!;
      let onDisk: Promise<void> | undefined;
      closeGate();
      await orm.em.transactional(async (em) => {
        await em.getConnection().execute('insert into durability (note) values (?)', ['handed over'], 'run', em.getTransactionContext());
        flusher.handOverNextCommit((promise) => {
          onDisk = promise;
        });
      });
      events.push('transaction resolved');
      // The disk has not finished, yet the connection (one, behind a lock) takes the next statement.
      expect(await orm.em.getConnection().execute("select count(*) as n from durability where note = 'handed over'")).toEqual([{ n: 1 }]);
      events.push('next statement ran');
      expect(flushed()).toEqual([]);
      expect(onDisk).toBeInstanceOf(Promise);
      openGate();
      await onDisk;
      expect(events.slice(0, 3)).toEqual(['flush begins gerbang.sqlite-wal', 'transaction resolved', 'next statement ran']);
      expect(flushed()).toContain('flushed gerbang.sqlite-wal');
    });

    it('a ROLLBACK cancels a hand-over: the next transaction waits for its own flush again', async () => {
      const flusher = walFlusherOf(orm)!;
      await expect(
        orm.em.transactional(async (em) => {
          await em.getConnection().execute('insert into durability (note) values (?)', ['undone'], 'run', em.getTransactionContext());
          flusher.handOverNextCommit(() => events.push('handed over'));
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect(flusher.takeHandOff()).toBeUndefined();
      await orm.em.transactional((em) => em.getConnection().execute('insert into durability (note) values (?)', ['kept'], 'run', em.getTransactionContext()));
      events.push('transaction resolved');
      expect(events).toEqual(['flush begins gerbang.sqlite-wal', 'flushed gerbang.sqlite-wal', 'transaction resolved']);
    });

    it('group commit: a durable unit settles once its commit is on disk, a claim-like unit at commit, and the next batch does not wait for the disk', async () => {
      const batcher = new CommitBatcher(orm);
      const insert = (note: string) => (em: EntityManager) =>
        em.getConnection().execute('insert into durability (note) values (?)', [note], 'run', em.getTransactionContext());
      closeGate();
      const durable = batcher.run(insert('durable unit')).then(() => events.push('durable unit resolved'));
      const committed = batcher.run(insert('committed unit'), { durable: false }).then(() => events.push('committed unit resolved'));
      await committed;
      // The next batch commits while the first one's flush is still under way.
      await batcher.run(insert('next batch'), { durable: false });
      events.push('next batch resolved');
      const rows = await orm.em
        .getConnection()
        .execute<{ note: string }[]>("select note from durability where note in ('durable unit', 'committed unit', 'next batch') order by id");
      expect(rows.map((r) => r.note)).toEqual(['durable unit', 'committed unit', 'next batch']);
      expect(events).toEqual(['flush begins gerbang.sqlite-wal', 'committed unit resolved', 'next batch resolved']);
      openGate();
      await durable;
      expect(events.indexOf('durable unit resolved')).toBeGreaterThan(events.indexOf('flushed gerbang.sqlite-wal'));
    });

    it('a charge calls Snap once its claim is committed, before that is on disk, and answers only once its payment page is on disk', async () => {
      const fake = await new FakeMidtrans().start();
      const database = { url: `sqlite:${join(dir, 'charges.sqlite')}`, env: {}, drop: async () => {} };
      const g = await startTestGerbang({ fake, database });
      try {
        const headers = await g.createApp('disk');
        events.length = 0;
        closeGate();
        let answered = false;
        const charge = call(`${g.url}/charge`, { headers, body: { order_id: 'DISK-1', amount: 15000 } }).then((r) => ((answered = true), r));
        await until(() => fake.snapCreates === 1);
        // Snap was called while no flush had finished: the claim did not wait for the disk.
        expect(flushed()).toEqual([]);
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(answered).toBe(false);
        openGate();
        const { status, body } = await charge;
        expect(status).toBe(201);
        expect(body.token).toEqual(expect.any(String));
        expect(flushed().length).toBeGreaterThanOrEqual(1);
      } finally {
        openGate();
        await g.close();
        await fake.stop();
      }
    });

    it('group commit: when the flush of a batch fails, its units fail, nothing more is written, and the process is told', async () => {
      const other = await openDatabase({ dialect: 'sqlite', path: join(dir, 'broken-disk.sqlite') });
      try {
        await other.em.getConnection().execute('create table t (note text)');
        const lost: Error[] = [];
        walFlusherOf(other)!.onLost = (error) => lost.push(error);
        const batcher = new CommitBatcher(other);
        failing = true;
        const insert = (note: string) => (em: EntityManager) =>
          em.getConnection().execute('insert into t (note) values (?)', [note], 'run', em.getTransactionContext());
        await expect(batcher.run(insert('not confirmed'))).rejects.toMatchObject({ name: 'FlushFailed', code: 'SQLITE_IOERR_FSYNC' });
        expect(lost).toHaveLength(1);
        failing = false;
        // A later flush may succeed while the failed one's data is gone: no write is accepted any more.
        await expect(batcher.run(insert('refused'))).rejects.toMatchObject({ name: 'FlushFailed' });
        await expect(other.em.getConnection().execute("insert into t (note) values ('refused too')")).rejects.toThrow('accepts no more writes');
        expect(await other.em.getConnection().execute('select note from t')).toEqual([{ note: 'not confirmed' }]);
        expect(lost).toHaveLength(1);
      } finally {
        failing = false;
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
      expect(await orms[0].migrator.getExecuted()).toHaveLength(postgresqlMigrations.length);
      expect((await orms[0].schema.getUpdateSchemaSQL({ wrap: false })).trim()).toBe('');
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
