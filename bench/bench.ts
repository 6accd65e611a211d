// npm run bench: gerbang's throughput and latency against a fake Midtrans with a set latency, next to
// the same load sent straight to the fake (the limit a middleware approaches), and gerbang's peak RSS.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { openLoop, type OpenLoopRequest } from './open-loop.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
/** Seconds of the same load before each measured run, not counted (the JIT compiles the hot paths). */
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const root = fileURLToPath(new URL('..', import.meta.url));

interface Fake {
  child: ChildProcess;
  url: string;
  serverKey: string;
  pay(ids: string[]): Promise<void>;
  /** Pays the orders and returns the signed notifications Midtrans would send for them. */
  payAndNotify(ids: string[]): Promise<Record<string, unknown>[]>;
}
interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  cpu: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startFake(latencyMs: number): Promise<Fake> {
  const child = fork(join(root, 'bench/fake-midtrans-server.ts'), [String(latencyMs)], { stdio: 'inherit' });
  const first = await new Promise<{ url: string; serverKey: string }>((resolve) =>
    child.once('message', (m) => resolve(m as { url: string; serverKey: string })),
  );
  return {
    child,
    ...first,
    pay: (ids) =>
      new Promise((resolve) => {
        child.once('message', () => resolve());
        child.send({ pay: ids });
      }),
    payAndNotify: (ids) =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve((m as { notifications: Record<string, unknown>[] }).notifications));
        child.send({ pay: ids, notify: ids });
      }),
  };
}

type Gerbang = { child: ChildProcess; url: string; key: string; dir: string; env: NodeJS.ProcessEnv };

async function startGerbang(fake: Fake, extraEnv: Record<string, string> = {}, existingKey?: string): Promise<Gerbang> {
  const dir = mkdtempSync(join(tmpdir(), 'gerbang-bench-'));
  const port = await freePort();
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${join(dir, 'gerbang.sqlite')}`,
    MIDTRANS_SERVER_KEY: fake.serverKey,
    MIDTRANS_SNAP_BASE_URL: fake.url,
    MIDTRANS_API_BASE_URL: fake.url,
    LOG_LEVEL: 'warn',
    // As the systemd unit and the Dockerfile set it; BENCH_MALLOC_ARENA_MAX=0 leaves glibc's default.
    MALLOC_ARENA_MAX: process.env.BENCH_MALLOC_ARENA_MAX ?? '2',
    // BENCH_NODE_OPTIONS: V8 settings for gerbang only, as NODE_OPTIONS in its systemd unit or container.
    NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? '',
    ...extraEnv,
  };
  const bin = join(root, 'bin/gerbang.js');
  const created =
    existingKey ??
    (await new Promise<string>((resolve, reject) => {
      const c = spawn(process.execPath, [bin, 'app', 'create', '--code', 'bench', '--name', 'Bench', '--json'], { env });
      let out = '';
      c.stdout.on('data', (d) => (out += d));
      c.on('close', (code) => (code === 0 ? resolve((JSON.parse(out) as { apiKey: string }).apiKey) : reject(new Error('app create failed'))));
    }));
  // Started the way `npm start`, the systemd unit and the Dockerfile start it.
  const child = spawn(
    process.execPath,
    [
      '--max-semi-space-size=32',
      '--heap-growing-percent=10',
      '--no-maglev',
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${join(root, 'bench/profiles')}`] : []),
      // BENCH_DISK_FLUSH_MS: a slower disk (see slow-disk.ts).
      ...(Number(process.env.BENCH_DISK_FLUSH_MS ?? 0) > 0 ? ['--import', join(root, 'bench/slow-disk.ts')] : []),
      bin,
      'serve',
    ],
    { env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('listening') && resolve()));
  return { child, url: `http://127.0.0.1:${port}`, key: created, dir, env };
}

function run(options: autocannon.Options, duration: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) =>
    autocannon({ ...options, duration }, (error, result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result))),
  );
}

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The processes whose CPU time is shown next to each run: name and pid. */
const watched = new Map<string, number>();

