import type { AppSnapDefaults } from '../payments/charge.request.js';
import { withApp, type AppContext, type ServiceContext } from '../../shared/context.js';
import type { PaymentService } from '../payments/payment.service.js';
import type { WebhookDispatcher, WebhookTestResult } from '../../jobs/webhook-dispatcher.js';
import { AppError } from '../../shared/errors.js';
import type { App } from '../apps/app.entity.js';
import { listApps } from '../apps/app.repository.js';
import { presentApp, type AppService, type AppView, type AppWithKey } from '../apps/app.service.js';
import type { Notification } from '../notifications/notification.entity.js';
import { isPaid } from '../payments/payment-state.js';
import type { TransactionEvent } from '../payments/transaction-event.entity.js';
import type { Transaction } from '../payments/transaction.entity.js';
import type { WebhookEventView, WebhookService } from '../webhooks/webhook.service.js';
import { webhookHealthOf, type WebhookHealth } from '../webhooks/webhook.presenter.js';
import {
  findApp,
  findTransaction,
  findTransactions,
  transactionTotals,
  findWebhookEvent,
  historyOf,
  orphanNotifications,
  paymentsSince,
} from './admin.repository.js';
import type { AuditService } from './audit.service.js';
import { idOf } from '../../shared/entity-ref.js';

/** Who does an admin action, and from where: for the audit log. */
export interface Actor {
  name: string;
  ip?: string;
}

export interface AdminAppView extends AppView {
  webhookUrl: string | null;
  allowPrivateWebhooks: boolean;
  webhookHealth: WebhookHealth;
  snapDefaults: AppSnapDefaults | null;
  allowedOrigins: string[];
}

export interface AdminTransactionFilter {
  appCode?: string;
  status?: string;
  /** Only paid payments, or only the others. */
  paid?: boolean;
  from?: Date;
  to?: Date;
  /** Part of an order_id. */
  search?: string;
  /** Only payments Midtrans confirmed after gerbang had marked their page expired (or only the others). */
  paidAfterExpiry?: boolean;
}

export interface AdminTransactionPage {
  /** Of every row the filter matches, not only this page. */
  totals: { count: number; amount: number; paidAmount: number };
  nodes: { transaction: Transaction; appCode: string }[];
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface AdminTransactionDetail {
  transaction: Transaction;
  appCode: string;
  timeline: TransactionEvent[];
  notifications: Notification[];
  webhookEvents: WebhookEventView[];
}

export interface PeriodStats {
  count: number;
  paidCount: number;
  /** Rupiah of paid payments. */
  volume: number;
}

export interface DashboardStats {
  today: PeriodStats;
  month: PeriodStats;
  /** Paid ÷ finished (paid, failed, expired, cancelled) over the last 30 days; null without any. */
  successRate: number | null;
  /** The last 30 days (Western Indonesian Time), oldest first. */
  daily: { date: string; count: number; volume: number }[];
  /** The last 30 days by app and by payment method, largest paid volume first. */
  byApp: Breakdown[];
  byMethod: Breakdown[];
}

export interface Breakdown {
  key: string;
  count: number;
  paidCount: number;
  volume: number;
}

const FAILED = new Set(['deny', 'failure', 'expire', 'cancel']);
const WIB_MS = 7 * 3_600_000;

/** The day (YYYY-MM-DD) of an instant in Western Indonesian Time. */
export function wibDay(date: Date): string {
  return new Date(date.getTime() + WIB_MS).toISOString().slice(0, 10);
}

/** An instant in Western Indonesian Time: `2026-12-02 14:05:09 +07:00`. */
export function wibTime(date: Date): string {
  return `${new Date(date.getTime() + WIB_MS).toISOString().slice(0, 19).replace('T', ' ')} +07:00`;
}

/** What admins do across all apps. Every change is written to the audit log. */
export class AdminService {
  private readonly apps: AppService;
  private readonly webhooks: WebhookService;
  private readonly audit: AuditService;
  private readonly payments: PaymentService;
  private readonly dispatcher: Pick<WebhookDispatcher, 'sendTest' | 'kick'>;

