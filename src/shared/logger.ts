import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type Logger } from 'pino';

export type { Logger };

/** Log fields that may hold a secret: their values are replaced before a line is written. */
export const REDACTED_PATHS = [
  'req.headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers["x-api-key"]',
  'headers.authorization',
  '*.apiKey',
  '*.api_key',
  '*.serverKey',
  '*.server_key',
  '*.password',
  '*.secret',
  'apiKey',
  'serverKey',
  'password',
];

/**
 * The id of the request being served, for the log lines written while serving it (see `mixin`
 * below): every line of a request carries its `requestId` without a child logger per request.
 */
export const requestScope = new AsyncLocalStorage<string>();

/** The process logger: JSON lines on stdout (and in `file` when given), secrets redacted. */
export function createLogger(level: string, destination?: pino.DestinationStream, file?: string): Logger {
  if (!destination && file) {
    const streamLevel = level as pino.Level;
    destination = pino.multistream([
      { level: streamLevel, stream: process.stdout },
      { level: streamLevel, stream: pino.destination({ dest: file, mkdir: true, append: true, sync: false }) },
    ]);
  }
  return pino(
    {
      level,
      base: { service: 'gerbang' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // A fresh object each time: pino merges the line's own fields into it.
      mixin: () => {
        const requestId = requestScope.getStore();
        return requestId ? { requestId } : {};
      },
    },
    destination,
  );
}