async function load(options: autocannon.Options): Promise<Figures> {
  if (WARMUP > 0) await run(options, WARMUP);
  const before = [...watched].map(([name, pid]) => [name, cpuSeconds(pid)] as const);
  const ownBefore = process.cpuUsage();
  const result = await run(options, DURATION);
  const own = process.cpuUsage(ownBefore);
  const share = (seconds: number) => `${((seconds / DURATION) * 100).toFixed(0)} %`;
  const gerbang = watched.get('gerbang');
  const cpu = [
    `load generator ${share((own.user + own.system) / 1e6)}`,
    ...before.map(([name, start]) => `${name} ${share(cpuSeconds(watched.get(name)!) - start)}`),
    ...(gerbang ? [`(gerbang peak RSS so far ${peakRssMb(gerbang).toFixed(0)} MB)`] : []),
  ].join(', ');
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    cpu,
  };
}

let sequence = 0;
const chargeBody = () => JSON.stringify({ order_id: `B-${process.pid}-${++sequence}`, amount: 150000 });

async function directSnap(fake: Fake, connections: number): Promise<Figures> {
  return load({
    url: fake.url,
    connections,
    requests: [
      {
        method: 'POST',
        path: '/snap/v1/transactions',
        headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${fake.serverKey}:`).toString('base64')}` },
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ transaction_details: { order_id: `D-${++sequence}`, gross_amount: 150000 } }) }),
      },
    ],
  });
}

/** The reference middleware (bench/bare-proxy.ts) as its own process. */
async function startBareProxy(fake: Fake): Promise<{ child: ChildProcess; url: string; key: string }> {
  const child = fork(join(root, 'bench/bare-proxy.ts'), [fake.url, fake.serverKey], { stdio: 'inherit' });
  const { url } = await new Promise<{ url: string }>((resolve) => child.once('message', (m) => resolve(m as { url: string })));
  return { child, url, key: '' };
}

