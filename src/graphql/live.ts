import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { parseCookie } from 'cookie';
import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { CloseCode, handleProtocols, makeServer, type Server as GraphqlWsServer } from 'graphql-ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { MikroORM } from '@mikro-orm/core';
import { serviceContext, type AppPrincipal } from '../shared/context.js';
import { AppError } from '../shared/errors.js';
import { logFailure, toAppError } from '../shared/error-mapping.js';
import type { Logger } from '../shared/logger.js';
import type { Services } from '../services.js';
import type { AdminPrincipal } from '../modules/admin/admin-auth.service.js';
import { crossOriginOf, SESSION_COOKIE, type GraphqlContext } from './context.js';
import { limitRules, MAX_COST } from './limits.js';

/** Largest message a client may send. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** Most open connections one app may hold (its server's subscriptions). */
export const CONNECTIONS_PER_APP = 50;
/** A connection with no subscription for this long is closed. */
export const IDLE_MS = 60_000;

export interface LiveOptions {
  idleMs?: number;
}

/** What one WebSocket connection carries between graphql-ws callbacks. */
interface Connection {
  app?: AppPrincipal;
  admin?: AdminPrincipal;
  crossOrigin?: string;
  ip?: string;
  subscriptions: number;
  idleSince: number;
}

/**
 * GraphQL subscriptions over WebSocket (graphql-ws) on the same /graphql path as queries. A shopper's
 * page subscribes with a client secret (origin checked as for queries), an app with X-App-Code and
 * X-Api-Key in the connection parameters (never from a browser page of another site), an admin with
 * the session cookie (same site only). The same depth, alias and cost limits as queries; messages of
 * at most 64 kB; connections without a subscription for a minute are closed. `close()` ends every
 * connection (1001, going away) so that the HTTP server can drain.
 */
