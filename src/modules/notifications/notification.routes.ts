import express, { Router } from 'express';
import { contextOf } from '../../http/request-context.js';
import { AppError } from '../../shared/errors.js';
import type { Services } from '../../services.js';

/** Largest notification body read (Midtrans' bodies are a few kB). */
export const NOTIFICATION_BODY_LIMIT = 64 * 1024;

/** POST /notifications/midtrans: the Payment Notification URL to enter in Midtrans' dashboard. */
export function notificationRoutes(services: Services): Router {
  const router = Router();
  const raw = express.raw({ type: () => true, limit: NOTIFICATION_BODY_LIMIT });
  router.post('/notifications/midtrans', raw, async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let outcome;
    try {
      outcome = await services.notifications.receive(contextOf(res), body);
    } catch (error) {
      services.metrics.notifications.inc({ outcome: error instanceof AppError && error.code === 'INVALID_SIGNATURE' ? 'rejected' : 'failed' });
      throw error;
    }
    services.metrics.notifications.inc({ outcome });
    res.status(200).json({ status: 'ok', outcome });
  });
  return router;
}
