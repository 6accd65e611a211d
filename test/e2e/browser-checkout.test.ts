import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { freePort, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/browser-checkout/server.mjs', import.meta.url));

/**
 * examples/browser-checkout run for real: its server holds the app key and hands the page only the
 * client secret; the shopper pays on gerbang's simulated payment page; the example page shows Paid
 * the moment it happens, without reloading or polling.
 */
describe('the browser checkout example in headless Chromium', () => {
  let g: TestGerbang;
  let browser: Browser;
  let example: ChildProcess;
  let exampleUrl: string;

  beforeAll(async () => {
    g = await startTestGerbang();
    const headers = await g.createApp('toko');
    const port = await freePort();
    exampleUrl = `http://127.0.0.1:${port}`;
    await g.gerbang.services.admin.updateApp(g.context(), { name: 'test' }, 'toko', { allowedOrigins: [exampleUrl] });
    example = spawn(process.execPath, [EXAMPLE], {
      env: { PATH: process.env.PATH ?? '', GERBANG_URL: g.url, APP_CODE: 'toko', APP_KEY: headers['X-Api-Key'], PORT: String(port), HOST: '127.0.0.1' },
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the example did not start')), 10_000);
      example.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('checkout example on')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    example?.kill();
    await g?.close();
  });

  it('the page shows Paid within a second of paying, without reloading or polling, holding only the client secret', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const toGerbang: string[] = [];
    page.on('request', (r) => r.url().startsWith(g.url) && toGerbang.push(`${r.method()} ${new URL(r.url()).pathname}`));
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(exampleUrl);
    await page.getByRole('status').filter({ hasText: 'Waiting for payment' }).waitFor();
    const orderId = (await page.locator('#order').textContent())!;
    expect(orderId).toMatch(/^WEB-\d+$/);
    // A marker that a reload would lose.
    await page.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 42));
    // The page never saw the app key.
    expect(await page.content()).not.toContain('gk_');

    const popup = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Pay' }).click();
    const payment = await popup;
    await payment.getByRole('button', { name: 'Bayar', exact: true }).click();
    const paidAt = Date.now();
    await page.getByRole('status').filter({ hasText: 'Paid' }).waitFor({ timeout: 1000 });
    expect(Date.now() - paidAt).toBeLessThan(1000);
    expect(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(42);
    // One query and one live connection to gerbang: no polling.
    expect(toGerbang).toEqual(['POST /graphql']);
    expect(sockets).toEqual([`${g.url.replace('http', 'ws')}/graphql`]);
    expect(await page.getByRole('button', { name: 'Pay' }).isDisabled()).toBe(true);
    await page.screenshot({ path: '/tmp/gerbang-browser-checkout-390.png' });
    expect(errors).toEqual([]);
  });
});
