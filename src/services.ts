import type { MikroORM } from '@mikro-orm/core';
import { CommitBatcher } from './shared/commit-batcher.js';
import type { LoginLimiter } from './modules/admin/login-limiter.js';
import type { Config } from './config/env.js';
import { Reconciler } from './jobs/reconciler.js';
import { WebhookDispatcher, type DispatcherOptions } from './jobs/webhook-dispatcher.js';
import { AdminAuthService, DEFAULT_ADMIN_AUTH, type AdminAuthOptions } from './modules/admin/admin-auth.service.js';
import { AdminService } from './modules/admin/admin.service.js';
import { AuditService } from './modules/admin/audit.service.js';
import { AppService } from './modules/apps/app.service.js';
import { NotificationService } from './modules/notifications/notification.service.js';
import { ChargeService } from './modules/payments/charge.service.js';
import { PaymentService } from './modules/payments/payment.service.js';
import { changeOf, LedgerEvents } from './modules/payments/ledger-events.js';
import { CheckoutService } from './modules/payments/checkout.service.js';
import { ClientSecrets } from './modules/payments/client-secret.js';
import { TransactionStateService } from './modules/payments/transaction-state.service.js';
import { WebhookService } from './modules/webhooks/webhook.service.js';
import type { PaymentProvider } from './providers/payment-provider.js';
import { SimulatorProvider } from './providers/simulator/simulator.provider.js';
import { Metrics } from './http/metrics.js';
import type { Logger } from './shared/logger.js';
import type { SecretBox } from './shared/secret-box.js';

/** The use-case services and background jobs of one gerbang process. */
export interface Services {
  readonly apps: AppService;
  readonly charges: ChargeService;
  readonly payments: PaymentService;
  readonly checkout: CheckoutService;
  /** The ledger's committed changes, for live subscriptions. */
  readonly ledger: LedgerEvents;
  readonly state: TransactionStateService;
  readonly notifications: NotificationService;
  readonly webhooks: WebhookService;
  readonly provider: PaymentProvider;
  /** The built-in simulator, when gerbang runs without Midtrans. */
  readonly simulator?: SimulatorProvider;
  readonly metrics: Metrics;
  readonly dispatcher: WebhookDispatcher;
  readonly reconciler: Reconciler;
  /** Seals and opens the secrets gerbang must use again (webhook signing secrets). */
  readonly box: SecretBox;
  readonly audit: AuditService;
  readonly adminAuth: AdminAuthService;
  readonly admin: AdminService;
  readonly config: Config;
}

export interface ServiceDeps {
  orm: MikroORM;
  config: Config;
  provider: PaymentProvider;
  box: SecretBox;
  log: Logger;
  /** A clock for the jobs and state changes (tests move time forward). */
  clock?: () => Date;
  dispatcher?: DispatcherOptions;
  adminAuth?: Partial<AdminAuthOptions>;
  /** Failed admin sign-ins by address (shared through PostgreSQL when gerbang runs on it). */
  loginLimiter?: LoginLimiter;
}

export function createServices(deps: ServiceDeps): Services {
  const { orm, config, box, log, clock } = deps;
  const metrics = new Metrics(orm, clock);
  const provider = metrics.instrument(deps.provider);
  // One group commit for the process: charges, state changes and webhook attempts share commits.
  const writes = new CommitBatcher(orm);
  const state = new TransactionStateService(clock, writes);
  const dispatcher = new WebhookDispatcher(orm, box, log, {
    writes,
    timeoutMs: config.webhookTimeoutMs,
    clock,
    onAttempt: (result, queuedSeconds) => {
      metrics.webhookAttempts.inc({ result });
      if (queuedSeconds !== undefined) metrics.webhookLatency.observe(queuedSeconds);
    },
    ...deps.dispatcher,
  });
  state.onEventQueued = () => dispatcher.kick();
  const ledger = new LedgerEvents();
  state.onChanged = (transaction) => ledger.publish(changeOf(transaction));
  metrics.webhooksInFlight = () => dispatcher.inFlight;
  const apps = new AppService();
  const webhooks = new WebhookService(box);
  const audit = new AuditService(clock);
  const payments = new PaymentService(provider, state, { statusCacheMs: config.statusCacheMs });
  const checkout = new CheckoutService(
    new ClientSecrets(box.derive('client-secret')),
    {
      provider: config.provider,
      clientKey: config.midtrans.clientKey ?? null,
      production: config.midtrans.isProduction,
      snapJsUrl: config.provider === 'simulator' ? null : `${config.midtrans.snapBaseUrl.replace(/\/$/, '')}/snap/snap.js`,
    },
    clock,
  );
  return {
    apps,
    charges: new ChargeService(provider, writes, {
      leaseMs: config.midtrans.timeoutMs + 5_000,
      pageExpiryMinutes: Math.round(config.reconcile.snapExpiryMs / 60_000),
      production: config.midtrans.isProduction,
      clientSecrets: checkout.secrets,
    }),
    payments,
    checkout,
    ledger,
    state,
    notifications: new NotificationService(provider, state),
    webhooks,
    provider,
    simulator: deps.provider instanceof SimulatorProvider ? deps.provider : undefined,
    metrics,
    dispatcher,
    reconciler: new Reconciler(orm, provider, state, log, { clock, ...config.reconcile }),
    box,
    audit,
    adminAuth: new AdminAuthService(audit, { ...DEFAULT_ADMIN_AUTH, ...config.adminSessions, clock, ...deps.adminAuth }, deps.loginLimiter, box),
    admin: new AdminService({ apps, webhooks, audit, payments, dispatcher }, clock, { production: config.midtrans.isProduction }),
    config,
  };
}
