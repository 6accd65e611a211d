import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { runSql } from './plain-sql.js';
import { isRetryableConflict, writeTransaction } from './transaction.js';

interface Pending {
  work: (em: EntityManager) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: small units of database work from concurrent requests are run together in one
 * transaction, each under its own savepoint, and share one commit (one fsync on SQLite instead of
 * one each). A unit's promise settles only once its batch has committed, so a resolved unit is
 * durable; a unit that fails is rolled back to its savepoint alone and rejects with its own error.
 * A unit must only talk to the database (no network): the whole batch waits for it; and it works
 * through the entity manager it is given (the batch's transaction), with plain SQL (plain-sql.ts)
 * or the ORM's native calls, which do not need the unit of work.
 */
export class CommitBatcher {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly maxBatch = 256,
  ) {}

  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.flushing) {
        this.flushing = true;
        // Requests arriving in the same turn of the event loop join the same batch.
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      await this.commit(batch);
    }
    this.flushing = false;
  }

  private async commit(batch: Pending[]): Promise<void> {
    let outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      // Another process getting in the way of the whole batch makes writeTransaction run it again.
      await writeTransaction(this.orm.em, async (tem) => {
        outcomes = [];
        for (const unit of batch) {
          // Each unit under its own savepoint: a failing unit takes only its own work back.
          await runSql(tem, 'savepoint unit', []);
          try {
            outcomes.push({ ok: true, value: await unit.work(tem) });
          } catch (error) {
            if (isRetryableConflict(error)) throw error;
            await runSql(tem, 'rollback to savepoint unit', []);
            outcomes.push({ ok: false, value: error });
          }
          await runSql(tem, 'release savepoint unit', []);
        }
      });
    } catch (error) {
      for (const unit of batch) unit.reject(error);
      return;
    }
    batch.forEach((unit, i) => (outcomes[i]!.ok ? unit.resolve(outcomes[i]!.value) : unit.reject(outcomes[i]!.value)));
  }
}
