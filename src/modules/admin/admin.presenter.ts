import { durationMinutes } from '../payments/charge.request.js';
import type { Notification } from '../notifications/notification.entity.js';
import type { AdminAppView } from './admin.service.js';
import type { Transaction } from '../payments/transaction.entity.js';
import type { AdminApp, CustomerInfo, ItemInfo, NotificationInfo, PaymentChannel } from './admin.types.js';

/** An app for the admin API: its Snap defaults in GraphQL's names. */
export function toApp(app: AdminAppView): AdminApp {
  const d = app.snapDefaults;
  return {
    ...app,
    snapDefaults: d
      ? {
          finishUrl: d.callbacks?.finish ?? null,
          errorUrl: d.callbacks?.error ?? null,
          unfinishUrl: d.callbacks?.unfinish ?? null,
          enabledPayments: d.enabled_payments ?? null,
          pageExpiryMinutes: d.page_expiry ? durationMinutes(d.page_expiry) : null,
        }
      : null,
  };
}

/** A stored Midtrans notification, as the admin API shows it. */
export function presentNotification(n: Notification): NotificationInfo {
  return {
    id: n.id,
    orderId: n.orderId,
    claimedStatus: n.claimedStatus ?? null,
    outcome: n.outcome,
    receivedCount: n.receivedCount,
    receivedAt: n.createdAt,
    payload: n.payload,
  };
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : typeof value === 'number' ? String(value) : null);

/** The customer as the app sent it with the charge: a name, email and phone. */
export function customerOf(tx: Transaction): CustomerInfo | null {
  const c = tx.customerDetails;
  if (!c) return null;
  const name = [text(c.first_name), text(c.last_name)].filter(Boolean).join(' ') || null;
  const customer = { name, email: text(c.email), phone: text(c.phone) };
  return customer.name || customer.email || customer.phone ? customer : null;
}

/** The item lines sent with the charge. */
export function itemsOf(tx: Transaction): ItemInfo[] {
  return (tx.itemDetails ?? []).map((item) => ({
    id: text(item.id),
    name: text(item.name) ?? '',
    price: Number(item.price) || 0,
    quantity: Number(item.quantity) || 0,
  }));
}

/**
 * How the customer paid, from Midtrans' last status answer: the bank and the virtual account number,
 * the Mandiri bill key, the store's payment code, the card, or the QRIS issuer.
 */
export function channelOf(tx: Transaction): PaymentChannel | null {
  const raw = tx.rawStatus ?? {};
  const method = tx.paymentType ?? text(raw.payment_type);
  if (!method) return null;
  const channel = (bank: unknown, referenceKind: string | null, reference: unknown): PaymentChannel => ({
    method,
    bank: text(bank),
    referenceKind: text(reference) ? referenceKind : null,
    reference: text(reference),
  });
  const va = Array.isArray(raw.va_numbers) ? (raw.va_numbers[0] as Record<string, unknown> | undefined) : undefined;
  if (va) return channel(va.bank, 'va', va.va_number);
  if (raw.permata_va_number) return channel('permata', 'va', raw.permata_va_number);
  if (raw.bill_key) return channel('mandiri', 'bill_key', text(raw.biller_code) ? `${text(raw.biller_code)} / ${text(raw.bill_key)}` : raw.bill_key);
  if (raw.payment_code) return channel(raw.store, 'payment_code', raw.payment_code);
  if (raw.masked_card) return channel(raw.bank, 'card', raw.masked_card);
  return channel(raw.issuer ?? raw.bank ?? raw.acquirer, null, null);
}
