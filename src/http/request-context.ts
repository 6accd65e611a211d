import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import type { NextFunction, Request, Response } from 'express';
import type { AppContext, AppPrincipal, ServiceContext } from '../shared/context.js';
import { AppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { Services } from '../services.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Gives each request an id (the caller's X-Request-Id when it looks sane), a logger and an EntityManager fork. */
export function requestContext(orm: MikroORM, log: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const offered = req.get('x-request-id');
    const requestId = offered && REQUEST_ID.test(offered) ? offered : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    const ctx: ServiceContext = { em: orm.em.fork(), requestId, log: log.child({ requestId }) };
    res.locals.ctx = ctx;
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      ctx.log.info(
        { method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 },
        'request',
      );
    });
    next();
  };
}

/** The context of the current request. */
export function contextOf(res: Response): ServiceContext {
  return res.locals.ctx as ServiceContext;
}

/** Authenticates the app from X-App-Code / X-Api-Key, or answers 401. */
export function requireApp(services: Services) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const ctx = contextOf(res);
    const app: AppPrincipal = await services.apps.authenticate(ctx, req.get('x-app-code'), req.get('x-api-key'));
    res.locals.app = app;
    next();
  };
}

/** The context of a request authenticated by requireApp. */
export function appContextOf(res: Response): AppContext {
  const app = res.locals.app as AppPrincipal | undefined;
  if (!app) throw new AppError('UNAUTHENTICATED', 'Send the app credentials in the X-App-Code and X-Api-Key headers');
  return { ...contextOf(res), app };
}
