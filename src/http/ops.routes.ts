import { Router } from 'express';
import type { MikroORM } from '@mikro-orm/core';
import type { Metrics } from './metrics.js';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

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
      await orm.em.getConnection().execute('select 1');
      migrated ||= (await orm.migrator.getPending()).length === 0;
      if (!migrated) return void res.status(503).json({ status: 'not ready', reason: 'database migrations are pending' });
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'not ready', reason: 'the database cannot be reached' });
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
