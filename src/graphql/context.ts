import type { ExpressContextFunctionArgument } from '@as-integrations/express5';
import { parseCookie } from 'cookie';
import { GraphQLError } from 'graphql';
import type { AuthCheckerFn } from 'type-graphql';
import type { Request } from 'express';
import { contextOf } from '../http/request-context.js';
import { logFailure, toAppError } from '../shared/error-mapping.js';
import { AppError } from '../shared/errors.js';
import { withApp, type AppContext, type AppPrincipal, type ServiceContext } from '../shared/context.js';
import type { AdminPrincipal } from '../modules/admin/admin-auth.service.js';
import type { Actor } from '../modules/admin/admin.service.js';
import type { Services } from '../services.js';

/** What a resolver may know of the HTTP request, and do to its response. */
export interface HttpFacts {
  readonly ip?: string;
  readonly userAgent?: string;
  /** The admin session token from the cookie, if any. */
  readonly sessionToken?: string;
  /** The page's origin when a browser sent the request from another site (its Origin header); absent otherwise. */
  readonly crossOrigin?: string;
  setSessionCookie(token: string, expiresAt: Date): void;
  clearSessionCookie(): void;
}

/** What every resolver receives. */
export interface GraphqlContext {
  readonly ctx: ServiceContext;
  readonly services: Services;
  /** The app named by X-App-Code / X-Api-Key, when the request carried them. */
  readonly app?: AppPrincipal;
  /** The admin of the session cookie or admin API token, if any. */
  readonly admin?: AdminPrincipal;
  readonly http: HttpFacts;
}

/** The calling app's context, or UNAUTHENTICATED when the request carried no app credentials. */
export function requireApp(context: GraphqlContext): AppContext {
  if (!context.app) {
    throw new AppError('UNAUTHENTICATED', 'This operation needs app credentials: send the X-App-Code and X-Api-Key headers');
  }
  return withApp(context.ctx, context.app);
}

/** The admin acting, for the audit log (resolvers marked @Authorized('ADMIN') always have one). */
export function actorOf(context: GraphqlContext): Actor {
  return { name: context.admin!.username, ip: context.http.ip };
}

/**
 * type-graphql's check for @Authorized('ADMIN'): admins only. An app gets FORBIDDEN, a caller without
 * credentials UNAUTHENTICATED.
 */
export const authChecker: AuthCheckerFn<GraphqlContext> = ({ context }, roles) => {
  if (!roles.includes('ADMIN') || context.admin) return true;
  if (context.app) throw new AppError('FORBIDDEN', 'This operation is for gerbang administrators, not for apps');
  throw new AppError('UNAUTHENTICATED', 'Log in as an administrator, or send an admin API token (Authorization: Bearer gat_…)');
};

/** The admin session cookie. */
export const SESSION_COOKIE = 'gerbang_session';

/** A browser's Origin header when it names another site than the one asked (Host); undefined otherwise. */
export function crossOriginOf(origin: string | undefined, host: string | undefined): string | undefined {
  if (!origin || origin === 'null') return origin === 'null' ? 'null' : undefined;
  try {
    return new URL(origin).host === host ? undefined : origin;
  } catch {
    return origin;
  }
}

/** The admin of a request's admin API token (Authorization: Bearer gat_…) or session cookie, if any. */
export async function adminOfRequest(services: Services, ctx: ServiceContext, req: Request): Promise<AdminPrincipal | undefined> {
  const bearer = /^Bearer (\S+)$/.exec(req.get('authorization') ?? '')?.[1];
  if (bearer) {
    const admin = await services.adminAuth.token(ctx, bearer);
    if (!admin) throw new AppError('UNAUTHENTICATED', 'Unknown or revoked admin API token');
    return admin;
  }
  const sessionToken = parseCookie(req.headers.cookie ?? '')[SESSION_COOKIE] || undefined;
  return sessionToken ? services.adminAuth.session(ctx, sessionToken) : undefined;
}

/**
 * Apollo's context function: the request's service context, the admin of the session cookie or admin
 * API token, and the app of X-App-Code / X-Api-Key. Credentials that do not hold end the request with
 * gerbang's error (and its HTTP status) before any resolver runs.
 */
export function graphqlContext(services: Services) {
  return async ({ req, res }: ExpressContextFunctionArgument): Promise<GraphqlContext> => {
    const ctx = contextOf(res);
    const sessionToken = parseCookie(req.headers.cookie ?? '')[SESSION_COOKIE] || undefined;
    const http: HttpFacts = {
      ip: req.ip,
      userAgent: req.get('user-agent'),
      sessionToken,
      crossOrigin: crossOriginOf(req.get('origin'), req.get('host')),
      setSessionCookie: (token, expiresAt) =>
        res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', expires: expiresAt }),
      clearSessionCookie: () => res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' }),
    };
    try {
      const admin = await adminOfRequest(services, ctx, req);
      const code = req.get('x-app-code');
      const key = req.get('x-api-key');
      const app = code === undefined && key === undefined ? undefined : await services.apps.authenticate(ctx, code, key);
      return { ctx, services, http, admin, app };
    } catch (caught) {
      const error = toAppError(caught);
      logFailure(ctx.log, error);
      throw new GraphQLError(error.message, {
        extensions: { code: error.code, retryable: error.retryable, request_id: ctx.requestId, http: { status: error.status } },
      });
    }
  };
}
