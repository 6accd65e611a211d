import type { MikroORM } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import axios from 'axios';
import { Webhook } from 'standardwebhooks';
import type { Logger } from '../shared/logger.js';
import type { SecretBox } from '../shared/secret-box.js';
import { CommitBatcher } from '../shared/commit-batcher.js';
import {
  claimTrial,
  dueEvents,
  endpointsOf,
  leaseEvents,
  pauseEndpoint,
  recordAttempt,
  type AttemptOutcome,
  type DueEvent,
  type Endpoint,
} from '../modules/webhooks/webhook.repository.js';
import { BREAKER_THRESHOLD } from '../modules/webhooks/webhook.presenter.js';
import { poolAdapter } from '../providers/midtrans/axios-transport.js';
import { literalTargetProblem, webhookAgents } from '../modules/webhooks/webhook-target.js';

/**
 * Pauses after failed attempts: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, 14 h, 20 h, 10 h: eleven
 * attempts over about three days, then the event is dead-lettered (and can be replayed).
 */
export const RETRY_SCHEDULE_MS = [5e3, 3e5, 18e5, 72e5, 18e6, 36e6, 36e6, 504e5, 72e6, 36e6];

export interface DispatcherOptions {
  clock?: () => Date;
  /** Jitter factor source in [0, 1); 0.5 means none. */
  random?: () => number;
  timeoutMs?: number;
  /** How many deliveries may be under way at once in this process. */
  concurrency?: number;
  /** How many of them may be for one app, so that one app's slow endpoint cannot take every worker. */
  perAppLimit?: number;
  /** Most events one runOnce() takes (tests run the dispatcher by hand). */
  batchSize?: number;
  /** How long a claimed event stays with one dispatcher before another may take it. */
  leaseMs?: number;
  pollMs?: number;
  /** The group commit to record attempts in (its own when not given). */
  writes?: CommitBatcher;
  /** The breaker's shortest and longest pause. */
  breakerMinPauseMs?: number;
  breakerMaxPauseMs?: number;
  /** Told the result of every attempt, and for a delivery how long after its event was queued (for metrics). */
  onAttempt?: (result: 'delivered' | 'failed' | 'dead', queuedSeconds?: number) => void;
}

/**
 * Delivers the webhook outbox as a stream: a bounded pool of deliveries, refilled the moment one
 * ends, when an event is queued (kick) and by a poll as a safety net. Each app may have at most
 * `perAppLimit` deliveries under way, and free workers go to the apps in turn, so that one app's
 * hanging endpoint delays no other app's webhooks. Events are claimed together with one atomic
 * conditional update (two processes never send the same attempt), signed per Standard Webhooks, and
 * every attempt is recorded.
 *
 * Each endpoint has a circuit breaker, kept in the database (shared by every process, kept across
 * restarts): after BREAKER_THRESHOLD (5) timeouts or failed connections in a row it opens, and the app's
 * events wait in the outbox, holding no worker, until the pause ends (30 s at first, as long as the
 * endpoint has been failing after that, at most 10 minutes). Then one trial delivery, taken by one
 * process: any HTTP answer closes the breaker, another timeout pauses the endpoint again. An event
 * keeps its attempts, its schedule and its id: an attempt due during a pause is made when it ends.
 */