async function charge(g: { url: string; key: string }, connections: number): Promise<Figures> {
  return load({
    url: g.url,
    connections,
    requests: [
      {
        method: 'POST',
        path: '/charge',
        headers: { 'content-type': 'application/json', 'x-app-code': 'bench', 'x-api-key': g.key },
        setupRequest: (req) => ({ ...req, body: chargeBody() }),
      },
    ],
  });
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

const rows: string[][] = [];
const row = (name: string, f: Figures, note = '') =>
  rows.push([name, f.rps.toFixed(0), f.p50.toFixed(1), f.p99.toFixed(1), String(f.errors + f.non2xx), note, f.cpu]);

async function stop(g: Gerbang): Promise<void> {
  g.child.kill('SIGTERM');
  await new Promise((resolve) => g.child.once('exit', resolve));
  rmSync(g.dir, { recursive: true, force: true });
}

/** GET /status on 200 paid orders (created and paid first), round robin. */
async function statusLoad(g: Gerbang, fake: Fake, prefix: string, connections: number): Promise<{ figures: Figures; ids: string[] }> {
  const ids = Array.from({ length: 200 }, (_, i) => `${prefix}-${i}`);
  for (const id of ids) {
    await fetch(`${g.url}/charge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-app-code': 'bench', 'x-api-key': g.key },
      body: JSON.stringify({ order_id: id, amount: 10000 }),
    });
  }
  await fake.pay(ids);
  let i = 0;
  const figures = await load({
    url: g.url,
    connections,
    requests: [
      { method: 'GET', headers: { 'x-app-code': 'bench', 'x-api-key': g.key }, setupRequest: (req) => ({ ...req, path: `/status/${ids[i++ % ids.length]}` }) },
    ],
  });
  return { figures, ids };
}

async function scenario(latencyMs: number, connections: number) {
  const fake = await startFake(latencyMs);
  const g = await startGerbang(fake);
  watched.set('fake Midtrans', fake.child.pid!);
  watched.set('gerbang', g.child.pid!);
  try {
    const direct = await directSnap(fake, connections);
    row(`direct Snap create, fake at ${latencyMs} ms, ${connections} clients`, direct);
    const versus = (f: Figures) => `${((f.rps / direct.rps) * 100).toFixed(1)} % of direct, p99 +${(f.p99 - direct.p99).toFixed(1)} ms`;
    if (latencyMs > 0) {
      // What any Node.js service in the middle reaches on this machine (at 0 ms the fake and the load
      // generator take the cores, so the comparison says nothing there).
      const bare = await startBareProxy(fake);
      watched.set('bare proxy', bare.child.pid!);
      try {
        const viaBare = await charge(bare, connections);
        row(`bare node:http proxy (no work), fake at ${latencyMs} ms, ${connections} clients`, viaBare, versus(viaBare));
      } finally {
        watched.delete('bare proxy');
        bare.child.kill();
      }
    }
    const viaGerbang = await charge(g, connections);
    row(`gerbang POST /charge, fake at ${latencyMs} ms, ${connections} clients`, viaGerbang, versus(viaGerbang));
    if (latencyMs === 0) {
      // /status of paid orders: Midtrans answers settlement, gerbang's ledger already knows it.
      const status = await statusLoad(g, fake, 'S', connections);
      row(`gerbang GET /status, fake at 0 ms, ${connections} clients`, status.figures, `answers reused for STATUS_CACHE_MS (1 s)`);
      let i = 0;
      const directStatus = await load({
        url: fake.url,
        connections,
        requests: [
          {
            method: 'GET',
            headers: { authorization: `Basic ${Buffer.from(`${fake.serverKey}:`).toString('base64')}` },
            setupRequest: (req) => ({ ...req, path: `/v2/${status.ids[i++ % status.ids.length]}/status` }),
          },
        ],
      });
      row(`direct status, fake at 0 ms, ${connections} clients`, directStatus);
      // The same with a Midtrans call on every request.
      const asking = await startGerbang(fake, { STATUS_CACHE_MS: '0' });
      watched.set('gerbang', asking.child.pid!);
      try {
        row(
          `gerbang GET /status, STATUS_CACHE_MS=0, ${connections} clients`,
          (await statusLoad(asking, fake, 'N', connections)).figures,
          'every request asks Midtrans',
        );
      } finally {
        await stop(asking);
      }
    }
    rows.push([`gerbang peak RSS after this scenario: ${peakRssMb(g.child.pid!).toFixed(0)} MB`, '', '', '', '', '', '']);
  } finally {
    watched.clear();
    await stop(g);
    fake.child.kill();
  }
}

/**
 * Open loop: charges arrive at a fixed rate whatever the answers' speed (bench/open-loop.ts), with
 * Midtrans at 150 ms; latency counts from when each charge was due. Direct and through gerbang in
 * turn at each rate: what gerbang adds to a charge's latency.
 */
async function openLoopScenario(rates: number[]) {
  const fake = await startFake(150);
  const g = await startGerbang(fake);
  watched.set('fake Midtrans', fake.child.pid!);
  watched.set('gerbang', g.child.pid!);
  const snapAuth = `Basic ${Buffer.from(`${fake.serverKey}:`).toString('base64')}`;
  const figures = async (request: OpenLoopRequest, rate: number): Promise<Figures> => {
    if (WARMUP > 0) await openLoop(request, rate, WARMUP);
    const before = [...watched].map(([name, pid]) => [name, cpuSeconds(pid)] as const);
    const result = await openLoop(request, rate, DURATION);
    const cpu = before.map(([name, start]) => `${name} ${(((cpuSeconds(watched.get(name)!) - start) / DURATION) * 100).toFixed(0)} %`).join(', ');
    return { rps: result.ok / DURATION, p50: result.p50, p99: result.p99, errors: result.failed, non2xx: 0, cpu };
  };
  try {
    for (const rate of rates) {
      const direct = await figures(
        {
          url: fake.url,
          method: 'POST',
          path: '/snap/v1/transactions',
          headers: { 'content-type': 'application/json', authorization: snapAuth },
          body: () => JSON.stringify({ transaction_details: { order_id: `D-${++sequence}`, gross_amount: 150000 } }),
        },
        rate,
      );
      row(`direct Snap create, fake at 150 ms, open loop ${rate}/s`, direct);
      const via = await figures(
        {
          url: g.url,
          method: 'POST',
          path: '/charge',
          headers: { 'content-type': 'application/json', 'x-app-code': 'bench', 'x-api-key': g.key },
          body: chargeBody,
        },
        rate,
      );
      row(
        `gerbang POST /charge, fake at 150 ms, open loop ${rate}/s`,
        via,
        `p50 +${(via.p50 - direct.p50).toFixed(1)} ms, p99 +${(via.p99 - direct.p99).toFixed(1)} ms`,
      );
    }
  } finally {
    watched.clear();
    await stop(g);
    fake.child.kill();
  }
}

/** An app's webhook endpoint on loopback: answers 204 at once (or never), notes when each order's event arrived. */
async function startReceiver(hang = false): Promise<{ url: string; arrived: Map<string, number>; close(): void }> {
  const arrived = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const orderId = (JSON.parse(Buffer.concat(chunks).toString()) as { data: { order_id: string } }).data.order_id;
      if (!arrived.has(orderId)) arrived.set(orderId, performance.now());
      if (!hang) res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/hooks`, arrived, close: () => void server.close(() => undefined).closeAllConnections() };
}

/** Runs the gerbang CLI against a started gerbang's database. */
function cli(g: Gerbang, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [join(root, 'bin/gerbang.js'), ...args], { env: g.env });
    let out = '';
    c.stdout.on('data', (d: Buffer) => (out += d.toString()));
    c.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`gerbang ${args.join(' ')} failed`))));
  });
}

