import type { EntityManager } from '@mikro-orm/core';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Conflicts that a fresh attempt of the whole transaction resolves: SQLite's busy snapshot (a WAL
 * transaction that read before another process committed cannot start writing, and SQLite does not
 * wait for it), PostgreSQL's deadlock and serialization failures.
 */
const RETRYABLE_CODES = new Set(['SQLITE_BUSY_SNAPSHOT', '40P01', '40001']);

export function isRetryableConflict(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 4; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && RETRYABLE_CODES.has(code)) return true;
    current = (current as { cause?: unknown; previous?: unknown }).cause ?? (current as { previous?: unknown }).previous;
  }
  return false;
}

/**
 * Runs `work` in one database transaction on a fork of `em`; when another writer got in the way in a
 * way that only a new attempt can resolve, rolls back and runs it again after a short random pause.
 * The transaction makes its own fork; a request's fork is forked once more, so that what the
 * transaction loads stays out of the request's identity map until it commits.
 */
export async function writeTransaction<T>(em: EntityManager, work: (em: EntityManager) => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await (em.global ? em : em.fork()).transactional(work);
    } catch (error) {
      if (attempt >= attempts || !isRetryableConflict(error)) throw error;
      await sleep(Math.round(Math.random() * 5 * 2 ** attempt));
    }
  }
}
