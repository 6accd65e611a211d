import { attachLive, type LiveOptions } from './graphql/live.js';
import { buildGerbangSchema } from './graphql/schema.js';
import { PgLedgerRelay } from './modules/payments/ledger-relay.js';
import { serviceContext } from './shared/context.js';
import 'reflect-metadata';
import type { Server } from 'node:http';
import type { MikroORM } from '@mikro-orm/core';
import { buildApp } from './app.js';
import type { Config } from './config/env.js';
import { openDatabase, walFlusherOf } from './config/orm.js';
import { MidtransClient } from './providers/midtrans/midtrans.client.js';
import type { PaymentProvider } from './providers/payment-provider.js';
import { SimulatorProvider } from './providers/simulator/simulator.provider.js';
import { createServices, type Services } from './services.js';
import type { Logger } from './shared/logger.js';
import { SecretBox, installationKey } from './shared/secret-box.js';
import type { DispatcherOptions } from './jobs/webhook-dispatcher.js';
import type { AdminAuthOptions } from './modules/admin/admin-auth.service.js';
import { DEFAULT_LOGIN_LIMITS, LoginLimiter, type LoginLimits } from './modules/admin/login-limiter.js';

/** A running gerbang: its HTTP server and what it holds open. */
export interface Gerbang {
  readonly server: Server;
  readonly url: string;
  readonly orm: MikroORM;
  readonly services: Services;
  readonly config: Config;
  /** The live (WebSocket) side of /graphql. */
  readonly live: { readonly connections: number };
  close(): Promise<void>;
}

/** Chooses the payment provider: Midtrans with a server key, the built-in simulator without one. */
export function createProvider(config: Config, orm: MikroORM, box: SecretBox, log: Logger): PaymentProvider {
  if (config.midtrans.serverKey) {
    return new MidtransClient({
      serverKey: config.midtrans.serverKey,
      snapBaseUrl: config.midtrans.snapBaseUrl,
      apiBaseUrl: config.midtrans.apiBaseUrl,
      timeoutMs: config.midtrans.timeoutMs,
      notification: config.midtrans.notification,
    });
  }
  return new SimulatorProvider(orm.em.fork(), {
    publicUrl: config.publicUrl,
    serverKey: `SIMULATOR-${box.derive('simulator server key')}`,
    // The simulator notifies gerbang on its own listening address, whatever PUBLIC_URL says.
    notificationUrl: `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host === '::' ? '[::1]' : config.host}:${config.port}/notifications/midtrans`,
    log,
  });
}

export interface StartOptions {
  /** Run the webhook dispatcher and reconciliation in this process (default true). */
  jobs?: boolean;
  clock?: () => Date;
  dispatcher?: DispatcherOptions;
  adminAuth?: Partial<AdminAuthOptions>;
  /** Limits on failed admin sign-ins (tests shorten them). */
  loginLimits?: Partial<LoginLimits>;
  /**
   * Called when a commit could not be flushed to disk (SQLite). By default gerbang logs it and exits
   * with code 74, so that systemd (or Docker) starts it again on what the disk really holds.
   */
  onStorageLost?: (error: Error) => void;
  /** Live subscriptions' settings (tests shorten the idle timeout). */
  live?: LiveOptions;
}

/** Exit code after a failed flush of the database log (EX_IOERR). */
export const EXIT_STORAGE_LOST = 74;

/** Opens the database (migrating it), builds the app and listens on config.host:config.port. */
export async function startGerbang(config: Config, log: Logger, options: StartOptions = {}): Promise<Gerbang> {
  const orm = await openDatabase(config.database);
  const flusher = walFlusherOf(orm);
  if (flusher) {
    flusher.onLost = (error) => {
      log.fatal(
        { err: error.cause ?? error },
        'a commit could not be flushed to disk; the disk may have lost recent writes, so gerbang refuses writes and stops to start again from what the disk holds',
      );
      if (options.onStorageLost) return options.onStorageLost(error);
      // Long enough for the requests that waited on that commit to get their 503.
      setTimeout(() => process.exit(EXIT_STORAGE_LOST), 500);
    };
  }
  const box = new SecretBox(installationKey(config.secretKey, config.database));
  const provider = createProvider(config, orm, box, log);
  const loginLimiter = await LoginLimiter.open(config.database, { ...DEFAULT_LOGIN_LIMITS, ...options.loginLimits });
  const services = createServices({
    orm,
    config,
    provider,
    box,
    log,
    clock: options.clock,
    dispatcher: options.dispatcher,
    adminAuth: options.adminAuth,
    loginLimiter,
  });
  const stored = await services.checkout.storeMissingSecrets(serviceContext(orm, 'start', log));
  if (stored > 0) log.info({ payments: stored }, 'client secrets stored for recent payments');
  const built = await buildApp({ config, orm, services, log });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = built.app.listen(config.port, config.host, (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  server.keepAliveTimeout = 65_000;
  const live = attachLive(server, { schema: await buildGerbangSchema(), services, orm, log }, options.live);
  const relay = config.database.dialect === 'postgresql' ? await new PgLedgerRelay(config.database.url, services.ledger, log).start() : undefined;
  if (options.jobs !== false) {
    services.dispatcher.start();
    services.reconciler.start(Math.min(config.reconcile.intervalMs, 60_000));
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return {
    server,
    url: `http://${host}:${port}`,
    orm,
    services,
    config,
    live,
    async close() {
      // Live connections are told the server is going away; then stop accepting and let requests in
      // flight finish (up to 10 s), closing kept-alive connections as soon as they fall idle.
      await live.close();
      await new Promise<void>((resolve) => {
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        const deadline = setTimeout(() => server.closeAllConnections(), 10_000);
        server.close(() => {
          clearInterval(sweep);
          clearTimeout(deadline);
          resolve();
        });
        server.closeIdleConnections();
      });
      await services.dispatcher.stop();
      await services.reconciler.stop();
      await built.stop();
      await loginLimiter.close();
      await relay?.close();
      await orm.close();
    },
  };
}
