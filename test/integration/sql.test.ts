import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UniqueConstraintViolationException, type MikroORM } from '@mikro-orm/core';
import { parseDatabaseUrl } from '../../src/config/env.js';
import { openDatabase } from '../../src/config/orm.js';
import { insertRow, runSql, updateRows } from '../../src/shared/sql.js';
import { AppSchema } from '../../src/modules/apps/app.entity.js';
import { TransactionSchema } from '../../src/modules/payments/transaction.entity.js';
import { idOf } from '../../src/shared/entity-ref.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

const insertApp = 'insert into apps (code, name, key_hash, key_prefix, active, key_rotated_at, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)';
const appValues = (code: string) => [code, code, code.padEnd(64, '0'), code.slice(0, 8), true, new Date(), new Date(), new Date()];
const countApps = 'select count(*) as n from apps where code = ?';

/** Plain SQL on the hot path: in a transaction it is part of it; a read outside sees what is committed. */
describe('plain SQL (runSql)', () => {
  let dir: string;
  let database: TestDatabase;
  let orm: MikroORM;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gerbang-sql-'));
    database = await createTestDatabase(dir);
    orm = await openDatabase(parseDatabaseUrl(database.url));
  });

  afterAll(async () => {
    await orm.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = async (code: string) => Number((await runSql<{ n: number | string }>(orm.em.fork(), countApps, [code]))[0].n);

  it('a statement inside a transaction sees the transaction and is rolled back with it', async () => {
    const failed = orm.em.fork().transactional(async (tem) => {
      await runSql(tem, insertApp, appValues('rolled-back'));
      expect(Number((await runSql<{ n: number | string }>(tem, countApps, ['rolled-back']))[0].n)).toBe(1);
      throw new Error('abandon');
    });
    await expect(failed).rejects.toThrow('abandon');
    expect(await count('rolled-back')).toBe(0);
  });

  it('a read outside the transaction sees only what is committed, without waiting for the transaction to end', async () => {
    let finish!: () => void;
    const held = new Promise<void>((resolve) => (finish = resolve));
    let inserted!: () => void;
    const insertDone = new Promise<void>((resolve) => (inserted = resolve));
    const transaction = orm.em.fork().transactional(async (tem) => {
      await runSql(tem, insertApp, appValues('pending-app'));
      inserted();
      await held;
    });
    await insertDone;
    // The transaction is still open: the read neither waits for it nor sees its row.
    let timer!: NodeJS.Timeout;
    const waited = new Promise<'waited'>((resolve) => (timer = setTimeout(() => resolve('waited'), 2000)));
    const seen = await Promise.race([count('pending-app'), waited]).finally(() => clearTimeout(timer));
    expect(seen).toBe(0);
    finish();
    await transaction;
    expect(await count('pending-app')).toBe(1);
  });

  it('a broken constraint is the ORM exception, inside a transaction and outside', async () => {
    await runSql(orm.em.fork(), insertApp, appValues('unique-app'));
    await expect(runSql(orm.em.fork(), insertApp, appValues('unique-app'))).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    const inTransaction = orm.em.fork().transactional((tem) => runSql(tem, insertApp, appValues('unique-app')));
    await expect(inTransaction).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    expect(await count('unique-app')).toBe(1);
  });

  it('returning rows from a write inside a transaction', async () => {
    const rows = await orm.em.fork().transactional((tem) => runSql<{ id: number }>(tem, `${insertApp} returning id`, appValues('returning-app')));
    expect(rows).toHaveLength(1);
    expect(Number(rows[0].id)).toBeGreaterThan(0);
    expect(await count('returning-app')).toBe(1);
  });

  it('insertRow and updateRows write what the ORM reads back: dates, JSON, big integers, booleans, references', async () => {
    const em = orm.em.fork();
    await runSql(em, insertApp, appValues('row-writer'));
    const app = await em.findOneOrFail(AppSchema, { code: 'row-writer' });
    const at = new Date('2026-12-01T10:00:00.123Z');
    await insertRow(em, TransactionSchema, {
      app: app.id,
      orderId: 'ROW-1',
      amount: 9_007_199_254_740_991,
      currency: 'IDR',
      itemDetails: [{ id: 'a', name: 'Kopi "susu"', price: 1, quantity: 2 }],
      payloadHash: 'h'.repeat(64),
      transactionStatus: 'pending',
      expiredUnused: false,
      createdAt: at,
      updatedAt: at,
    });
    const changed = await updateRows(
      em,
      TransactionSchema,
      { orderId: 'ROW-1', sequence: 0 },
      { transactionStatus: 'settlement', paidAfterExpiry: true, rawStatus: { status_code: '200' }, statusCheckedAt: at, sequence: 1 },
    );
    expect(changed).toBe(1);
    expect(await updateRows(em, TransactionSchema, { orderId: 'ROW-1', sequence: 0 }, { transactionStatus: 'deny' })).toBe(0);
    const row = await orm.em.fork().findOneOrFail(TransactionSchema, { orderId: 'ROW-1' });
    expect(row).toMatchObject({
      amount: 9_007_199_254_740_991,
      itemDetails: [{ id: 'a', name: 'Kopi "susu"', price: 1, quantity: 2 }],
      transactionStatus: 'settlement',
      paidAfterExpiry: true,
      expiredUnused: false,
      rawStatus: { status_code: '200' },
      sequence: 1,
    });
    expect(row.createdAt).toEqual(at);
    expect(row.statusCheckedAt).toEqual(at);
    expect(idOf(row.app)).toBe(app.id);
  });
});
