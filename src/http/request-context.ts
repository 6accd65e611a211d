import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { Metrics } from './metrics.js';
import type { NextFunction, Request, Response } from 'express';
import { withApp, type AppContext, type AppPrincipal, type ServiceContext } from '../shared/context.js';
import { AppError } from '../shared/errors.js';
import { requestScope, type Logger } from '../shared/logger.js';
import type { Services } from '../services.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The context of one request. Its EntityManager fork is made when first used: the hot REST paths
 * talk to the database with plain SQL (through `sql`, no fork). Its log lines carry the request id
 * (see requestScope).
 */
class RequestContext implements ServiceContext {
  private forked?: EntityManager;

  constructor(
    private readonly orm: MikroORM,
    readonly log: Logger,
    readonly requestId: string,
  ) {}

  get em(): EntityManager {
    return (this.forked ??= this.orm.em.fork());
  }

  get sql(): EntityManager {
    return this.orm.em;
  }
}

/** Gives each request an id (the caller's X-Request-Id when it looks sane), a logger and an EntityManager fork. */
export function requestContext(orm: MikroORM, log: Logger, metrics: Metrics) {
  const logRequests = log.isLevelEnabled('info');
  return (req: Request, res: Response, next: NextFunction): void => {
    const offered = req.headers['x-request-id'];
    const requestId = typeof offered === 'string' && REQUEST_ID.test(offered) ? offered : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    const ctx = new RequestContext(orm, log, requestId);
    res.locals.ctx = ctx;
    const started = performance.now();
    res.once('finish', () => {
      const ms = performance.now() - started;
      metrics.observeRequest(req, res, ms / 1000);
      if (logRequests) ctx.log.info({ requestId, method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, ms }, 'request');
    });
    requestScope.run(requestId, next);
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
  return withApp(contextOf(res), app);
}
