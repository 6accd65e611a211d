import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../shared/errors.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests that a browser sent from another site (forms included): the
 * browser's Sec-Fetch-Site says so, or the Origin is not this host. Requests without either header
 * (curl, server-to-server) are not browser cross-site requests and pass.
 */
export function sameSiteOnly(req: Request, _res: Response, next: NextFunction): void {
  if (SAFE.has(req.method)) return next();
  const site = req.get('sec-fetch-site');
  const origin = req.get('origin');
  const crossSite = site === 'cross-site' || site === 'same-site' || (origin !== undefined && hostOf(origin) !== req.get('host'));
  if (crossSite) return next(new AppError('CROSS_SITE_REQUEST', 'Refused: this request came from another site'));
  next();
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
