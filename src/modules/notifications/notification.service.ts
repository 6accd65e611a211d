import { hash } from 'node:crypto';
import type { PaymentProvider } from '../../providers/payment-provider.js';
import type { ServiceContext } from '../../shared/context.js';
import { AppError } from '../../shared/errors.js';
import { findByOrderId } from '../payments/transaction.repository.js';
import type { TransactionStateService } from '../payments/transaction-state.service.js';
import type { Notification } from './notification.entity.js';
import { recordOutcome, storeOnce } from './notification.repository.js';
import { ORDER_ID_PATTERN, ORDER_ID_RULE } from '../payments/charge.request.js';

/** How deeply a notification body may nest (Midtrans' own bodies nest three levels at most). */
const MAX_NOTIFICATION_DEPTH = 16;

/**
 * What makes a parsed JSON value unfit to store, if anything: nesting deeper than `maxDepth` (which
 * would overflow the stack of every recursive reader after it), a NUL character or a lone UTF-16
 * surrogate (which PostgreSQL cannot hold in text or jsonb). Walks without recursion.
 */
export function jsonOddity(value: unknown, maxDepth: number): string | undefined {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\0')) return 'holds a NUL character';
      if (!current.isWellFormed()) return 'holds text that is not valid Unicode';
      continue;
    }
    if (!current || typeof current !== 'object') continue;
    if (depth > maxDepth) return `is nested deeper than ${maxDepth} levels`;
    for (const [key, inner] of Object.entries(current)) {
      if (key.includes('\0') || !key.isWellFormed()) return 'holds a NUL character or text that is not valid Unicode';
      stack.push([inner, depth + 1]);
    }
  }
  return undefined;
}

/** What became of a notification. */
export type NotificationOutcome = 'applied' | 'no_change' | 'orphan' | 'duplicate';

/**
 * Midtrans' HTTP notifications. The signature proves the sender but covers neither the status nor a
 * time, so the state is always confirmed with the status API before it is applied.
 */
export class NotificationService {
  constructor(
    private readonly provider: PaymentProvider,
    private readonly state: TransactionStateService,
  ) {}

  /** Verifies, stores (once per body), confirms and applies a notification. */
  async receive(ctx: ServiceContext, raw: Buffer): Promise<NotificationOutcome> {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new AppError('INVALID_JSON', 'The notification body is not valid JSON');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new AppError('INVALID_JSON', 'The notification body must be a JSON object');
    // Midtrans' bodies are shallow and plain: anything else is not stored, whoever signed it.
    const oddity = jsonOddity(body, MAX_NOTIFICATION_DEPTH);
    if (oddity) throw new AppError('INVALID_JSON', `The notification body ${oddity}`);
    const orderId = typeof body.order_id === 'string' ? body.order_id.slice(0, 64) : undefined;
    if (!this.provider.verifyNotification(body)) {
      ctx.log.warn({ orderId, hasSignature: typeof body.signature_key === 'string' }, 'notification refused: bad or missing signature');
      throw new AppError('INVALID_SIGNATURE', 'The notification signature_key does not match; it was not applied');
    }
    if (!ORDER_ID_PATTERN.test(orderId!)) {
      ctx.log.warn({ orderId: JSON.stringify(orderId) }, 'notification refused: its order_id is none gerbang could have created');
      throw new AppError('VALIDATION_FAILED', `The notification's order_id ${ORDER_ID_RULE}`, { fields: [{ field: 'order_id', message: ORDER_ID_RULE }] });
    }

    const stored = await this.store(ctx, raw, body, orderId!);
    if (stored.duplicate && stored.notification.outcome !== 'received') return 'duplicate';
    const notification = stored.notification;

    const tx = await findByOrderId(ctx.sql, orderId!);
    if (!tx) {
      await recordOutcome(ctx.em, notification.id, 'orphan');
      ctx.log.warn({ orderId, notification: notification.id }, 'notification for an order gerbang does not know: kept as orphan');
      return 'orphan';
    }

    // The notification's transaction_status is not signed: ask Midtrans what is true now.
    let confirmed;
    try {
      confirmed = await this.provider.getStatus(orderId!);
    } catch (error) {
      // Not processed: answer so that Midtrans sends it again; reconciliation also catches it.
      throw new AppError('SERVICE_UNAVAILABLE', `Could not confirm the notification with Midtrans: ${(error as Error).message}`);
    }
    let outcome: NotificationOutcome = 'no_change';
    if (confirmed.found) {
      // The change, its timeline entry, its webhook event and the notification's outcome: one transaction.
      const result = await this.state.apply(ctx.em, tx.id, confirmed.body, {
        source: 'notification',
        detail: `notification #${notification.id} (claimed ${typeof body.transaction_status === 'string' ? body.transaction_status : '?'})`,
        alsoInTransaction: (tem) => recordOutcome(tem, notification.id, 'applied', tx.id),
      });
      if (result.changed) outcome = 'applied';
    }
    if (outcome === 'no_change') await recordOutcome(ctx.em, notification.id, outcome, tx.id);
    ctx.log.info({ orderId, notification: notification.id, outcome, claimed: body.transaction_status }, 'notification processed');
    return outcome;
  }

  private store(ctx: ServiceContext, raw: Buffer, body: Record<string, unknown>, orderId: string): Promise<{ notification: Notification; duplicate: boolean }> {
    const text = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : null);
    return storeOnce(ctx.em, {
      dedupeKey: hash('sha256', raw, 'hex'),
      orderId,
      midtransTransactionId: text(body.transaction_id, 64),
      claimedStatus: text(body.transaction_status, 32),
      statusCode: text(body.status_code, 8),
      grossAmount: text(body.gross_amount, 32),
      payload: body,
    });
  }
}
