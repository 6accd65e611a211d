import type { AppSnapDefaults } from '../modules/payments/charge.request.js';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { Logger } from './logger.js';

/** The app on whose behalf a request runs, as the services see it (never the key or its hash). */
export interface AppPrincipal {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  /** The Snap options this app's charges get when they leave them out. */
  readonly snapDefaults?: AppSnapDefaults;
}

/** What every use case receives: its own EntityManager fork, the request id and a logger. */
export interface ServiceContext {
  readonly em: EntityManager;
  /**
   * The ORM's root EntityManager, for plain SQL outside a transaction (runSql and readOne of
   * shared/sql.ts), which needs a connection and the metadata but no unit of work: a request
   * that only runs such statements never makes its fork. The ORM refuses entity operations on it.
   */
  readonly sql: EntityManager;
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
    sql: ctx.sql,
    requestId: ctx.requestId,
    app,
  };
}

/** A context outside an HTTP request (a CLI command, the start-up, a test) with a fork of its own. */
export function serviceContext(orm: MikroORM, requestId: string, log: Logger): ServiceContext {
  return { em: orm.em.fork(), sql: orm.em, requestId, log };
}
