import { openApiDocument } from './http/openapi.js';
import { graphqlCors } from './http/cors.js';
import { exportRoutes } from './modules/admin/export.routes.js';
import express, { type Express } from 'express';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/core';
import type { Config } from './config/env.js';
import { createApolloServer } from './graphql/apollo.js';
import { graphqlContext } from './graphql/context.js';
import { sameSiteOnly } from './http/same-site.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Response } from 'express';
import { errorHandler, notFound } from './http/errors.js';
import { opsRoutes } from './http/ops.routes.js';
import { requestContext } from './http/request-context.js';
import { notificationRoutes } from './modules/notifications/notification.routes.js';
import { paymentRoutes } from './modules/payments/payment.routes.js';
import { simulatorRoutes } from './providers/simulator/simulator.routes.js';
import type { Services } from './services.js';
import type { Logger } from './shared/logger.js';

export { SESSION_COOKIE } from './graphql/context.js';

/** The built admin UI and GraphiQL pages (`npm run build` puts them there). */
const UI_DIR = fileURLToPath(new URL('../dist/ui/', import.meta.url));

function sendUiPage(res: Response, page: string): void {
  const file = `${UI_DIR}${page}`;
  if (!existsSync(file)) {
    res.status(503).type('text').send('The admin UI is not built: run `npm run build` in the gerbang folder.');
    return;
  }
  // GraphiQL's fonts come inlined as data: URLs.
  res.set(
    'Content-Security-Policy',
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
  );
  res.set('X-Frame-Options', 'DENY');
  res.sendFile(file);
}

export interface BuiltApp {
  app: Express;
  /** Stops what the app started (the GraphQL server). */
  stop(): Promise<void>;
}

/** Builds the Express application of gerbang without listening. */
export async function buildApp(deps: { config: Config; orm: MikroORM; services: Services; log: Logger }): Promise<BuiltApp> {
  const { orm, services, log } = deps;
  const app = express();
  app.disable('x-powered-by');
  // API answers are never served from a cache, so hashing every body for an ETag is wasted work.
  app.disable('etag');
  app.set('trust proxy', 'loopback');
  app.use(requestContext(orm, log, services.metrics));
  app.use(opsRoutes(orm, services.metrics, deps.config.metricsToken));

  const openApi = JSON.stringify(openApiDocument({ production: deps.config.midtrans.isProduction, publicUrl: deps.config.publicUrl }));
  app.get('/openapi.json', (_req, res) => void res.type('application/json').send(openApi));
  app.use(paymentRoutes(services));
  app.use(notificationRoutes(services));

  const apollo = await createApolloServer(log);
  await apollo.start();
  app.use('/graphql', graphqlCors(services));
  app.get('/graphql', (req, res, next) => {
    // Browsers asking for a page get GraphiQL, served from this package; API clients go on to Apollo.
    if (req.accepts(['application/json', 'text/html']) === 'text/html' && !req.query.query) return sendUiPage(res, 'graphiql.html');
    next();
  });
  app.use(
    '/graphql',
    express.json({ limit: 64 * 1024 }),
    expressMiddleware(apollo, {
      context: graphqlContext(services),
    }),
  );

  app.use('/admin', sameSiteOnly);
  app.use(exportRoutes(services));
  app.use('/admin', express.static(UI_DIR, { index: false, fallthrough: true, maxAge: '1h' }));
  app.get(['/admin', '/admin/{*rest}'], (_req, res) => sendUiPage(res, 'index.html'));

  if (services.simulator) app.use('/simulator', sameSiteOnly, simulatorRoutes(services.simulator));

  // Browsers ask for it on every page of gerbang's own (admin UI, playground, simulator).
  app.get('/favicon.ico', (_req, res) => void res.status(204).end());

  app.use(notFound);
  app.use(errorHandler);
  return { app, stop: () => apollo.stop() };
}
