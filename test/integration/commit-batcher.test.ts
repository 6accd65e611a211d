import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UniqueConstraintViolationException, type MikroORM } from '@mikro-orm/core';
import { parseDatabaseUrl } from '../../src/config/env.js';
import { openDatabase } from '../../src/config/orm.js';
import { AuditEntrySchema } from '../../src/modules/admin/admin.entity.js';
import { AppSchema } from '../../src/modules/apps/app.entity.js';
import { CommitBatcher } from '../../src/shared/commit-batcher.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

const app = (code: string) => ({
  code,
  name: code,
  keyHash: code.padEnd(64, '0'),
  keyPrefix: code.slice(0, 8),
  keyRotatedAt: new Date(),
  createdAt: new Date(),
  updatedAt: new Date(),
});

describe('group commit (CommitBatcher)', () => {
  let dir: string;
  let database: TestDatabase;
  let orm: MikroORM;
  let observer: MikroORM;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gerbang-batch-'));
    database = await createTestDatabase(dir);
    orm = await openDatabase(parseDatabaseUrl(database.url));
    // A second connection, as another process would have: it sees only what was committed.
    observer = await openDatabase(parseDatabaseUrl(database.url));
  });

  afterAll(async () => {
    await orm.close();
    await observer.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('units sent together commit together; a failing unit is rolled back alone and gets its own error', async () => {
    await orm.em.fork().insert(AppSchema, app('taken'));
    const batcher = new CommitBatcher(orm);
    const results = await Promise.allSettled([
      batcher.run((em) => em.insert(AuditEntrySchema, { actor: 'batch', action: 'first', createdAt: new Date() })),
      batcher.run(async (em) => {
        await em.insert(AuditEntrySchema, { actor: 'batch', action: 'undone', createdAt: new Date() });
        return em.insert(AppSchema, app('taken'));
      }),
      batcher.run((em) => em.insert(AuditEntrySchema, { actor: 'batch', action: 'third', createdAt: new Date() })),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(UniqueConstraintViolationException);
    const seen = await observer.em.fork().find(AuditEntrySchema, { actor: 'batch' }, { orderBy: { id: 'asc' } });
    expect(seen.map((e) => e.action)).toEqual(['first', 'third']);
  });

  it('a unit alone in its batch that fails gets its own error, and nothing of it is committed', async () => {
    await orm.em.fork().insert(AppSchema, app('taken-alone'));
    const batcher = new CommitBatcher(orm);
    const failing = batcher.run(async (em) => {
      await em.insert(AuditEntrySchema, { actor: 'alone', action: 'undone', createdAt: new Date() });
      return em.insert(AppSchema, app('taken-alone'));
    });
    await expect(failing).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    // The batcher goes on with the next batch.
    await batcher.run((em) => em.insert(AuditEntrySchema, { actor: 'alone', action: 'after', createdAt: new Date() }));
    const seen = await observer.em.fork().find(AuditEntrySchema, { actor: 'alone' });
    expect(seen.map((e) => e.action)).toEqual(['after']);
  });

  it('a unit resolves only once its batch is committed: another connection already sees its row', async () => {
    const batcher = new CommitBatcher(orm);
    const ids = await Promise.all(
      Array.from({ length: 20 }, (_, i) => batcher.run((em) => em.insert(AuditEntrySchema, { actor: 'durable', action: `n${i}`, createdAt: new Date() }))),
    );
    expect(new Set(ids).size).toBe(20);
    expect(await observer.em.fork().count(AuditEntrySchema, { actor: 'durable' })).toBe(20);
  });

  it('a batch larger than the limit is split, and every unit still settles', async () => {
    const batcher = new CommitBatcher(orm, 4);
    const ids = await Promise.all(
      Array.from({ length: 10 }, (_, i) => batcher.run((em) => em.insert(AuditEntrySchema, { actor: 'split', action: `n${i}`, createdAt: new Date() }))),
    );
    expect(ids).toHaveLength(10);
    expect(await observer.em.fork().count(AuditEntrySchema, { actor: 'split' })).toBe(10);
  });
});
