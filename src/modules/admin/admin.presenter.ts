import { durationMinutes } from '../payments/charge.request.js';
import type { Notification } from '../notifications/notification.entity.js';
import type { AdminAppView } from './admin.service.js';
import type { AdminApp, NotificationInfo } from './admin.types.js';

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
