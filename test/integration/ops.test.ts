import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../helpers/database.js';
import { FakeMidtrans } from '../helpers/fake-midtrans.js';
import { call, freePort, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';
import { startServer } from '../helpers/process.js';

describe('operations: health, readiness, metrics, logs, shutdown', () => {
  let fake: FakeMidtrans;
  let g: TestGerbang;
  let app: Record<string, string>;

  beforeAll(async () => {
    fake = await new FakeMidtrans().start();
    g = await startTestGerbang({ fake, env: { METRICS_TOKEN: '' } });
    app = await g.createApp('shop');
  });

  afterAll(async () => {
    await g.close();
    await fake.stop();
  });

  it('/healthz says alive and /readyz says ready once migrated and reachable', async () => {
    expect((await call(`${g.url}/healthz`)).body).toEqual({ status: 'ok' });
    expect((await call(`${g.url}/readyz`)).body).toEqual({ status: 'ready' });
  });

  it('/metrics counts requests by route and status, Midtrans calls by outcome and notifications', async () => {
    await call(`${g.url}/charge`, { headers: app, body: { order_id: 'MET-1', amount: 1000 } });
    await call(`${g.url}/charge`, { headers: app, body: { order_id: 'MET-1', amount: 0 } });
    fake.mode = 'down';
    await call(`${g.url}/charge`, { headers: app, body: { order_id: 'MET-2', amount: 1000 } });
    fake.mode = 'up';
    await call(`${g.url}/notifications/midtrans`, { body: { order_id: 'MET-1', status_code: '200', gross_amount: '1000.00', signature_key: 'f'.repeat(128) } });
    const text = (await call(`${g.url}/metrics`)).body as string;
    expect(text).toMatch(/gerbang_http_requests_total\{method="POST",route="\/charge",status="201"\} 1/);
    expect(text).toMatch(/gerbang_http_requests_total\{method="POST",route="\/charge",status="400"\} 1/);
    expect(text).toMatch(/gerbang_http_request_duration_seconds_bucket\{le="[0-9.]+",method="POST",route="\/charge",status="201"\}/);
    expect(text).toMatch(/gerbang_midtrans_calls_total\{operation="snap_create",outcome="ok"\} 1/);
    expect(text).toMatch(/gerbang_midtrans_calls_total\{operation="snap_create",outcome="midtrans_unreachable"\} 1/);
    expect(text).toMatch(/gerbang_notifications_total\{outcome="rejected"\} 1/);
    expect(text).toMatch(/gerbang_webhook_outbox_depth\{state="pending"\} 0/);
    expect(text).toContain('gerbang_process_resident_memory_bytes');
  });

  it('/metrics from another host needs METRICS_TOKEN', async () => {
    const guarded = await startTestGerbang({ fake, env: { METRICS_TOKEN: 'scrape-me-please' } });
    try {
      expect((await call(`${guarded.url}/metrics`)).status).toBe(403);
      const ok = await call(`${guarded.url}/metrics`, { headers: { Authorization: 'Bearer scrape-me-please' } });
      expect(ok.status).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it('LOG_FILE receives JSON lines with the request id, and no key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gerbang-log-'));
    const port = await freePort();
    const logFile = join(dir, 'logs', 'app.log');
    const database = await createTestDatabase(dir);
    const env = {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      ...database.env,
      LOG_FILE: logFile,
      MIDTRANS_SERVER_KEY: fake.serverKey,
      MIDTRANS_SNAP_BASE_URL: fake.url,
      MIDTRANS_API_BASE_URL: fake.url,
    };
    const server = await startServer(env);
    try {
      const res = await call(`http://127.0.0.1:${port}/charge`, {
        headers: { 'X-App-Code': 'x', 'X-Api-Key': 'secret-key-that-must-not-be-logged', 'X-Request-Id': 'req-test-0001' },
        body: {},
      });
      expect(res.body.error.request_id).toBe('req-test-0001');
    } finally {
      await server.stop();
    }
    const lines = readFileSync(logFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.requestId === 'req-test-0001' && l.msg === 'request')).toMatchObject({ status: 401, path: '/charge' });
    const text = readFileSync(logFile, 'utf8');
    expect(text).not.toContain('secret-key-that-must-not-be-logged');
    expect(text).not.toContain(fake.serverKey);
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('SIGTERM lets a request in flight finish, then stops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gerbang-term-'));
    const port = await freePort();
    const database = await createTestDatabase(dir);
    const env = {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      ...database.env,
      MIDTRANS_SERVER_KEY: fake.serverKey,
      MIDTRANS_SNAP_BASE_URL: fake.url,
      MIDTRANS_API_BASE_URL: fake.url,
      LOG_LEVEL: 'warn',
    };
    const server = await startServer(env);
    try {
      const { gerbang } = await import('../helpers/process.js');
      const created = JSON.parse((await gerbang(['app', 'create', '--code', 'term', '--name', 'T', '--json'], env)).stdout) as { apiKey: string };
      fake.latencyMs = 700;
      const inFlight = call(`http://127.0.0.1:${port}/charge`, {
        headers: { 'X-App-Code': 'term', 'X-Api-Key': created.apiKey },
        body: { order_id: 'TERM-1', amount: 1000 },
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
      server.child.kill('SIGTERM');
      expect((await inFlight).status).toBe(201);
      expect(await exited).toBe(0);
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    } finally {
      fake.latencyMs = 0;
      await server.stop();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