  constructor(
    deps: {
      apps: AppService;
      webhooks: WebhookService;
      audit: AuditService;
      payments: PaymentService;
      dispatcher: Pick<WebhookDispatcher, 'sendTest' | 'kick'>;
    },
    private readonly clock: () => Date = () => new Date(),
    /** Production: an app's callback URLs must be https. */
    private readonly options: { production?: boolean } = {},
  ) {
    ({ apps: this.apps, webhooks: this.webhooks, audit: this.audit, payments: this.payments, dispatcher: this.dispatcher } = deps);
  }

  async listApps(ctx: ServiceContext): Promise<AdminAppView[]> {
    const apps = await listApps(ctx.em);
    return apps.map(presentAdminApp);
  }

  async createApp(ctx: ServiceContext, actor: Actor, command: { code: string; name: string; key?: string }): Promise<AppWithKey> {
    const result = await this.apps.create(ctx, command);
    await this.audit.record(ctx, {
      actor: actor.name,
      ip: actor.ip,
      action: 'app.create',
      target: result.app.code,
      detail: { imported: command.key !== undefined },
    });
    return result;
  }

  async rotateAppKey(ctx: ServiceContext, actor: Actor, code: string): Promise<AppWithKey> {
    const result = await this.apps.rotateKey(ctx, code);
    await this.audit.record(ctx, { actor: actor.name, ip: actor.ip, action: 'app.rotate_key', target: code });
    return result;
  }

  async setAppActive(ctx: ServiceContext, actor: Actor, code: string, active: boolean): Promise<AdminAppView> {
    await this.apps.setActive(ctx, code, active);
    await this.audit.record(ctx, { actor: actor.name, ip: actor.ip, action: active ? 'app.enable' : 'app.disable', target: code });
    return presentAdminApp(await this.app(ctx, code));
  }

  /** Renames an app and sets its webhook; returns the signing secret when the first URL created it. */
  async updateApp(
    ctx: ServiceContext,
    actor: Actor,
    code: string,
    changes: { name?: string; webhookUrl?: string | null; allowPrivateWebhooks?: boolean; snapDefaults?: unknown; allowedOrigins?: string[] },
  ): Promise<{ app: AdminAppView; webhookSecret?: string }> {
    const app = await this.app(ctx, code);
    if (changes.name !== undefined) {
      const name = changes.name.trim();
      if (name.length < 1 || name.length > 200)
        throw new AppError('VALIDATION_FAILED', 'Invalid app: name must be 1 to 200 characters', {
          fields: [{ field: 'name', message: 'must be 1 to 200 characters' }],
        });
      app.name = name;
      await ctx.em.flush();
    }
    if (changes.snapDefaults !== undefined) await this.apps.setSnapDefaults(ctx, code, changes.snapDefaults, { production: this.options.production });
    if (changes.allowedOrigins !== undefined) await this.apps.setAllowedOrigins(ctx, code, changes.allowedOrigins, { production: this.options.production });
    let secret: string | undefined;
    if (changes.webhookUrl !== undefined || changes.allowPrivateWebhooks !== undefined) {
      const url = changes.webhookUrl === undefined ? (app.webhookUrl ?? null) : changes.webhookUrl;
      secret = (await this.webhooks.configure(ctx, app.id, url, changes.allowPrivateWebhooks)).secret;
    }
    await this.audit.record(ctx, { actor: actor.name, ip: actor.ip, action: 'app.update', target: code, detail: { ...changes } });
    return { app: presentAdminApp(await this.app(ctx, code, true)), ...(secret ? { webhookSecret: secret } : {}) };
  }

  async transactions(ctx: ServiceContext, filter: AdminTransactionFilter, first: number, after?: string): Promise<AdminTransactionPage> {
    const limit = Math.min(Math.max(first, 1), 100);
    let beforeId: number | undefined;
    if (after) {
      beforeId = Number(Buffer.from(after, 'base64url').toString().replace(/^atx:/, ''));
      if (!Number.isSafeInteger(beforeId)) throw new AppError('VALIDATION_FAILED', 'after: not a cursor returned by gerbang');
    }
    const [rows, totals] = await Promise.all([findTransactions(ctx.em, { ...filter, beforeId, limit: limit + 1 }), transactionTotals(ctx.em.fork(), filter)]);
    const nodes = rows.slice(0, limit).map((transaction) => ({ transaction, appCode: transaction.app.code }));
    const last = nodes.at(-1);
    return { nodes, totals, hasNextPage: rows.length > limit, endCursor: last ? cursorOf(last.transaction.id) : null };
  }

