import { databaseUnavailable } from './database-errors.js';
import { AppError, type FieldProblem } from './errors.js';
import type { Logger } from './logger.js';

/*
 * The one mapping from anything thrown to what a caller is told, for REST and GraphQL alike: gerbang's
 * own errors as they are, database trouble as 503 SERVICE_UNAVAILABLE (retrying shortly is safe),
 * anything else as INTERNAL without its details (it is logged with the request id).
 */

/** Shapes any thrown value into a client-safe AppError. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return (
    databaseUnavailable(error) ?? new AppError('INTERNAL', 'gerbang hit an unexpected error; it was logged with the request id', undefined, { cause: error })
  );
}

/**
 * Logs a failure at the level it deserves: our faults (INTERNAL, the database unavailable) at error,
 * an upstream failure (Midtrans) at warn, a caller's mistake not at all.
 */
export function logFailure(log: Logger, error: AppError, where?: Record<string, unknown>): void {
  if (error.code === 'INTERNAL' || error.code === 'SERVICE_UNAVAILABLE') log.error({ ...where, err: error.cause ?? error }, error.message);
  else if (error.status >= 500) log.warn({ ...where, code: error.code, reason: error.message }, 'request failed upstream');
}

/** A field name as the REST contract writes it (`item_details[0].price`) in GraphQL's words (`itemDetails[0].price`). */
export function graphqlFieldName(field: string): string {
  return field.replace(/_([a-z0-9])/g, (_match, next: string) => next.toUpperCase());
}

/**
 * An error's field problems in GraphQL's words: the services validate commands in the REST contract's
 * field names, and GraphQL callers sent the same fields under their GraphQL names. The message names
 * them the same way.
 */
export function inGraphqlWords(error: AppError): { message: string; fields?: FieldProblem[] } {
  const fields = error.details?.fields;
  if (!fields) return { message: error.message };
  const named = (word: string) => fields.some((problem) => problem.field.split(/[.[\]]/).includes(word));
  return {
    message: error.message.replace(/\b[a-z]+(?:_[a-z0-9]+)+\b/g, (word) => (named(word) ? graphqlFieldName(word) : word)),
    fields: fields.map((problem) => ({ field: graphqlFieldName(problem.field), message: problem.message })),
  };
}

/**
 * The same error with its fields renamed where a GraphQL input names them differently from the
 * command it becomes (`callbacks.finish` is `snapDefaults.finishUrl` in `updateApp`): each field
 * that starts with a `from` gets its `to` instead, in the fields and in the message.
 */
export function renameFields(error: unknown, names: Record<string, string>): unknown {
  if (!(error instanceof AppError) || !error.details?.fields) return error;
  const rename = (field: string) => {
    const from = Object.keys(names).find((name) => field === name || field.startsWith(`${name}.`) || field.startsWith(`${name}[`));
    return from ? names[from] + field.slice(from.length) : field;
  };
  let message = error.message;
  const fields = error.details.fields.map((problem) => {
    const field = rename(problem.field);
    message = message.split(problem.field).join(field);
    return { field, message: problem.message };
  });
  return new AppError(error.code, message, { ...error.details, fields }, { cause: error.cause });
}
