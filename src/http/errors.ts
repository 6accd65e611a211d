import type { NextFunction, Request, Response } from 'express';
import { AppError, presentError } from '../shared/errors.js';
import { logFailure, toAppError } from '../shared/error-mapping.js';
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
  const appError = toAppError(fromBodyParser(error) ?? error);
  logFailure(ctx.log, appError);
  // A stream that broke half-way (an export): the client must see it cut off, not a short body that ends well.
  if (res.headersSent) return void res.destroy();
  res.status(appError.status).json(presentError(appError, ctx.requestId));
}

/**
 * What the body parser and the router refuse is the caller's mistake: a 4xx with gerbang's codes.
 * They mark such errors with a 4xx `status` (http-errors); a decompression failure carries zlib's
 * error code instead.
 */
function fromBodyParser(error: unknown): AppError | undefined {
  if (!error || typeof error !== 'object' || error instanceof AppError) return undefined;
  const { type, status, code } = error as { type?: string; status?: unknown; code?: unknown };
  switch (type) {
    case 'entity.parse.failed':
      return new AppError('INVALID_JSON', 'The request body is not valid JSON');
    case 'entity.too.large': {
      const limit = (error as { limit?: number }).limit;
      return new AppError('PAYLOAD_TOO_LARGE', `The request body is larger than the limit of ${limit ?? '?'} bytes`);
    }
    case 'charset.unsupported':
      return new AppError('INVALID_JSON', 'The request body must be UTF-8 JSON');
    case 'encoding.unsupported':
      return new AppError('BAD_REQUEST', 'Unsupported Content-Encoding: send the body as it is (identity), or gzip, deflate or br');
    case 'request.aborted':
      return new AppError('BAD_REQUEST', 'The request was aborted before its body arrived');
    case 'request.size.invalid':
      return new AppError('BAD_REQUEST', 'The request body is shorter or longer than its Content-Length');
  }
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new AppError('BAD_REQUEST', 'The request body could not be decompressed as its Content-Encoding says');
  }
  if (error instanceof URIError || (typeof status === 'number' && status >= 400 && status < 500)) {
    return new AppError(
      'BAD_REQUEST',
      error instanceof URIError ? 'The URL holds a malformed percent-encoding (such as %ff or %zz)' : 'The request could not be read',
    );
  }
  return undefined;
}