/** Creates `count` payments of an app and returns their order ids. */
async function payments(g: Gerbang, code: string, key: string, prefix: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${process.pid}-${i}`);
  for (let i = 0; i < ids.length; i += 50) {
    await Promise.all(
      ids.slice(i, i + 50).map((id) =>
        fetch(`${g.url}/charge`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-app-code': code, 'x-api-key': key },
          body: JSON.stringify({ order_id: id, amount: 10000 }),
        }),
      ),
    );
  }
  return ids;
}

/**
 * Waits (up to `timeoutMs`) for every order's webhook and returns the figures: webhooks per second
 * from `start` to the last arrival, notification-to-webhook latency, missing webhooks as errors, and
 * the CPU the watched processes used since `before`.
 */
async function webhookArrivals(
  orders: string[],
  receiver: { arrived: Map<string, number> },
  sent: Map<string, number>,
  start: number,
  before: (readonly [string, number])[],
  timeoutMs: number,
): Promise<{ figures: Figures; arrived: number; span: number }> {
  const deadline = performance.now() + timeoutMs;
  while (orders.some((id) => !receiver.arrived.has(id)) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const latencies = orders.filter((id) => receiver.arrived.has(id)).map((id) => receiver.arrived.get(id)! - sent.get(id)!);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  const span = (Math.max(...orders.map((id) => receiver.arrived.get(id) ?? 0)) - start) / 1000;
  const cpu = before.map(([name, s0]) => `${name} ${(((cpuSeconds(watched.get(name)!) - s0) / span) * 100).toFixed(0)} %`).join(', ');
  return {
    figures: { rps: latencies.length / span, p50: at(0.5), p99: at(0.99), errors: orders.length - latencies.length, non2xx: 0, cpu },
    arrived: latencies.length,
    span,
  };
}

/**
 * Webhooks at flash-sale speed: payments settle at once (signed notifications, 100 at a time) and
 * the app's endpoint answers 204 at once; with `neighbour`, a second app's endpoint never answers
 * and its payments settle in the same moment. Latency from each notification to its webhook.
 */
async function webhookScenario(count: number, neighbour: boolean) {
  const fake = await startFake(0);
  const g = await startGerbang(fake);
  const receiver = await startReceiver();
  const stuck = neighbour ? await startReceiver(true) : undefined;
  watched.set('fake Midtrans', fake.child.pid!);
  watched.set('gerbang', g.child.pid!);
  try {
    await cli(g, ['app', 'webhook', '--code', 'bench', '--url', receiver.url, '--allow-private']);
    const orders = await payments(g, 'bench', g.key, 'W', count);
    let neighbourOrders: string[] = [];
    if (stuck) {
      const created = JSON.parse(await cli(g, ['app', 'create', '--code', 'hangs', '--name', 'Hangs', '--json'])) as { apiKey: string };
      await cli(g, ['app', 'webhook', '--code', 'hangs', '--url', stuck.url, '--allow-private']);
      neighbourOrders = await payments(g, 'hangs', created.apiKey, 'H', count);
    }
    // The stuck app's payments settle first, then the healthy app's, in the same burst.
    const notifications = await fake.payAndNotify([...neighbourOrders, ...orders]);
    const sent = new Map<string, number>();
    const before = [...watched].map(([name, pid]) => [name, cpuSeconds(pid)] as const);
    const start = performance.now();
    for (let i = 0; i < notifications.length; i += 100) {
      await Promise.all(
        notifications.slice(i, i + 100).map(async (body) => {
          sent.set(body.order_id as string, performance.now());
          await fetch(`${g.url}/notifications/midtrans`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        }),
      );
    }
    const confirmed = (performance.now() - start) / 1000;
    const { figures, arrived, span } = await webhookArrivals(orders, receiver, sent, start, before, 180_000);
    row(
      neighbour
        ? `webhooks: ${count} payments settle at once, another app's ${count} hang`
        : `webhooks: ${count} payments settle at once (notification to webhook)`,
      figures,
      `webhooks/s; all ${arrived} in ${span.toFixed(1)} s (notifications answered in ${confirmed.toFixed(1)} s)`,
    );
  } finally {
    watched.clear();
    receiver.close();
    stuck?.close();
    await stop(g);
    fake.child.kill();
  }
}