export function attachLive(server: Server, deps: { schema: GraphQLSchema; services: Services; orm: MikroORM; log: Logger }, options: LiveOptions = {}) {
  const { schema, services, orm, log } = deps;
  const idleMs = options.idleMs ?? IDLE_MS;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const connections = new Map<WebSocket, Connection>();
  const perApp = new Map<number, number>();

  const refuse = (socket: Duplex, status: number, text: string) => {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if ((request.url ?? '').split('?')[0] !== '/graphql') return refuse(socket, 404, 'Not Found');
    const crossOrigin = crossOriginOf(request.headers.origin, request.headers.host);
    const ctx = serviceContext(orm, randomUUID(), log);
    void (async () => {
      // A page of another site may connect only when some app allows its origin (for client secrets).
      if (crossOrigin && (crossOrigin === 'null' || !(await services.checkout.allowedSomewhere(ctx, crossOrigin)))) {
        return refuse(socket, 403, 'Forbidden');
      }
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
    })().catch(() => refuse(socket, 503, 'Service Unavailable'));
  });

  const validationRules = [...specifiedRules, ...limitRules];
  const graphqlWs = makeServer<Record<string, unknown>, LiveExtra>({
    schema,
    connectionInitWaitTimeout: 5_000,
    validate: (s: GraphQLSchema, document: DocumentNode) => validate(s, document, validationRules),
    onConnect: async (c) => {
      const request = c.extra.request;
      const connection: Connection = {
        crossOrigin: crossOriginOf(request.headers.origin, request.headers.host),
        ip: request.socket.remoteAddress,
        subscriptions: 0,
        idleSince: Date.now(),
      };
      const ctx = serviceContext(orm, randomUUID(), log);
      const params = lowerKeys(c.connectionParams ?? {});
      const code = typeof params['x-app-code'] === 'string' ? params['x-app-code'] : undefined;
      const key = typeof params['x-api-key'] === 'string' ? params['x-api-key'] : undefined;
      try {
        if (code !== undefined || key !== undefined) {
          // App keys never belong in a browser page of another site.
          if (connection.crossOrigin) return false;
          connection.app = await services.apps.authenticate(ctx, code, key);
          const held = perApp.get(connection.app.id) ?? 0;
          if (held >= CONNECTIONS_PER_APP) return false;
          perApp.set(connection.app.id, held + 1);
        }
        const cookie = parseCookie(request.headers.cookie ?? '')[SESSION_COOKIE];
        if (cookie && !connection.crossOrigin) connection.admin = await services.adminAuth.session(ctx, cookie);
      } catch (error) {
        log.info({ code: toAppError(error).code }, 'live connection refused');
        return false;
      }
      connections.set(c.extra.socket, connection);
      c.extra.connection = connection;
      return true;
    },
    onClose: (c) => {
      const connection = c.extra.connection;
      connections.delete(c.extra.socket);
      if (connection?.app) {
        const left = (perApp.get(connection.app.id) ?? 1) - 1;
        if (left > 0) perApp.set(connection.app.id, left);
        else perApp.delete(connection.app.id);
      }
    },
    onSubscribe: (c, _id, payload) => {
      const cost = costOf(schema, payload.query, payload.variables ?? {});
      if (cost > MAX_COST) {
        return [new GraphQLError(`Query costs ${cost}, more than the limit of ${MAX_COST}`, { extensions: { code: 'QUERY_TOO_COMPLEX' } })];
      }
      const connection = c.extra.connection;
      if (connection) connection.subscriptions += 1;
    },
    // gerbang's errors carry their code, as on queries; unexpected ones are logged and not shown.
    onError: (_c, _id, _payload, errors) => errors.map((error) => formatLiveError(error, log)),
    onNext: (_c, _id, _payload, _args, result) =>
      result.errors ? { ...result, errors: result.errors.map((error) => formatLiveError(error, log)) } : undefined,
    onComplete: (c) => {
      const connection = c.extra.connection;
      if (connection) {
        connection.subscriptions = Math.max(0, connection.subscriptions - 1);
        if (connection.subscriptions === 0) connection.idleSince = Date.now();
      }
    },
    context: (c): GraphqlContext => {
      const connection = c.extra.connection!;
      return {
        ctx: serviceContext(orm, randomUUID(), log),
        services,
        app: connection.app,
        admin: connection.admin,
        http: {
          ip: connection.ip,
          crossOrigin: connection.crossOrigin,
          setSessionCookie: () => {
            throw new AppError('FORBIDDEN', 'Sign in over HTTP, not over a live connection');
          },
          clearSessionCookie: () => undefined,
        },
      };
    },
  });
  wss.options.handleProtocols = handleProtocols;
  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => serve(graphqlWs, socket, request, log));

  // Connections that hold no subscription are closed after a while.
  const sweep = setInterval(
    () => {
      const now = Date.now();
      for (const [ws, connection] of connections) {
        if (connection.subscriptions === 0 && now - connection.idleSince > idleMs) ws.close(4400, 'Idle: no subscription');
      }
    },
    Math.min(idleMs, 15_000),
  );
  sweep.unref();

  return {
    /** Open connections (for metrics and tests). */
    get connections() {
      return connections.size;
    },
    async close(): Promise<void> {
      clearInterval(sweep);
      for (const ws of wss.clients) ws.close(1001, 'Server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** An error of a live operation as a client gets it: gerbang's code and message. */
function formatLiveError(error: GraphQLError, log: Logger): GraphQLFormattedError {
  if (!error.originalError) return error.toJSON();
  const appError = toAppError(error.originalError);
  logFailure(log, appError, { path: error.path });
  return { message: appError.message, path: error.path, extensions: { code: appError.code, retryable: appError.retryable } };
}

/** What an operation costs, as for queries; 0 when it cannot be read (validation reports why). */
function costOf(schema: GraphQLSchema, query: string, variables: Record<string, unknown>): number {
  try {
    return getComplexity({ schema, query: parse(query), variables, estimators: [simpleEstimator({ defaultComplexity: 1 })] });
  } catch {
    return 0;
  }
}

/** What graphql-ws keeps of each connection. */
interface LiveExtra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
  connection?: Connection;
}

/** How often a connection is pinged; one that does not answer within as long is dropped. */
const KEEPALIVE_MS = 12_000;

/**
 * One WebSocket connection served by graphql-ws (its `makeServer`, the library's way to bring a
 * transport): pings keep the link alive, a client's oversized or broken message closes its
 * connection (the caller's mistake, logged as such), a fault of gerbang's is logged as one.
 */
function serve(server: GraphqlWsServer<LiveExtra>, socket: WebSocket, request: IncomingMessage, log: Logger): void {
  socket.once('error', (error: Error & { code?: string }) => {
    // ws closes the connection itself (1009 for a message over maxPayload, 1002 for a broken frame).
    log.info({ code: error.code, reason: error.message }, 'live connection closed: the client sent what it may not');
  });
  let pongWait: NodeJS.Timeout | undefined;
  const ping = setInterval(() => {
    if (socket.readyState !== socket.OPEN) return;
    pongWait = setTimeout(() => socket.terminate(), KEEPALIVE_MS);
    socket.once('pong', () => clearTimeout(pongWait));
    socket.ping();
  }, KEEPALIVE_MS);
  const closed = server.opened(
    {
      protocol: socket.protocol,
      send: (data) =>
        new Promise<void>((resolve, reject) => {
          if (socket.readyState !== socket.OPEN) return resolve();
          socket.send(data, (error) => (error ? reject(error) : resolve()));
        }),
      close: (code, reason) => socket.close(code, reason),
      onMessage: (receive) =>
        socket.on('message', (data: Buffer) => {
          receive(data.toString()).catch((error: unknown) => {
            log.error({ err: error }, 'a live message could not be handled');
            socket.close(CloseCode.InternalServerError, 'Internal server error');
          });
        }),
    },
    { socket, request },
  );
  socket.once('close', (code: number, reason: Buffer) => {
    clearTimeout(pongWait);
    clearInterval(ping);
    void closed(code, reason.toString());
  });
}

function lowerKeys(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k.toLowerCase(), v]));
}
