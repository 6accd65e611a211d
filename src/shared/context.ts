import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from './logger.js';

/** The app on whose behalf a request runs, as the services see it (never the key or its hash). */
export interface AppPrincipal {
  readonly id: number;
  readonly code: string;
  readonly name: string;
}

/** What every use case receives: its own EntityManager fork, the request id and a logger. */
export interface ServiceContext {
  readonly em: EntityManager;
  readonly requestId: string;
  readonly log: Logger;
}

/** A context whose caller is an authenticated app. */
export interface AppContext extends ServiceContext {
  readonly app: AppPrincipal;
}

/** The context `ctx` acting for `app` (the same EntityManager, request id and logger). */
export function withApp(ctx: ServiceContext, app: AppPrincipal): AppContext {
  return {
    get em() {
      return ctx.em;
    },
    get log() {
      return ctx.log;
    },
    requestId: ctx.requestId,
    app,
  };
}