/**
 * Webhooks sustained: payments settle at a steady `rate` per second for the run's seconds (signed
 * notifications sent open loop, whatever gerbang's speed), and the app's endpoint answers 204 at
 * once. Webhooks per second as the app receives them, and the latency from each notification to its
 * webhook: when gerbang keeps up, the rate matches and the latency stays flat.
 */
async function webhookSustainedScenario(rate: number) {
  const fake = await startFake(0);
  const g = await startGerbang(fake);
  const receiver = await startReceiver();
  watched.set('fake Midtrans', fake.child.pid!);
  watched.set('gerbang', g.child.pid!);
  try {
    await cli(g, ['app', 'webhook', '--code', 'bench', '--url', receiver.url, '--allow-private']);
    const orders = await payments(g, 'bench', g.key, 'S', rate * DURATION);
    const notifications = await fake.payAndNotify(orders);
    const sent = new Map<string, number>();
    let next = 0;
    const before = [...watched].map(([name, pid]) => [name, cpuSeconds(pid)] as const);
    const start = performance.now();
    const answers = await openLoop(
      {
        url: g.url,
        method: 'POST',
        path: '/notifications/midtrans',
        headers: { 'content-type': 'application/json' },
        body: () => {
          const body = notifications[next++];
          sent.set(body.order_id as string, performance.now());
          return JSON.stringify(body);
        },
      },
      rate,
      DURATION,
    );
    const { figures, arrived, span } = await webhookArrivals(orders, receiver, sent, start, before, 120_000);
    row(
      `webhooks: payments settle at a steady ${rate}/s for ${DURATION} s (notification to webhook)`,
      { ...figures, errors: figures.errors + answers.failed },
      `webhooks/s; all ${arrived} in ${span.toFixed(1)} s (notifications answered p99 ${answers.p99.toFixed(0)} ms)`,
    );
  } finally {
    watched.clear();
    receiver.close();
    await stop(g);
    fake.child.kill();
  }
}

