import type { EntityManager } from '@mikro-orm/core';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { insertRow, readOne, updateRows } from '../../shared/sql.js';
import { NotificationSchema, type Notification } from './notification.entity.js';

/** The notification log's writes and reads (plain SQL: every notification makes them). */

/** What a notification claims, as stored next to its body. */
export interface NotificationFacts {
  dedupeKey: string;
  orderId: string;
  midtransTransactionId: string | null;
  claimedStatus: string | null;
  statusCode: string | null;
  grossAmount: string | null;
  payload: Record<string, unknown>;
}

/**
 * Stores a notification once per body: a new one is `received`; a body seen before is counted again
 * and its row returned (`duplicate`).
 */
export async function storeOnce(em: EntityManager, facts: NotificationFacts): Promise<{ notification: Notification; duplicate: boolean }> {
  try {
    await insertRow(em, NotificationSchema, { ...facts, receivedCount: 1, outcome: 'received', createdAt: new Date() });
    return { notification: await byDedupeKey(em, facts.dedupeKey), duplicate: false };
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    const existing = await byDedupeKey(em, facts.dedupeKey);
    await updateRows(em, NotificationSchema, { id: existing.id }, { receivedCount: existing.receivedCount + 1 });
    return { notification: existing, duplicate: true };
  }
}

async function byDedupeKey(em: EntityManager, dedupeKey: string): Promise<Notification> {
  const notification = await readOne(em, NotificationSchema, 'select * from notifications where dedupe_key = ?', [dedupeKey]);
  if (!notification) throw new Error('a stored notification is gone');
  return notification;
}

/** Records what became of a notification (and the payment it concerned, if gerbang knows it). */
export async function recordOutcome(em: EntityManager, id: number, outcome: string, transactionId?: number): Promise<void> {
  await updateRows(em, NotificationSchema, { id }, { outcome, processedAt: new Date(), transaction: transactionId });
}
