import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { openDatabase } from '../../src/config/orm.js';
import { GerbangPostgreSqlDriver, GerbangSqliteConnection, GerbangSqliteDriver } from '../../src/config/database-adapter.js';
import { runSql } from '../../src/shared/sql.js';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/database.js';
import { parseDatabaseUrl } from '../../src/config/env.js';
import { within } from '../helpers/within.js';

/**
 * The canary of src/config/database-adapter.ts: a transaction whose end fails because the database
 * already ended it gives its connection back (else: waits forever, here 2 s), and on SQLite the
 * statements of a transaction run on the one connection the query builder holds. Fails if an upgrade
 * of MikroORM, kysely or better-sqlite3 bypasses the adapter.
 */
describe('the database adapter', () => {
  let dir: string;
  let database: TestDatabase;
  let orm: MikroORM;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gerbang-guard-'));
    database = await createTestDatabase(dir);
    orm = await openDatabase(parseDatabaseUrl(database.url));
  });

  afterAll(async () => {
    await orm.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is the driver gerbang runs on', () => {
    expect(orm.driver).toBeInstanceOf(ON_POSTGRES ? GerbangPostgreSqlDriver : GerbangSqliteDriver);
    if (!ON_POSTGRES) expect(orm.em.getConnection()).toBeInstanceOf(GerbangSqliteConnection);
  });

  it('on SQLite, a statement run directly inside a transaction and one run by the ORM see each other', async () => {
    await orm.em.getConnection().execute('create table if not exists canary (note text)');
    await expect(
      orm.em.fork().transactional(async (em) => {
        await runSql(em, 'insert into canary (note) values (?)', ['direct']);
        await em.getConnection().execute("insert into canary (note) values ('orm')", [], 'run', em.getTransactionContext());
        expect(await em.getConnection().execute('select note from canary order by note', [], 'all', em.getTransactionContext())).toEqual([
          { note: 'direct' },
          { note: 'orm' },
        ]);
        expect(await runSql(em, 'select note from canary order by note', [])).toEqual([{ note: 'direct' }, { note: 'orm' }]);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    // Both were rolled back with the transaction: they ran on one connection.
    expect(await runSql(orm.em.fork(), 'select count(*) as n from canary', [])).toEqual([{ n: ON_POSTGRES ? '0' : 0 }]);
  });

  it("a transaction ended behind the ORM's back still gives its connection back, and the next statements run", async () => {
    for (let i = 0; i < 12; i += 1) {
      await expect(
        within(
          2_000,
          orm.em.transactional(async (em) => {
            // The database ends the transaction (as SQLite does when its COMMIT fails for a full disk).
            await em.getConnection().execute('rollback', [], 'run', em.getTransactionContext());
            throw new Error('the work failed');
          }),
        ),
      ).rejects.toThrow('the work failed');
    }
    // More rounds than PostgreSQL's pool has connections: none was kept.
    expect(await within(2_000, orm.em.getConnection().execute('select 1 as one'))).toEqual([{ one: 1 }]);
  });
});
