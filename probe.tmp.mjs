import { fork, spawn } from 'node:child_process';
import autocannon from 'autocannon';
const child = fork('/work/main/bench/fake-midtrans-server.ts', ['0'], { stdio: 'inherit' });
const { url, serverKey } = await new Promise((r) => child.once('message', r));
const db = `/tmp/probe-${process.pid}.sqlite`;
const env = { ...process.env, PORT: '5099', HOST: '127.0.0.1', DATABASE_URL: 'sqlite:' + db, MIDTRANS_SERVER_KEY: serverKey, MIDTRANS_SNAP_BASE_URL: url, MIDTRANS_API_BASE_URL: url, LOG_LEVEL: 'warn' };
const key = await new Promise((res) => { const c = spawn(process.execPath, ['bin/gerbang.js', 'app', 'create', '--code', 'b', '--name', 'B', '--json'], { env }); let o = ''; c.stdout.on('data', d => o += d); c.on('close', () => res(JSON.parse(o).apiKey)); });
const g = spawn(process.execPath, [...(process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []), 'bin/gerbang.js', 'serve'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((r) => g.stdout.on('data', (d) => d.toString().includes('listening') && r()));
let seq = 0;
for (const connections of (process.env.CONNS ?? '1,10,100').split(',').map(Number)) {
  const r = await new Promise((res) => autocannon({ url: 'http://127.0.0.1:5099', duration: Number(process.env.SECS ?? 4), connections, requests: [{ method: 'POST', path: '/charge', headers: { 'content-type': 'application/json', 'x-app-code': 'b', 'x-api-key': key }, setupRequest: (req) => ({ ...req, body: JSON.stringify({ order_id: `P-${process.pid}-${++seq}`, amount: 1000 }) }) }] }, (e, r) => res(r)));
  console.log(`conns ${connections}: ${r.requests.average} req/s p50 ${r.latency.p50} p99 ${r.latency.p99} non2xx ${r.non2xx} errors ${r.errors + r.timeouts}`);
}
g.kill('SIGINT'); await new Promise((r) => g.once('exit', r)); child.kill();
