import express, { Router } from 'express';
import { AppError } from '../../shared/errors.js';
import { appContextOf, requireApp } from '../../http/request-context.js';
import type { Services } from '../../services.js';
import { presentRestOperation, presentRestStatus } from './transaction.presenter.js';

/** Largest charge body accepted (Midtrans itself takes at most 16 kB). */
export const CHARGE_BODY_LIMIT = 16 * 1024;

/** The seed gateway's REST contract: POST /charge and GET /status/<order_id>. */
export function paymentRoutes(services: Services): Router {
  const router = Router();
  // Any content type is read as JSON: older clients do not always label their bodies.
  const json = express.json({ limit: CHARGE_BODY_LIMIT, type: () => true, strict: false });

  router.post('/charge', requireApp(services), json, async (req, res) => {
    if (req.body === undefined || req.body === null || typeof req.body !== 'object') {
      throw new AppError('INVALID_JSON', 'The request body must be a JSON object with order_id and amount');
    }
    const result = await services.charges.charge(appContextOf(res), req.body);
    res.status(201).json({ redirect_url: result.redirectUrl, token: result.token });
  });

  router.get('/status/:order_id', requireApp(services), async (req, res) => {
    const status = await services.payments.status(appContextOf(res), String(req.params.order_id));
    res.status(200).json(presentRestStatus(status));
  });

  // Operations: a body like GET /status's, from Midtrans' answer to the operation itself.
  const small = express.json({ limit: 4 * 1024, type: () => true, strict: false });
  for (const action of ['cancel', 'expire'] as const) {
    router.post(`/${action}/:order_id`, requireApp(services), async (req, res) => {
      const detail = await services.payments[action](appContextOf(res), String(req.params.order_id));
      res.status(200).json(presentRestOperation(detail));
    });
  }
  router.post('/refund/:order_id', requireApp(services), small, async (req, res) => {
    const detail = await services.payments.refund(appContextOf(res), String(req.params.order_id), req.body);
    res.status(200).json(presentRestOperation(detail));
  });

  return router;
}
