import express, { Router } from 'express';
import { AppError } from '../../shared/errors.js';
import { SIMULATOR_ACTIONS, type SimulatorAction, type SimulatorProvider } from './simulator.provider.js';
import { renderSimulatorPage } from './simulator.page.js';

/** The simulated Snap payment pages: what a customer sees at redirect_url in simulator mode. */
export function simulatorRoutes(simulator: SimulatorProvider): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: 1024 });

  router.get('/snap/v4/redirection/:token', async (req, res) => {
    const page = await simulator.page(String(req.params.token));
    if (!page) throw new AppError('ORDER_NOT_FOUND', 'No such simulated payment page');
    res
      .status(200)
      .set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
      .type('html')
      .send(renderSimulatorPage(page));
  });

  router.post('/snap/v4/redirection/:token', form, async (req, res) => {
    const action = String((req.body as { action?: unknown } | undefined)?.action ?? '');
    if (!(action in SIMULATOR_ACTIONS)) {
      throw new AppError('VALIDATION_FAILED', `Unknown action "${action.slice(0, 20)}"; use pay, pending, deny or expire`);
    }
    await simulator.act(String(req.params.token), action as SimulatorAction);
    res.redirect(303, `/simulator/snap/v4/redirection/${encodeURIComponent(String(req.params.token))}`);
  });

  return router;
}
