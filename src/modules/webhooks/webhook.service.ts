import { randomBytes } from 'node:crypto';
import type { ServiceContext } from '../../shared/context.js';
import { AppError } from '../../shared/errors.js';
import type { SecretBox } from '../../shared/secret-box.js';
import type { WebhookAttempt, WebhookEvent } from './webhook-event.entity.js';
import { appById, attemptsOf, eventsOfApp, requeueDead, requeueEvent } from './webhook.repository.js';
import { literalTargetProblem } from './webhook-target.js';
import { idOf } from '../../shared/entity-ref.js';
import { webhookHealthOf, type WebhookHealth } from './webhook.presenter.js';

/** An app's webhook settings as the app or an admin sees them (never the secret). */
export interface WebhookSettings {
  url: string | null;
  hasSecret: boolean;
  allowPrivateNetworks: boolean;
  health: WebhookHealth;
}

export interface WebhookEventView {
  event: WebhookEvent;
  attempts: WebhookAttempt[];
}

/** Use cases of outgoing webhooks: settings, secrets, the event log and replays. */
export class WebhookService {
  constructor(private readonly box: SecretBox) {}

  async settings(ctx: ServiceContext, appId: number): Promise<WebhookSettings> {
    const app = await appById(ctx.em, appId);
    return {
      url: app.webhookUrl ?? null,
      hasSecret: Boolean(app.webhookSecretSealed),
      allowPrivateNetworks: app.allowPrivateWebhooks,
      health: webhookHealthOf(app),
    };
  }

  /**
   * Sets (or, with null, removes) an app's webhook URL. The first URL also creates the signing secret,
   * returned once. `allowPrivateNetworks` is for admins only: callers must not pass it for apps.
   */
  async configure(
    ctx: ServiceContext,
    appId: number,
    url: string | null,
    allowPrivateNetworks?: boolean,
  ): Promise<{ settings: WebhookSettings; secret?: string }> {
    const app = await appById(ctx.em, appId);
    if (url !== null) {
      const problem = urlProblem(url, allowPrivateNetworks ?? app.allowPrivateWebhooks);
      if (problem) throw new AppError('VALIDATION_FAILED', `Invalid webhook URL: ${problem}`, { fields: [{ field: 'url', message: problem }] });
    }
    if (url !== (app.webhookUrl ?? null)) {
      // Another endpoint: the old one's failures and pause do not carry over.
      app.webhookFailingSince = null;
      app.webhookUnreachable = 0;
      app.webhookPausedUntil = null;
    }
    app.webhookUrl = url;
    if (allowPrivateNetworks !== undefined) app.allowPrivateWebhooks = allowPrivateNetworks;
    let secret: string | undefined;
    if (url && !app.webhookSecretSealed) {
      secret = newSecret();
      app.webhookSecretSealed = this.box.seal(secret);
    }
    await ctx.em.flush();
    ctx.log.info({ app: app.code, url, allowPrivateNetworks: app.allowPrivateWebhooks }, 'webhook configured');
    return { settings: await this.settings(ctx, appId), ...(secret ? { secret } : {}) };
  }

  /** Replaces the signing secret; events sent from now on are signed with the new one. */
  async rotateSecret(ctx: ServiceContext, appId: number): Promise<string> {
    const app = await appById(ctx.em, appId);
    const secret = newSecret();
    app.webhookSecretSealed = this.box.seal(secret);
    await ctx.em.flush();
    ctx.log.info({ app: app.code }, 'webhook secret rotated');
    return secret;
  }

  /** An app's events, newest first, with their attempts. */
  async events(ctx: ServiceContext, appId: number, options: { first: number; state?: string; orderId?: string }): Promise<WebhookEventView[]> {
    const events = await eventsOfApp(ctx.em, appId, { limit: Math.min(Math.max(options.first, 1), 100), state: options.state, orderId: options.orderId });
    const attempts = await attemptsOf(
      ctx.em,
      events.map((e) => e.id),
    );
    return events.map((event) => ({ event, attempts: attempts.filter((a) => idOf(a.event) === event.id) }));
  }

  /** Sends one event again (same id), whatever became of it. */
  async replay(ctx: ServiceContext, appId: number, eventId: string): Promise<void> {
    if (!(await requeueEvent(ctx.em, appId, eventId))) throw new AppError('WEBHOOK_EVENT_NOT_FOUND', `No webhook event ${eventId.slice(0, 40)} for this app`);
    ctx.log.info({ eventId }, 'webhook event queued again');
  }

  /** Sends every dead-lettered event of an app again; returns how many. */
  async replayFailed(ctx: ServiceContext, appId: number): Promise<number> {
    const count = await requeueDead(ctx.em, appId);
    ctx.log.info({ appId, count }, 'failed webhook events queued again');
    return count;
  }
}

function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

function urlProblem(value: string, allowPrivate: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must start with https:// or http://';
  if (url.username || url.password) return 'must not carry a user name or password';
  if (value.length > 500) return 'must be at most 500 characters';
  if (!allowPrivate) {
    const problem = literalTargetProblem(url);
    if (problem) return `${problem}; an admin can allow private networks for this app`;
  }
  return undefined;
}
