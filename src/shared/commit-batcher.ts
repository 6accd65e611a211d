import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { walFlusherOf } from '../config/orm.js';
import { runSql } from './sql.js';
import { isRetryableConflict, writeTransaction } from './transaction.js';
import type { WalFlusher } from './wal-flusher.js';

export interface UnitOptions {
  /**
   * Whether the unit settles only once its commit is on disk (the default). A unit that needs only to
   * be committed (seen by every other connection and process) may settle as soon as its batch commits;
   * a later durable commit puts it on disk too, as SQLite's log is flushed in order.
   */
  durable?: boolean;
}

interface Pending {
  work: (em: EntityManager) => Promise<unknown>;
  durable: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** A batch's units and their outcomes once committed; `flushed` settles once the commit is on disk. */
interface Attempt {
  outcomes: Outcome[];
  flushed?: Promise<void>;
}

/** A unit failed in a batch run without savepoints: the batch was rolled back. */
class UnitFailed extends Error {
  constructor(cause: unknown) {
    super('a unit of the batch failed', { cause });
  }
}

/**
 * Group commit: small units of database work from concurrent requests are run together in one
 * transaction and share one commit (one fsync on SQLite instead of one each). A unit's promise
 * settles only once its batch has committed and, unless the unit says otherwise, is on disk; a unit
 * that fails rejects with its own error and takes back only its own work (see attempt). On SQLite
 * the next batch runs while the previous one's commit is being flushed (see wal-flusher.ts).
 *
 * A unit must only talk to the database (no network): the whole batch waits for it. It may be run
 * more than once: its batch runs again after a conflict with another process or another unit's
 * failure. It works through the entity manager it is given (the batch's transaction), with plain SQL
 * (sql.ts) or the ORM's native calls, which do not need the unit of work.
 */
export class CommitBatcher {
  private queue: Pending[] = [];
  private flushing = false;
  private readonly flusher?: WalFlusher;

  constructor(
    private readonly orm: MikroORM,
    private readonly maxBatch = 256,
  ) {
    this.flusher = walFlusherOf(orm);
  }

  run<T>(work: (em: EntityManager) => Promise<T>, options: UnitOptions = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, durable: options.durable ?? true, resolve: resolve as (value: unknown) => void, reject });
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
    let run: Attempt;
    try {
      run = await this.attempt(batch, false).catch((error: unknown) => {
        // A batch of one unit has nothing else to keep: its failure is final.
        if (!(error instanceof UnitFailed) || batch.length === 1) throw error;
        return this.attempt(batch, true);
      });
    } catch (error) {
      const reason = error instanceof UnitFailed ? error.cause : error;
      for (const unit of batch) unit.reject(reason);
      return;
    }
    const { outcomes, flushed } = run;
    const waiting: [Pending, unknown][] = [];
    batch.forEach((unit, i) => {
      const outcome = outcomes[i];
      if (!outcome.ok) unit.reject(outcome.error);
      else if (unit.durable && flushed) waiting.push([unit, outcome.value]);
      else unit.resolve(outcome.value);
    });
    // Settled in the background: the next batch does not wait for this one's flush.
    if (flushed) void this.settleWhenOnDisk(flushed, waiting);
  }

  /**
   * Runs the batch in one transaction and commits it. First without savepoints (two statements per
   * unit saved): the first unit that fails rolls the whole batch back (UnitFailed). The batch is then
   * run again with each unit under its own savepoint, so that a failing unit takes only its own work
   * back and the others commit.
   */
  private async attempt(batch: Pending[], savepoints: boolean): Promise<Attempt> {
    let outcomes: Outcome[] = [];
    let flushed: Promise<void> | undefined;
    try {
      // Another process getting in the way of the whole batch makes writeTransaction run it again.
      await writeTransaction(this.orm.em, async (tem) => {
        outcomes = [];
        for (const unit of batch) {
          if (savepoints) await runSql(tem, 'savepoint unit', []);
          try {
            outcomes.push({ ok: true, value: await unit.work(tem) });
          } catch (error) {
            if (isRetryableConflict(error)) throw error;
            if (!savepoints) throw new UnitFailed(error);
            await runSql(tem, 'rollback to savepoint unit', []);
            outcomes.push({ ok: false, error });
          }
          if (savepoints) await runSql(tem, 'release savepoint unit', []);
        }
        // The COMMIT that follows does not hold the connection while the disk flushes it.
        this.flusher?.handOverNextCommit((promise) => {
          flushed = promise;
        });
      });
    } finally {
      this.flusher?.takeHandOff();
    }
    return { outcomes, flushed };
  }

  /**
   * Resolves the durable units once their commit is on disk. When the flush fails they fail: their
   * commit may never reach the disk (see FlushFailed), so nobody may be told it is done.
   */
  private async settleWhenOnDisk(flushed: Promise<void>, waiting: [Pending, unknown][]): Promise<void> {
    try {
      await flushed;
    } catch (error) {
      for (const [unit] of waiting) unit.reject(error);
      return;
    }
    for (const [unit, value] of waiting) unit.resolve(value);
  }
}