  async transaction(ctx: ServiceContext, orderId: string): Promise<AdminTransactionDetail> {
    const transaction = await findTransaction(ctx.em, orderId);
    if (!transaction) throw new AppError('ORDER_NOT_FOUND', `No transaction with order_id "${orderId.slice(0, 60)}"`);
    const app = transaction.app;
    const [[timeline, notifications], webhookEvents] = await Promise.all([
      historyOf(ctx.em, transaction.id, orderId),
      this.webhooks.events(ctx, app.id, { first: 50, orderId }),
    ]);
    return { transaction, appCode: app.code, timeline, notifications, webhookEvents };
  }

  /** Counts and volumes for today and this month, the success rate and 30 days of daily volume. */
  async dashboard(ctx: ServiceContext): Promise<DashboardStats> {
    const now = this.clock();
    const today = wibDay(now);
    const month = today.slice(0, 7);
    const since = new Date(Date.parse(`${today}T00:00:00+07:00`) - 29 * 86_400_000);
    const monthStart = new Date(Date.parse(`${month}-01T00:00:00+07:00`));
    const from = since < monthStart ? since : monthStart;
    const [rows, apps] = await Promise.all([paymentsSince(ctx.em, from), listApps(ctx.em)]);
    const codes = new Map(apps.map((a) => [a.id, a.code]));
    const byApp = new Map<string, Breakdown>();
    const byMethod = new Map<string, Breakdown>();
    const add = (groups: Map<string, Breakdown>, key: string, paid: boolean, amount: number) => {
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { key, count: 0, paidCount: 0, volume: 0 }));
      group.count += 1;
      if (paid) {
        group.paidCount += 1;
        group.volume += amount;
      }
    };
    const empty = (): PeriodStats => ({ count: 0, paidCount: 0, volume: 0 });
    const stats = { today: empty(), month: empty() };
    const daily = new Map<string, { count: number; volume: number }>();
    for (let i = 0; i < 30; i += 1) daily.set(wibDay(new Date(since.getTime() + i * 86_400_000)), { count: 0, volume: 0 });
    let paid30 = 0;
    let finished30 = 0;
    for (const row of rows) {
      const day = wibDay(row.createdAt);
      const paid = isPaid(row.transactionStatus, row.fraudStatus) || ['partial_refund', 'refund'].includes(row.transactionStatus);
      for (const [period, match] of [
        [stats.today, day === today],
        [stats.month, day.startsWith(month)],
      ] as const) {
        if (!match) continue;
        period.count += 1;
        if (paid) {
          period.paidCount += 1;
          period.volume += row.amount;
        }
      }
      const bucket = daily.get(day);
      if (bucket) {
        bucket.count += 1;
        if (paid) bucket.volume += row.amount;
        if (paid) paid30 += 1;
        if (paid || FAILED.has(row.transactionStatus)) finished30 += 1;
        add(byApp, codes.get(idOf(row.app)) ?? String(idOf(row.app)), paid, row.amount);
        add(byMethod, row.paymentType ?? 'none', paid, row.amount);
      }
    }
    return {
      ...stats,
      successRate: finished30 > 0 ? paid30 / finished30 : null,
      daily: [...daily.entries()].map(([date, v]) => ({ date, ...v })),
      byApp: largestFirst(byApp),
      byMethod: largestFirst(byMethod),
    };
  }

  async replayWebhookEvent(ctx: ServiceContext, actor: Actor, eventId: string): Promise<void> {
    const event = await findWebhookEvent(ctx.em, eventId);
    if (!event) throw new AppError('WEBHOOK_EVENT_NOT_FOUND', `No webhook event ${eventId.slice(0, 40)}`);
    const appId = idOf(event.app);
    await this.webhooks.replay(ctx, appId, eventId);
    await this.audit.record(ctx, { actor: actor.name, ip: actor.ip, action: 'webhook.replay', target: eventId });
  }

  async replayFailedWebhookEvents(ctx: ServiceContext, actor: Actor, appCode: string): Promise<number> {
    const app = await this.app(ctx, appCode);
    const count = await this.webhooks.replayFailed(ctx, app.id);
    await this.audit.record(ctx, { actor: actor.name, ip: actor.ip, action: 'webhook.replay_failed', target: appCode, detail: { count } });
    return count;
  }

  /** Cancels an unpaid payment of any app, at Midtrans and in the ledger; audited. */
  async cancelTransaction(ctx: ServiceContext, actor: Actor, orderId: string): Promise<void> {
    await this.payments.cancel(await this.ownerContext(ctx, orderId), orderId, `admin ${actor.name}`);
    await this.audit.record(ctx, { actor: actor.name, ip: actor.ip, action: 'transaction.cancel', target: orderId });
  }

  /** Expires a pending payment of any app now; audited. */
  async expireTransaction(ctx: ServiceContext, actor: Actor, orderId: string): Promise<void> {
    await this.payments.expire(await this.ownerContext(ctx, orderId), orderId, `admin ${actor.name}`);
    await this.audit.record(ctx, { actor: actor.name, ip: actor.ip, action: 'transaction.expire', target: orderId });
  }

  /**
   * Refunds all (no amount) or part of a paid payment of any app, with the admin's reason; audited.
   * A repeat of the same refund while the payment has not changed refunds once (the app's rule).
   */
  async refundTransaction(ctx: ServiceContext, actor: Actor, orderId: string, command: { amount?: number; reason: string }): Promise<void> {
    const reason = command.reason.trim();
    if (!reason)
      throw new AppError('VALIDATION_FAILED', 'Invalid refund: give a reason (the customer and the app see it)', {
        fields: [{ field: 'reason', message: 'required' }],
      });
    const before = await findTransaction(ctx.em, orderId);
    await this.payments.refund(await this.ownerContext(ctx, orderId), orderId, { amount: command.amount, reason });
    await this.audit.record(ctx, {
      actor: actor.name,
      ip: actor.ip,
      action: 'transaction.refund',
      target: orderId,
      detail: { amount: command.amount ?? (before ? before.amount - before.refundedAmount : null), reason },
    });
  }

  /** Sends a signed test event to an app's webhook URL now and answers with what the endpoint said; audited. */
  async sendTestWebhook(ctx: ServiceContext, actor: Actor, appCode: string): Promise<WebhookTestResult> {
    const app = await this.app(ctx, appCode);
    if (!app.webhookUrl)
      throw new AppError('VALIDATION_FAILED', `App "${appCode}" has no webhook URL: set one first`, { fields: [{ field: 'webhookUrl', message: 'not set' }] });
    const result = await this.dispatcher.sendTest(app.id);
    await this.audit.record(ctx, {
      actor: actor.name,
      ip: actor.ip,
      action: 'webhook.test',
      target: appCode,
      detail: { statusCode: result.statusCode, delivered: result.delivered, latencyMs: result.latencyMs },
    });
    return result;
  }

  /** The context of the app a payment belongs to, for acting on it as that app would. */
  private async ownerContext(ctx: ServiceContext, orderId: string): Promise<AppContext> {
    const transaction = await findTransaction(ctx.em, orderId);
    if (!transaction) throw new AppError('ORDER_NOT_FOUND', `No transaction with order_id "${orderId.slice(0, 60)}"`);
    const { app } = transaction;
    return withApp(ctx, { id: app.id, code: app.code, name: app.name });
  }

  /** Valid notifications for orders gerbang does not know, newest first. */
  async orphanNotifications(ctx: ServiceContext, first: number): Promise<Notification[]> {
    return orphanNotifications(ctx.em, Math.min(Math.max(first, 1), 100));
  }

  private async app(ctx: ServiceContext, code: string, fresh = false): Promise<App> {
    const app = await findApp(ctx.em, code, fresh);
    if (!app) throw new AppError('APP_NOT_FOUND', `No app with code "${code}"`);
    return app;
  }
}

function largestFirst(groups: Map<string, Breakdown>): Breakdown[] {
  return [...groups.values()].sort((a, b) => b.volume - a.volume || b.count - a.count || a.key.localeCompare(b.key));
}

function presentAdminApp(app: App): AdminAppView {
  return {
    ...presentApp(app),
    webhookUrl: app.webhookUrl ?? null,
    allowPrivateWebhooks: app.allowPrivateWebhooks,
    webhookHealth: webhookHealthOf(app),
    snapDefaults: app.snapDefaults ?? null,
    allowedOrigins: app.allowedOrigins ?? [],
  };
}

function cursorOf(id: number): string {
  return Buffer.from(`atx:${id}`).toString('base64url');
}