/** A database on the PostgreSQL server at BENCH_PG_URL (default: the local one), dropped afterwards. */
async function withPostgres(work: (url: string) => Promise<void>): Promise<void> {
  const { default: pg } = await import('pg');
  const serverUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: serverUrl });
  try {
    await admin.connect();
  } catch (error) {
    rows.push([`PostgreSQL scenarios skipped: ${(error as Error).message}`, '', '', '', '', '', '']);
    return;
  }
  const name = `gerbang_bench_${process.pid}`;
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    await work(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/** POST /charge at 0 ms on PostgreSQL: one instance, then two instances sharing the database. */
async function postgresScenario(connections: number) {
  await withPostgres(async (url) => {
    const fake = await startFake(0);
    const env = { DATABASE_URL: url, SECRET_KEY: 'bench-secret-key-of-32-characters!' };
    const one = await startGerbang(fake, env);
    watched.set('fake Midtrans', fake.child.pid!);
    watched.set('gerbang', one.child.pid!);
    let two: Gerbang | undefined;
    try {
      row(`gerbang POST /charge on PostgreSQL, fake at 0 ms, ${connections} clients`, await charge(one, connections));
      two = await startGerbang(fake, env, one.key);
      watched.set('second gerbang', two.child.pid!);
      const both = await Promise.all([charge(one, connections / 2), charge(two, connections / 2)]);
      const sum: Figures = {
        rps: both[0].rps + both[1].rps,
        p50: Math.max(both[0].p50, both[1].p50),
        p99: Math.max(both[0].p99, both[1].p99),
        errors: both[0].errors + both[1].errors,
        non2xx: both[0].non2xx + both[1].non2xx,
        cpu: both[0].cpu,
      };
      row(`two gerbang instances on one PostgreSQL database, fake at 0 ms, ${connections / 2} clients each`, sum, 'req/s of both together');
    } finally {
      watched.clear();
      if (two) await stop(two);
      await stop(one);
      fake.child.kill();
    }
  });
}

// BENCH_SCENARIOS picks scenarios: 150, 0, open (open loop), pg (PostgreSQL), webhooks (webhooks-steady for the
// steady one alone); e.g. BENCH_SCENARIOS=0
// with BENCH_PROFILE=1 to profile the 0 ms one. All of them by default.
const only = process.env.BENCH_SCENARIOS?.split(',');
const wanted = (name: string) => !only || only.includes(name);
if (wanted('150')) await scenario(150, 200);
if (wanted('0')) await scenario(0, 100);
if (wanted('open')) await openLoopScenario([100, 300]);
if (wanted('pg')) await postgresScenario(100);
if (wanted('webhooks')) {
  await webhookScenario(500, false);
  await webhookScenario(100, true);
}
if (wanted('webhooks') || wanted('webhooks-steady')) await webhookSustainedScenario(300);

const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'errors', '', 'CPU time during the run (100 % = one core)'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const disk = Number(process.env.BENCH_DISK_FLUSH_MS ?? 0) > 0 ? `, every disk flush ${process.env.BENCH_DISK_FLUSH_MS} ms slower` : '';
console.log(
  `\ngerbang benchmark (${DURATION} s per run; SQLite with WAL unless a row says PostgreSQL, every commit on disk before the answer${disk}${process.env.BENCH_NODE_OPTIONS ? `, gerbang with NODE_OPTIONS=${process.env.BENCH_NODE_OPTIONS}` : ''})\n`,
);
for (const r of [header, ...rows]) console.log(`| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`);