export class WebhookDispatcher {
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly timeoutMs: number;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly perAppLimit: number;
  /** Deliveries under way, in all and per app. */
  private active = 0;
  private readonly activePerApp = new Map<number, number>();
  private readonly deliveries = new Set<Promise<void>>();
  private readonly writes: CommitBatcher;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly onAttempt: NonNullable<DispatcherOptions['onAttempt']>;
  private readonly signers = new Map<string, Webhook>();
  private readonly breaker: { threshold: number; minPauseMs: number; maxPauseMs: number };
  private timer?: NodeJS.Timeout;
  private filling?: Promise<void>;
  private again = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly box: SecretBox,
    private readonly log: Logger,
    options: DispatcherOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.batchSize = options.batchSize ?? 20;
    this.concurrency = options.concurrency ?? 32;
    this.writes = options.writes ?? new CommitBatcher(orm);
    this.perAppLimit = Math.min(options.perAppLimit ?? 8, this.concurrency);
    this.leaseMs = options.leaseMs ?? this.timeoutMs + 30_000;
    this.pollMs = options.pollMs ?? 1_000;
    this.onAttempt = options.onAttempt ?? (() => undefined);
    this.breaker = {
      threshold: BREAKER_THRESHOLD,
      minPauseMs: options.breakerMinPauseMs ?? 30_000,
      maxPauseMs: options.breakerMaxPauseMs ?? 600_000,
    };
  }

  /** Polls for due events until stop(). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Looks for due events now (e.g. right after one was queued, or a delivery ended), when started. */
  kick(): void {
    if (!this.timer) return;
    if (this.filling) {
      this.again = true;
      return;
    }
    this.filling = this.fill(this.concurrency)
      .then(() => undefined)
      .catch((error: unknown) => {
        this.log.error({ err: error }, 'webhook dispatch failed');
      })
      .finally(() => {
        this.filling = undefined;
        if (this.again && this.timer) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** How many deliveries are under way. */
  get inFlight(): number {
    return this.active;
  }

  /** Stops taking events and waits for the deliveries under way. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.filling;
    await Promise.all([...this.deliveries]);
  }

  /** Delivers the events that are due now (at most batchSize) and waits for them; returns how many attempts were made. */
  async runOnce(): Promise<number> {
    const started = await this.fill(Math.min(this.batchSize, this.concurrency));
    await Promise.all(started);
    return started.length;
  }

  /**
   * Starts deliveries of due events on up to `room` free workers: the apps in turn, none beyond its
   * own limit, one trial for an endpoint whose breaker is half open. Returns the deliveries started.
   */
  private async fill(room: number): Promise<Promise<void>[]> {
    const free = Math.min(room, this.concurrency - this.active);
    if (free <= 0) return [];
    const em = this.orm.em.fork();
    const now = this.clock();
    const due = await dueEvents(em, now, this.perAppLimit);
    if (due.length === 0) return [];
    const endpoints = await endpointsOf(em, [...new Set(due.map((event) => event.appId))]);
    const chosen: DueEvent[] = [];
    const perApp = new Map<number, number>();
    for (const event of fairOrder(due)) {
      if (chosen.length >= free) break;
      const endpoint = endpoints.get(event.appId);
      if (!endpoint) continue;
      const active = this.activePerApp.get(event.appId) ?? 0;
      const taken = active + (perApp.get(event.appId) ?? 0);
      const trial = endpoint.unreachable >= this.breaker.threshold;
      if (taken >= (trial ? 1 : this.perAppLimit)) continue;
      // A half-open breaker lets one delivery through, for all processes together.
      if (trial && !(await claimTrial(em, event.appId, this.breaker.threshold, now, new Date(now.getTime() + this.leaseMs)))) continue;
      perApp.set(event.appId, taken - active + 1);
      chosen.push(event);
    }
    // One statement claims them all (another process may have taken some first), in a commit shared
    // with other writes: a lease lost with a crash only means the event is sent again, as after any crash.
    const leased =
      chosen.length === 0
        ? new Set<string>()
        : await this.writes.run(
            (tem) =>
              leaseEvents(
                tem,
                chosen.map((event) => event.id),
                now,
                new Date(now.getTime() + this.leaseMs),
              ),
            { durable: false },
          );
    return chosen.filter((event) => leased.has(event.id)).map((event) => this.track(event, endpoints.get(event.appId)!));
  }

  /** Runs one delivery on a worker; when it ends, the worker takes the next due event. */
  private track(event: DueEvent, endpoint: Endpoint): Promise<void> {
    const { appId } = event;
    this.active += 1;
    this.activePerApp.set(appId, (this.activePerApp.get(appId) ?? 0) + 1);
    const delivery = this.deliver(event, endpoint)
      .catch((error: unknown) => {
        // The lease runs out and the event is sent again.
        this.log.error({ err: error, eventId: event.id }, 'webhook delivery could not be recorded');
      })
      .finally(() => {
        this.active -= 1;
        const left = (this.activePerApp.get(appId) ?? 1) - 1;
        if (left > 0) this.activePerApp.set(appId, left);
        else this.activePerApp.delete(appId);
        this.deliveries.delete(delivery);
        this.kick();
      });
    this.deliveries.add(delivery);
    return delivery;
  }

  /** The signer of a sealed secret, kept while the secret is the same (a rotated secret is another one). */
  private signerFor(sealed: string): Webhook {
    let signer = this.signers.get(sealed);
    if (!signer) {
      if (this.signers.size >= 1000) this.signers.clear();
      signer = new Webhook(this.box.open(sealed));
      this.signers.set(sealed, signer);
    }
    return signer;
  }

  /**
   * Sends a test event to an app's endpoint now, signed like every webhook, and answers with what the
   * endpoint said. Not an outbox event: it is not retried and does not move the breaker.
   */
  async sendTest(appId: number): Promise<WebhookTestResult> {
    const endpoint = (await endpointsOf(this.orm.em, [appId])).get(appId);
    const at = this.clock();
    const id = `msg_test_${randomUUID().replaceAll('-', '')}`;
    const payload = JSON.stringify({
      type: 'webhook.test',
      timestamp: at.toISOString(),
      data: { app: endpoint?.code ?? null, message: 'A test event sent by a gerbang administrator. Answer 2xx; nothing else needs doing.' },
    });
    const started = performance.now();
    const sent = endpoint
      ? await this.post(endpoint, id, payload, at)
      : { statusCode: null, snippet: null, error: 'the app has no webhook URL', outcome: 'not-sent' as const };
    return {
      id,
      url: endpoint?.url ?? null,
      statusCode: sent.statusCode,
      body: sent.snippet,
      error: sent.error,
      delivered: sent.error === null,
      latencyMs: Math.round(performance.now() - started),
    };
  }

  /** Posts one signed event to an endpoint: its answer (status, the start of its body), or why there is none. */
  private async post(endpoint: Endpoint, id: string, payload: string, started: Date): Promise<PostResult> {
    const { url } = endpoint;
    if (!url || !endpoint.secretSealed) return { statusCode: null, snippet: null, error: 'the app has no webhook URL', outcome: 'not-sent' };
    const problem = endpoint.allowPrivate ? undefined : literalTargetProblem(new URL(url));
    if (problem)
      return { statusCode: null, snippet: null, error: `refused: ${problem} (an admin can allow private networks for this app)`, outcome: 'not-sent' };
    const signature = this.signerFor(endpoint.secretSealed).sign(id, started, payload);
    const agents = endpoint.allowPrivate ? webhookAgents.any : webhookAgents.public;
    try {
      const response = await axios.post(url, payload, {
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'gerbang-webhooks/1',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(started.getTime() / 1000)),
          'webhook-signature': signature,
        },
        timeout: this.timeoutMs,
        // The small adapter for requests over a keep-alive pool (as for Midtrans): same options, errors and limits.
        adapter: poolAdapter,
        maxRedirects: 0,
        proxy: false,
        httpAgent: agents.http,
        httpsAgent: agents.https,
        responseType: 'text',
        transformResponse: [(data: unknown) => data],
        maxContentLength: 1024 * 1024,
        validateStatus: () => true,
      });
      const answered = response.status < 200 || response.status >= 300;
      return {
        statusCode: response.status,
        snippet: typeof response.data === 'string' ? response.data.slice(0, 500) : null,
        error: answered ? `HTTP ${response.status}` : null,
        outcome: answered ? 'answered' : 'delivered',
      };
    } catch (failure) {
      const code = (failure as { code?: string }).code;
      const cause = (failure as { cause?: { code?: string; message?: string } }).cause;
      const refused = cause?.code === 'EPRIVATETARGET' || code === 'EPRIVATETARGET';
      // No answer: a timeout, a refused or broken connection, a name that does not resolve.
      return {
        statusCode: null,
        snippet: null,
        error: refused ? `refused: ${cause?.message ?? (failure as Error).message}` : `${code ?? 'error'}: ${(failure as Error).message}`.slice(0, 500),
        outcome: refused ? 'not-sent' : 'unreachable',
      };
    }
  }

  private async deliver(event: DueEvent, endpoint: Endpoint): Promise<void> {
    const { url } = endpoint;
    const started = this.clock();
    const startedTick = performance.now();
    const { statusCode, snippet, error, outcome } = await this.post(endpoint, event.id, event.payload, started);

    const finished = this.clock();
    const attempts = event.attempts + 1;
    const delivered = error === null;
    const dead = !delivered && attempts > RETRY_SCHEDULE_MS.length;
    const pause = delivered || dead ? 0 : RETRY_SCHEDULE_MS[attempts - 1] * (0.8 + 0.4 * this.random());
    const latencyMs = Math.round(performance.now() - startedTick);
    // Attempts finishing together share a commit.
    const paused = await this.writes.run(async (tem) => {
      const unreachable = await recordAttempt(
        tem,
        event,
        {
          attemptedAt: started,
          url: (url ?? '').slice(0, 500),
          statusCode,
          latencyMs,
          responseSnippet: snippet,
          error,
        },
        {
          attempts,
          state: delivered ? 'delivered' : dead ? 'dead' : 'pending',
          deliveredAt: delivered ? finished : null,
          nextAttemptAt: new Date(finished.getTime() + pause),
          lastError: error,
        },
        outcome,
      );
      return unreachable >= this.breaker.threshold ? pauseEndpoint(tem, event.appId, finished, this.breaker.minPauseMs, this.breaker.maxPauseMs) : undefined;
    });
    this.onAttempt(delivered ? 'delivered' : dead ? 'dead' : 'failed', delivered ? (finished.getTime() - event.createdAt.getTime()) / 1000 : undefined);
    const fields = { eventId: event.id, type: event.type, app: endpoint.code, attempt: attempts, status: statusCode };
    if (delivered) this.log.info(fields, 'webhook delivered');
    else this.log.warn({ ...fields, error, dead }, dead ? 'webhook dead-lettered after its last attempt' : 'webhook attempt failed');
    if (paused) this.log.warn({ app: endpoint.code, pausedUntil: paused }, "webhook endpoint paused: it does not answer; the app's events wait until then");
  }
}

/** What an endpoint answered to one post. */
interface PostResult {
  statusCode: number | null;
  snippet: string | null;
  error: string | null;
  outcome: AttemptOutcome;
}

/** What a test webhook found: the endpoint's answer, or why there was none. */
export interface WebhookTestResult {
  id: string;
  url: string | null;
  delivered: boolean;
  statusCode: number | null;
  /** The start of the endpoint's answer (500 characters at most). */
  body: string | null;
  error: string | null;
  latencyMs: number;
}

/** Events interleaved app by app (each app's own order kept), so that free workers go to the apps in turn. */
export function fairOrder<E extends { appId: number }>(events: E[]): E[] {
  const byApp = new Map<number, E[]>();
  for (const event of events) {
    const list = byApp.get(event.appId);
    if (list) list.push(event);
    else byApp.set(event.appId, [event]);
  }
  const queues = [...byApp.values()];
  const order: E[] = [];
  for (let round = 0; order.length < events.length; round += 1) {
    for (const queue of queues) if (round < queue.length) order.push(queue[round]);
  }
  return order;
}
