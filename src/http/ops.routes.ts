import { Router } from 'express';
import type { MikroORM } from '@mikro-orm/core';
import type { Metrics } from './metrics.js';
import { isPostgres } from '../shared/sql.js';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/** How long /readyz waits for the database before it answers 503. */
const READY_TIMEOUT_MS = 2_000;

class ReadyTimeout extends Error {}

function withinMs<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new ReadyTimeout()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Reads from the database and, on SQLite, writes to it too: a full disk or read-only files let reads
 * through and refuse every write. The write is the file header's user_version, which nothing else
 * uses, set to what it already is.
 */
async function probeDatabase(orm: MikroORM): Promise<void> {
  const connection = orm.em.getConnection();
  if (isPostgres(orm.em)) {
    await connection.execute('select 1');
    return;
  }
  const [row] = (await connection.execute('pragma user_version')) as { user_version?: number }[];
  await connection.execute(`pragma user_version = ${(Number(row?.user_version ?? 0) + 1) % 1000}`);
}

/**
 * /healthz (the process is alive), /readyz (database reachable, migrations applied) and /metrics
 * (Prometheus). /metrics answers loopback clients, or anyone with `Authorization: Bearer <METRICS_TOKEN>`.
 */
export function opsRoutes(orm: MikroORM, metrics: Metrics, metricsToken: string | undefined): Router {
  const router = Router();
  let migrated = false;

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    try {
      await withinMs(READY_TIMEOUT_MS, probeDatabase(orm));
      migrated ||= (await withinMs(READY_TIMEOUT_MS, orm.migrator.getPending())).length === 0;
      if (!migrated) return void res.status(503).json({ status: 'not ready', reason: 'database migrations are pending' });
      res.json({ status: 'ready' });
    } catch (error) {
      const reason =
        error instanceof ReadyTimeout ? `the database did not answer within ${READY_TIMEOUT_MS} ms` : 'the database cannot be reached or written to';
      res.status(503).json({ status: 'not ready', reason });
    }
  });

  router.get('/metrics', async (req, res) => {
    const allowed = metricsToken ? req.get('authorization') === `Bearer ${metricsToken}` : LOOPBACK.test(req.socket.remoteAddress ?? '');
    if (!allowed) {
      return void res.status(403).json({ error: { code: 'FORBIDDEN', message: 'Metrics are served to loopback, or with the METRICS_TOKEN bearer token' } });
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  return router;
}
