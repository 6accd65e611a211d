// The server part of a browser checkout: it alone holds the app key. It creates the payment with
// gerbang and hands the page only the payment's client secret. Run it with
//   GERBANG_URL=http://localhost:5000 APP_CODE=toko APP_KEY=gk_… node server.mjs
// and allow this page's origin for the app (npx gerbang app origins --code toko --origins http://localhost:8080).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';

const { GERBANG_URL = 'http://localhost:5000', APP_CODE, APP_KEY, PORT = '8080', HOST = '127.0.0.1' } = process.env;
const here = new URL('.', import.meta.url);

async function createPayment() {
  const response = await fetch(`${GERBANG_URL}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-App-Code': APP_CODE, 'X-Api-Key': APP_KEY },
    body: JSON.stringify({
      query: 'mutation($input: CreateTransactionInput!) { createTransaction(input: $input) { orderId clientSecret } }',
      variables: { input: { orderId: `WEB-${Date.now()}`, amount: 150000, itemDetails: [{ id: 'KOPI-1', name: 'Kopi Gayo 250 g', price: 150000, quantity: 1 }] } },
    }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(body.errors[0].message);
  return body.data.createTransaction;
}

createServer(async (req, res) => {
  try {
    if (req.method === 'POST' && req.url === '/checkout') {
      const { orderId, clientSecret } = await createPayment();
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ orderId, clientSecret, gerbangUrl: GERBANG_URL }));
    } else if (req.method === 'GET' && (req.url === '/' || req.url === '/checkout.js')) {
      const file = req.url === '/' ? 'index.html' : 'checkout.js';
      const type = file.endsWith('.js') ? 'text/javascript' : 'text/html; charset=utf-8';
      res.writeHead(200, { 'Content-Type': type }).end(await readFile(new URL(file, here)));
    } else if (req.url === '/favicon.ico') {
      res.writeHead(204).end();
    } else {
      res.writeHead(404).end();
    }
  } catch (error) {
    res.writeHead(502, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: error.message }));
  }
}).listen(Number(PORT), HOST, () => console.log(`checkout example on http://${HOST}:${PORT}`));
