import express, { Router } from 'express';
import { AppError } from '../../shared/errors.js';
import { SIMULATOR_ACTIONS, type SimulatorAction, type SimulatorProvider } from './simulator.provider.js';
import { renderSimulatorPage, type PageLang } from './simulator.page.js';
import { parseCookie } from 'cookie';

/** The simulated Snap payment pages: what a customer sees at redirect_url in simulator mode. */
export function simulatorRoutes(simulator: SimulatorProvider): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: 1024 });

  router.get('/snap/v4/redirection/:token', async (req, res) => {
    const page = await simulator.page(String(req.params.token));
    if (!page) throw new AppError('ORDER_NOT_FOUND', 'No such simulated payment page');
    // The form's answer sends the customer on to the app's finish or error page.
    const targets = [page.finishUrl, page.errorUrl].filter((u): u is string => Boolean(u)).map((u) => new URL(u).origin);
    // Bahasa Indonesia unless the customer chose English (?lang=en, then remembered like the admin UI's choice).
    const asked = req.query.lang === 'en' || req.query.lang === 'id' ? req.query.lang : undefined;
    const lang: PageLang = asked ?? (parseCookie(req.headers.cookie ?? '').gerbang_lang === 'en' ? 'en' : 'id');
    if (asked) res.cookie('gerbang_lang', asked, { path: '/', maxAge: 31_536_000_000, sameSite: 'lax', secure: req.secure });
    res
      .status(200)
      .set('Content-Security-Policy', `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${targets.join(' ')}`.trim())
      .type('html')
      .send(renderSimulatorPage(page, lang));
  });

  router.post('/snap/v4/redirection/:token', form, async (req, res) => {
    const given = (req.body as { action?: unknown } | undefined)?.action;
    const action = typeof given === 'string' ? given : '';
    if (!(action in SIMULATOR_ACTIONS)) {
      throw new AppError('VALIDATION_FAILED', `Unknown action "${action.slice(0, 20)}"; use pay, pending, deny or expire`);
    }
    const method = (req.body as { method?: unknown } | undefined)?.method;
    const page = await simulator.act(String(req.params.token), action as SimulatorAction, typeof method === 'string' ? method : undefined);
    res.redirect(303, simulator.redirectAfter(page) ?? `/simulator/snap/v4/redirection/${encodeURIComponent(String(req.params.token))}`);
  });

  return router;
}
