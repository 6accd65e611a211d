import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { AppSnapDefaults } from '../payments/charge.request.js';

/** A merchant application allowed to use gerbang, identified by its code and authenticated by its key. */
export const AppSchema = defineEntity({
  name: 'App',
  tableName: 'apps',
  properties: {
    id: p.integer().primary().autoincrement(),
    code: p.string().length(64).unique(),
    name: p.string().length(200),
    /** SHA-256 of the key, hex. The key itself is never stored. */
    keyHash: p.string().length(64).hidden(),
    /** The first characters of the key, so that admins can tell keys apart. */
    keyPrefix: p.string().length(16),
    active: p.boolean().default(true),
    /** Where gerbang sends this app's signed payment events; none when empty. */
    webhookUrl: p.string().length(500).nullable(),
    /** The webhook signing secret, encrypted with the installation's key (it must be usable to sign). */
    webhookSecretSealed: p.string().length(300).nullable().hidden(),
    /** Admins may let an app's webhooks reach private networks (e.g. an app on the same LAN). */
    allowPrivateWebhooks: p.boolean().default(false),
    /** When the endpoint's current run of failed attempts began; none once a webhook is delivered. */
    webhookFailingSince: p.datetime().nullable(),
    /** Attempts in a row that timed out or could not connect (reset by any HTTP answer): the circuit breaker's count. */
    webhookUnreachable: p.integer().default(0),
    /** While the breaker is open, the endpoint gets no deliveries until then; its events wait in the outbox. */
    webhookPausedUntil: p.datetime().nullable(),
    /** What this app's charges get when they leave them out: callback URLs, payment methods, page lifetime. */
    snapDefaults: p.json<AppSnapDefaults>().nullable(),
    /** Browser origins (https://shop.example.id) whose pages may use this app's client secrets. */
    allowedOrigins: p.json<string[]>().nullable(),
    keyRotatedAt: p.datetime(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export type App = InferEntity<typeof AppSchema>;
