import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { MikroORM } from '@mikro-orm/core';
import type { Request, Response } from 'express';
import { WebhookEventSchema } from '../modules/webhooks/webhook-event.entity.js';
import { outboxDepthByApp, webhookEndpoints } from '../modules/webhooks/webhook.repository.js';
import { BREAKER_THRESHOLD } from '../modules/webhooks/webhook.presenter.js';
import type { PaymentProvider, ProviderStatusBody, RefundRequest, SnapRequest, SnapResult, StatusResult } from '../providers/payment-provider.js';
import { AppError } from '../shared/errors.js';

/** The Prometheus metrics of one gerbang process. */
export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'gerbang_http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  readonly requestSeconds = new Histogram({
    name: 'gerbang_http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly midtransCalls = new Counter({
    name: 'gerbang_midtrans_calls_total',
    help: 'Calls to Midtrans (or the simulator) by operation and outcome',
    labelNames: ['operation', 'outcome'],
    registers: [this.registry],
  });
  readonly midtransSeconds = new Histogram({
    name: 'gerbang_midtrans_call_duration_seconds',
    help: 'Latency of calls to Midtrans by operation and outcome',
    labelNames: ['operation', 'outcome'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly notifications = new Counter({
    name: 'gerbang_notifications_total',
    help: 'Midtrans notifications received, by outcome (rejected = bad signature)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly webhookAttempts = new Counter({
    name: 'gerbang_webhook_attempts_total',
    help: 'Webhook delivery attempts by result',
    labelNames: ['result'],
    registers: [this.registry],
  });
  readonly webhookLatency = new Histogram({
    name: 'gerbang_webhook_delivery_latency_seconds',
    help: 'From the state change that queued a webhook event to its delivery',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600],
    registers: [this.registry],
  });
  /** How many webhook deliveries are under way in this process (set by the dispatcher). */
  webhooksInFlight: () => number = () => 0;

  constructor(orm: MikroORM, clock: () => Date = () => new Date()) {
    collectDefaultMetrics({ register: this.registry, prefix: 'gerbang_' });
    new Gauge({
      name: 'gerbang_webhook_outbox_depth',
      help: 'Webhook events by state (pending = waiting for delivery or retry, dead = dead-lettered)',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        const em = orm.em.fork();
        for (const state of ['pending', 'dead']) this.set({ state }, await em.count(WebhookEventSchema, { state }));
      },
    });
    new Gauge({
      name: 'gerbang_webhook_outbox_depth_by_app',
      help: 'Webhook events by app and state (pending = waiting for delivery or retry, dead = dead-lettered)',
      labelNames: ['app', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const { app, state, count } of await outboxDepthByApp(orm.em.fork())) this.set({ app, state }, count);
      },
    });
    new Gauge({
      name: 'gerbang_webhook_breaker_state',
      help: "Each webhook endpoint's circuit breaker: 1 for its state (closed = deliveries flow, open = paused after timeouts or failed connections, half_open = the pause is over and a trial delivery is due)",
      labelNames: ['app', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const now = clock();
        for (const endpoint of await webhookEndpoints(orm.em.fork())) {
          const open = endpoint.unreachable >= BREAKER_THRESHOLD;
          const state = !open ? 'closed' : endpoint.pausedUntil && endpoint.pausedUntil > now ? 'open' : 'half_open';
          for (const s of ['closed', 'open', 'half_open']) this.set({ app: endpoint.code, state: s }, s === state ? 1 : 0);
        }
      },
    });
    const inFlight = () => this.webhooksInFlight();
    new Gauge({
      name: 'gerbang_webhook_deliveries_in_flight',
      help: 'Webhook deliveries under way in this process',
      registers: [this.registry],
      collect() {
        this.set(inFlight());
      },
    });
  }

  /** Counts and times a finished request by its route pattern. */
  observeRequest(req: Request, res: Response, seconds: number): void {
    const route =
      req.baseUrl === '/graphql'
        ? '/graphql'
        : ((req.route as { path?: string } | undefined)?.path ?? (res.statusCode === 404 ? 'unmatched' : req.baseUrl || 'other'));
    const labels = { method: req.method, route: String(route), status: String(res.statusCode) };
    this.requests.inc(labels);
    this.requestSeconds.observe(labels, seconds);
  }

  /** Wraps a provider so that every call is counted and timed. */
  instrument(provider: PaymentProvider): PaymentProvider {
    const timed = async <T>(operation: string, call: () => Promise<T>): Promise<T> => {
      const end = this.midtransSeconds.startTimer();
      let outcome = 'ok';
      try {
        return await call();
      } catch (error) {
        outcome = error instanceof AppError ? error.code.toLowerCase() : 'error';
        throw error;
      } finally {
        this.midtransCalls.inc({ operation, outcome });
        end({ operation, outcome });
      }
    };
    return {
      kind: provider.kind,
      createSnap: (request: SnapRequest): Promise<SnapResult> => timed('snap_create', () => provider.createSnap(request)),
      getStatus: (orderId: string): Promise<StatusResult> => timed('status', () => provider.getStatus(orderId)),
      cancel: (orderId: string): Promise<ProviderStatusBody> => timed('cancel', () => provider.cancel(orderId)),
      expire: (orderId: string): Promise<ProviderStatusBody> => timed('expire', () => provider.expire(orderId)),
      refund: (orderId: string, request: RefundRequest): Promise<ProviderStatusBody> => timed('refund', () => provider.refund(orderId, request)),
      verifyNotification: (body: Record<string, unknown>) => provider.verifyNotification(body),
    };
  }
}
