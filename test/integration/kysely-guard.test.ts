import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { openDatabase } from '../../src/config/orm.js';
import { GerbangPostgreSqlDriver, GerbangSqliteDriver } from '../../src/config/kysely-guard.js';
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from '../helpers/database.js';
import { parseDatabaseUrl } from '../../src/config/env.js';
import { within } from '../helpers/within.js';

/**
 * The canary of src/config/kysely-guard.ts: a transaction whose end fails because the database
 * already ended it gives its connection back. Fails (waits forever, here: 2 s) if an upgrade of
 * MikroORM or kysely bypasses the guard.
 */
describe('the query builder guard', () => {
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
  });

  it('a transaction ended behind the ORM\'s back still gives its connection back, and the next statements run', async () => {
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
