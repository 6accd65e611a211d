import { once } from 'node:events';
import { setImmediate } from 'node:timers/promises';
import { Router, type Request } from 'express';
import { adminOfRequest } from '../../graphql/context.js';
import { contextOf } from '../../http/request-context.js';
import { AppError } from '../../shared/errors.js';
import type { Services } from '../../services.js';
import type { AdminTransactionFilter } from './admin.service.js';
import { transactionCsv } from './transaction-export.js';

/**
 * GET /admin/export/transactions.csv: the admin transaction list's rows as CSV, with the list's filters
 * as query parameters (app, status, paid=yes|no, from, to, search). For an admin's session cookie or
 * admin API token; streamed batch by batch, at the pace the client reads; audited.
 */
export function exportRoutes(services: Services): Router {
  const router = Router();
  router.get('/admin/export/transactions.csv', async (req, res) => {
    const ctx = contextOf(res);
    const admin = await adminOfRequest(services, ctx, req);
    if (!admin) throw new AppError('UNAUTHENTICATED', 'Log in as an administrator, or send an admin API token (Authorization: Bearer gat_…)');
    const filter = exportFilter(req);
    await services.audit.record(ctx, {
      actor: admin.username,
      ip: req.ip,
      action: 'transaction.export',
      detail: Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)),
    });
    const stamp = new Date().toISOString().slice(0, 10);
    res.status(200);
    res.set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="gerbang-transactions-${stamp}.csv"`,
      'Cache-Control': 'no-store',
    });
    let rows = -1;
    for await (const chunk of transactionCsv(ctx.em, filter)) {
      if (res.destroyed) break;
      rows += chunk.split('\r\n').length - 1;
      // The client's pace: the next batch is read only once this one has left.
      if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
      // SQLite answers synchronously: without a turn of the event loop between batches, a fast client
      // would let the export hold the process until the end, and other requests would wait.
      else await setImmediate();
    }
    ctx.log.info({ admin: admin.username, rows, complete: !res.destroyed }, 'transactions exported');
    res.end();
  });
  return router;
}

/** The list's filters from the query string; a value that is not one is the caller's mistake (400). */
function exportFilter(req: Request): AdminTransactionFilter {
  const param = (name: string): string | undefined => {
    const value = req.query[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') throw invalid(name, 'give it once');
    return value;
  };
  const time = (name: string): Date | undefined => {
    const value = param(name);
    if (value === undefined) return undefined;
    // A day alone is a day in Western Indonesian Time; `to` is the day after it.
    const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
    const at = Date.parse(day ? `${value}T00:00:00+07:00` : value);
    if (Number.isNaN(at)) throw invalid(name, 'must be a date (2026-12-01) or an ISO time');
    return new Date(at + (day && name === 'to' ? 86_400_000 : 0));
  };
  const paid = param('paid');
  if (paid !== undefined && !['yes', 'no', 'true', 'false'].includes(paid)) throw invalid('paid', 'must be yes or no');
  return {
    appCode: param('app'),
    status: param('status'),
    paid: paid === undefined ? undefined : paid === 'yes' || paid === 'true',
    search: param('search')?.slice(0, 50),
    from: time('from'),
    to: time('to'),
  };
}

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `Invalid export filter: ${field} ${message}`, { fields: [{ field, message }] });
}
