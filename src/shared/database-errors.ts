import { ConnectionException, DriverException } from '@mikro-orm/core';
import { AppError } from './errors.js';

/**
 * SQLite result codes that mean the storage cannot take a write or a read right now (a full disk, an
 * I/O error, files that became read-only, a lock held elsewhere): trouble that may pass, not a bug.
 */
const SQLITE_UNAVAILABLE = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|BUSY|LOCKED|NOMEM|PROTOCOL)/;

/**
 * PostgreSQL SQLSTATEs of the same kind: connection exceptions (08), the server shutting down or
 * restarting (57P01-57P03), a cancelled statement (57014), a lock not had in time (55P03), too few
 * resources (53) and system errors (58).
 */
const POSTGRES_UNAVAILABLE = /^(08|53|58|57P0[123]|57014|55P03)/;

/** What node-postgres and the operating system say when a connection breaks or cannot be made. */
const CONNECTION_FAILURE = /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)$/;
const CONNECTION_MESSAGE =
  /Connection terminated|connection error|timeout exceeded when trying to connect|terminating connection|Connection ended unexpectedly|not queryable/i;

/** Whether an error (or one of its causes) says the database is unavailable for the moment. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth += 1) {
    if (current instanceof ConnectionException) return true;
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (SQLITE_UNAVAILABLE.test(code) || POSTGRES_UNAVAILABLE.test(code) || CONNECTION_FAILURE.test(code))) return true;
    if (typeof message === 'string' && CONNECTION_MESSAGE.test(message)) return true;
    // Wrapped by MikroORM (previous), by us (cause), or by graphql-js when the thrown value did not
    // look like an Error to it (thrownValue).
    const wrapper = current as { cause?: unknown; previous?: unknown; thrownValue?: unknown };
    current = wrapper.cause ?? wrapper.previous ?? wrapper.thrownValue;
  }
  return false;
}

/**
 * Database trouble as gerbang's 503, on REST and GraphQL alike: retrying shortly is safe (nothing was
 * committed, or the commit was not confirmed). Other errors of the database driver count as well,
 * as they did before: a caller can do nothing about them but retry.
 */
export function databaseUnavailable(error: unknown): AppError | undefined {
  if (error instanceof AppError) return undefined;
  if (!isDatabaseUnavailable(error) && !(error instanceof DriverException)) return undefined;
  return new AppError('SERVICE_UNAVAILABLE', 'gerbang cannot use its database right now; retry shortly', undefined, { cause: error });
}
