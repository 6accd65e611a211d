import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/env.js';
import { startGerbang, type Gerbang, type StartOptions } from '../../src/main.js';
import { createLogger } from '../../src/shared/logger.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import type { FakeMidtrans } from './fake-midtrans.js';
import { serviceContext, type ServiceContext } from '../../src/shared/context.js';
import { AppSchema } from '../../src/modules/apps/app.entity.js';

export interface TestGerbang {
  url: string;
  gerbang: Gerbang;
  /** Every log line gerbang wrote, as text. */
  logs: string[];
  /** Creates an app through gerbang's own app service; returns its credentials as headers. */
  createApp(code: string, key?: string): Promise<Record<string, string>>;
  /** Sends an app's webhooks to `url` (private networks allowed); returns the signing secret. */
  setWebhook(code: string, url: string): Promise<string>;
  /** A service context, as a request would have. */
  context(): ServiceContext;
  close(): Promise<void>;
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts gerbang in this process on a fresh database (see database.ts), or on `database` when two
 * instances are to share one, talking to `fake` (or to its simulator when no fake is given), on a
 * loopback port.
 */
export async function startTestGerbang(
  options: { fake?: FakeMidtrans; env?: Record<string, string>; database?: TestDatabase; start?: StartOptions } = {},
): Promise<TestGerbang> {
  const dir = mkdtempSync(join(tmpdir(), 'gerbang-test-'));
  const database = options.database ?? (await createTestDatabase(dir));
  const port = await freePort();
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: database.url,
    ...database.env,
    LOG_LEVEL: 'info',
    ...(options.fake
      ? {
          MIDTRANS_SERVER_KEY: options.fake.serverKey,
          MIDTRANS_SNAP_BASE_URL: options.fake.url,
          MIDTRANS_API_BASE_URL: options.fake.url,
          MIDTRANS_TIMEOUT_MS: '1000',
        }
      : {}),
    ...options.env,
  };
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const log = createLogger(env.LOG_LEVEL, sink);
  const gerbang = await startGerbang(loadConfig(env), log, options.start);
  return {
    url: `http://127.0.0.1:${port}`,
    gerbang,
    logs,
    async createApp(code, key) {
      const ctx = serviceContext(gerbang.orm, 'test', log);
      const { apiKey } = await gerbang.services.apps.create(ctx, { code, name: `App ${code}`, key });
      return { 'X-App-Code': code, 'X-Api-Key': apiKey };
    },
    async setWebhook(code, url) {
      const ctx = serviceContext(gerbang.orm, 'test', log);
      const app = await ctx.em.findOneOrFail(AppSchema, { code });
      return (await gerbang.services.webhooks.configure(ctx, app.id, url, true)).secret!;
    },
    context() {
      return serviceContext(gerbang.orm, 'test', log);
    },
    async close() {
      await gerbang.close();
      if (!options.database) await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A JSON request to gerbang; returns status, parsed body and headers. */
export async function call(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown; raw?: string } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(url, {
    method: options.method ?? (options.body !== undefined || options.raw !== undefined ? 'POST' : 'GET'),
    headers: { 'Content-Type': 'application/json', ...options.headers },
    body: options.raw ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body, headers: response.headers };
}
