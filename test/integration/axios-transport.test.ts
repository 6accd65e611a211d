import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import axios, { AxiosError, type AxiosInstance } from 'axios';
import { poolAdapter } from '../../src/providers/midtrans/axios-transport.js';

/** The Midtrans client's axios transport against a real HTTP server on loopback. */
describe('poolAdapter (axios transport for Midtrans calls)', () => {
  let server: http.Server;
  let baseURL: string;
  let handler: (req: IncomingMessage, res: ServerResponse, body: string) => void;
  const connections = new Set<Socket>();
  let connectionCount = 0;
  let agent: http.Agent;
  let client: AxiosInstance;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => handler(req, res, body));
    });
    server.on('connection', (socket) => {
      connectionCount += 1;
      connections.add(socket);
      socket.on('close', () => connections.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/base/`;
  });

  beforeEach(() => {
    agent = new http.Agent({ keepAlive: true });
    client = axios.create({ baseURL, adapter: poolAdapter, httpAgent: agent, proxy: false, maxRedirects: 0, timeout: 2000, maxContentLength: 64 * 1024 });
  });

  afterEach(() => agent.destroy());

  afterAll(async () => {
    for (const socket of connections) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

  it('sends the JSON body, headers and length axios prepared, on the base URL, and parses the JSON answer', async () => {
    let seen: { method?: string; url?: string; headers?: http.IncomingHttpHeaders; body?: string } = {};
    handler = (req, res, body) => {
      seen = { method: req.method, url: req.url, headers: req.headers, body };
      json(res, 201, { token: 'tok', redirect_url: 'https://pay.example/tok' });
    };
    const response = await client.post('/snap/v1/transactions', { order_id: 'A-1', gross_amount: 10000 }, { headers: { 'Idempotency-Key': 'k-1' } });
    expect(response.status).toBe(201);
    expect(response.data).toEqual({ token: 'tok', redirect_url: 'https://pay.example/tok' });
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/base/snap/v1/transactions');
    expect(JSON.parse(seen.body!)).toEqual({ order_id: 'A-1', gross_amount: 10000 });
    expect(seen.headers!['content-length']).toBe(String(Buffer.byteLength(seen.body!)));
    expect(seen.headers!['content-type']).toBe('application/json');
    expect(seen.headers!['idempotency-key']).toBe('k-1');
  });

  it('keeps one connection for calls one after another (keep-alive pool)', async () => {
    handler = (_req, res) => json(res, 200, { ok: true });
    const before = connectionCount;
    for (let i = 0; i < 5; i++) expect((await client.get('/v2/A-1/status')).data).toEqual({ ok: true });
    expect(connectionCount - before).toBe(1);
  });

  it('decodes a gzip-encoded answer', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify({ status_code: '200', transaction_status: 'settlement' })));
    };
    expect((await client.get('/v2/A-1/status')).data).toEqual({ status_code: '200', transaction_status: 'settlement' });
  });

  it('refuses an answer larger than maxContentLength', async () => {
    handler = (_req, res) => json(res, 200, 'x'.repeat(200 * 1024));
    const error = await client.get('/big').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AxiosError);
    expect((error as AxiosError).code).toBe(AxiosError.ERR_BAD_RESPONSE);
    expect((error as AxiosError).message).toContain('maxContentLength');
  });

  it('gives up after the timeout with ECONNABORTED', async () => {
    handler = () => undefined; // never answers
    const started = Date.now();
    const error = await client.get('/slow', { timeout: 150 }).catch((e: unknown) => e);
    expect((error as AxiosError).code).toBe(AxiosError.ECONNABORTED);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('applies validateStatus: 404 is ERR_BAD_REQUEST and 503 ERR_BAD_RESPONSE, each with the parsed answer', async () => {
    handler = (req, res) => json(res, req.url!.endsWith('missing') ? 404 : 503, { status_message: 'no' });
    const missing = (await client.get('/missing').catch((e: unknown) => e)) as AxiosError;
    expect(missing.code).toBe(AxiosError.ERR_BAD_REQUEST);
    expect(missing.response?.status).toBe(404);
    expect(missing.response?.data).toEqual({ status_message: 'no' });
    const down = (await client.get('/down').catch((e: unknown) => e)) as AxiosError;
    expect(down.code).toBe(AxiosError.ERR_BAD_RESPONSE);
    expect(down.response?.status).toBe(503);
    const accepted = await client.get('/missing', { validateStatus: () => true });
    expect(accepted.status).toBe(404);
  });

  it('reports a refused connection as an AxiosError with the socket code', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = (await client.get(`http://127.0.0.1:${port}/x`).catch((e: unknown) => e)) as AxiosError;
    expect(error).toBeInstanceOf(AxiosError);
    expect(error.code).toBe('ECONNREFUSED');
  });

  it('refuses options it does not carry out (a proxy, redirects, params) instead of ignoring them', async () => {
    handler = (_req, res) => json(res, 200, {});
    for (const options of [{ proxy: { host: '127.0.0.1', port: 1 } }, { maxRedirects: 5 }, { params: { a: 1 } }]) {
      const error = (await client.get('/x', options).catch((e: unknown) => e)) as AxiosError;
      expect(error.code).toBe(AxiosError.ERR_BAD_OPTION);
    }
  });
});
