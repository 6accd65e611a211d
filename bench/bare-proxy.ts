// The benchmark's reference middleware: `node bench/bare-proxy.ts <fake url> <server key>`. POST /charge
// is passed to the fake's Snap create with node:http alone (no framework, no database, no checks),
// which is as fast as any Node.js service between the load generator and Midtrans can be on this machine.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const [snapUrl, serverKey] = [`${process.argv[2]}/snap/v1/transactions`, process.argv[3] ?? ''];
const agent = new http.Agent({ keepAlive: true, maxSockets: 256, noDelay: true } as http.AgentOptions);
const authorization = `Basic ${Buffer.from(`${serverKey}:`).toString('base64')}`;

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const { order_id: orderId, amount } = JSON.parse(Buffer.concat(chunks).toString()) as { order_id: string; amount: number };
    const body = JSON.stringify({ transaction_details: { order_id: orderId, gross_amount: amount } });
    const upstream = http.request(
      snapUrl,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization } },
      (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => parts.push(chunk));
        answer.on('end', () => {
          const snap = JSON.parse(Buffer.concat(parts).toString()) as { token: string; redirect_url: string };
          res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ redirect_url: snap.redirect_url, token: snap.token }));
        });
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    upstream.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.send?.({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
