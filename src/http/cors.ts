import type { NextFunction, Request, Response } from 'express';
import { crossOriginOf } from '../graphql/context.js';
import { contextOf } from './request-context.js';
import type { Services } from '../services.js';

/**
 * CORS for /graphql: a page of an origin that some app allows (its allowed origins, for client
 * secrets) may POST queries with Content-Type only: no cookies, no app key (X-Api-Key is not an
 * allowed header, so a browser cannot send it across sites). Any other origin gets no CORS headers,
 * and the browser refuses.
 */
export function graphqlCors(services: Services) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const origin = crossOriginOf(req.get('origin'), req.get('host'));
    if (!origin) return next();
    const allowed = origin !== 'null' && (await services.checkout.allowedSomewhere(contextOf(res), origin));
    if (allowed) {
      res.set({ 'Access-Control-Allow-Origin': origin, Vary: 'Origin' });
      if (req.method === 'OPTIONS') {
        res.set({ 'Access-Control-Allow-Methods': 'GET, POST, OPTIONS', 'Access-Control-Allow-Headers': 'content-type', 'Access-Control-Max-Age': '600' });
      }
    }
    if (req.method === 'OPTIONS') return void res.status(204).end();
    next();
  };
}
