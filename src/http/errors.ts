import { ConnectionException, DriverException } from '@mikro-orm/core';
import type { NextFunction, Request, Response } from 'express';
import { AppError, presentError, toAppError } from '../shared/errors.js';
import { contextOf } from './request-context.js';

/** Answers unknown routes with 404 ENDPOINT_NOT_FOUND. */
export function notFound(req: Request, _res: Response, next: NextFunction): void {
  next(
    new AppError(
      'ENDPOINT_NOT_FOUND',
      `No endpoint ${req.method} ${req.path.slice(0, 100)}; gerbang serves POST /charge, GET /status/<order_id>, POST /cancel|expire|refund/<order_id>, POST /notifications/midtrans and /graphql`,
    ),
  );
}

/** Turns any error into gerbang's JSON error body; unexpected ones are logged and answered generically. */
export function errorHandler(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  const ctx = contextOf(res);
  const appError = toAppError(fromBodyParser(error) ?? fromDatabase(error) ?? error);
  if (appError.code === 'INTERNAL' || appError.code === 'SERVICE_UNAVAILABLE') ctx.log.error({ err: appError.cause ?? appError }, appError.message);
  else if (appError.status >= 500) ctx.log.warn({ code: appError.code, reason: appError.message }, 'request failed upstream');
  if (res.headersSent) return;
  res.status(appError.status).json(presentError(appError, ctx.requestId));
}

/** Database trouble is not the caller's fault and may pass: 503, so that retries (Midtrans' too) come. */
function fromDatabase(error: unknown): AppError | undefined {
  if (error instanceof DriverException || error instanceof ConnectionException) {
    return new AppError('SERVICE_UNAVAILABLE', 'gerbang cannot reach its database right now; retry shortly', undefined, { cause: error });
  }
  return undefined;
}

function fromBodyParser(error: unknown): AppError | undefined {
  const type = (error as { type?: string } | undefined)?.type;
  if (type === 'entity.parse.failed') return new AppError('INVALID_JSON', 'The request body is not valid JSON');
  if (type === 'entity.too.large') {
    const limit = (error as { limit?: number }).limit;
    return new AppError('PAYLOAD_TOO_LARGE', `The request body is larger than the limit of ${limit ?? '?'} bytes`);
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new AppError('INVALID_JSON', 'The request body must be UTF-8 JSON');
  }
  return undefined;
}
