import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { englishPage, launchChromium } from '../helpers/browser.js';
import { SimulatedPaymentSchema } from '../../src/providers/simulator/simulated-payment.entity.js';
import { TransactionSchema } from '../../src/modules/payments/transaction.entity.js';
import { call, startTestGerbang, type TestGerbang } from '../helpers/gerbang.js';

/**
 * A customer on the simulator's payment page, as on Snap's: only the methods the charge enabled,
 * and after paying, back to the app's finish page with Midtrans' query parameters.
 */
describe('simulator checkout in headless Chromium', () => {
  let g: TestGerbang;
  let browser: Browser;
  let shop: http.Server;
  let shopUrl: string;
  let app: Record<string, string>;

  beforeAll(async () => {
    g = await startTestGerbang();
    app = await g.createApp('toko');
    // The app's own "thank you" page.
    shop = http.createServer((req, res) =>
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<h1>Terima kasih</h1><p id="query">${new URL(req.url!, 'http://x').search}</p>`),
    );
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
    shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    shop?.close();
    await g?.close();
  });

  it('offers only the enabled methods, and after Pay sends the customer to the finish URL with order_id, status_code and transaction_status', async () => {
    const orderId = `SIM-FINISH-${Date.now()}`;
    const charged = await call(`${g.url}/charge`, {
      headers: app,
      body: { order_id: orderId, amount: 75000, enabled_payments: ['gopay', 'bri_va'], callbacks: { finish: `${shopUrl}/selesai` } },
    });
    expect(charged.status).toBe(201);
    const page = await englishPage(browser, g.url, { viewport: { width: 390, height: 844 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(charged.body.redirect_url);
    const methods = page.getByTestId('methods').getByRole('radio');
    expect(await methods.evaluateAll((inputs) => inputs.map((i) => (i as unknown as { value: string }).value))).toEqual(['gopay', 'bri_va']);
    await page.getByLabel('BRI Virtual Account').check();
    await page.screenshot({ path: '/tmp/simulator-methods-390.png', fullPage: true });
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await page.waitForURL(`${shopUrl}/selesai?**`);
    const landed = new URL(page.url());
    expect(Object.fromEntries(landed.searchParams)).toEqual({ order_id: orderId, status_code: '200', transaction_status: 'settlement' });
    expect(errors).toEqual([]);
    const tx = await g.gerbang.orm.em.fork().findOneOrFail(TransactionSchema, { orderId });
    expect(tx).toMatchObject({ transactionStatus: 'settlement', paymentType: 'bank_transfer' });
    expect(tx.rawStatus?.va_numbers).toEqual([{ bank: 'bri', va_number: expect.any(String) }]);
  });

  it('a page past its page_expiry can no longer be used', async () => {
    const orderId = `SIM-EXPIRED-${Date.now()}`;
    const charged = await call(`${g.url}/charge`, { headers: app, body: { order_id: orderId, amount: 5000, page_expiry: { unit: 'minutes', duration: 5 } } });
    expect(charged.status).toBe(201);
    // Five minutes later:
    await g.gerbang.orm.em.fork().nativeUpdate(SimulatedPaymentSchema, { orderId }, { pageExpiresAt: new Date(Date.now() - 1000) });
    const page = await englishPage(browser, g.url);
    await page.goto(charged.body.redirect_url);
    expect(await page.getByTestId('status').textContent()).toBe('This payment page has expired');
    expect(await page.getByRole('button', { name: 'Pay', exact: true }).count()).toBe(0);
    const token = new URL(charged.body.redirect_url).pathname.split('/').pop();
    const forced = await fetch(`${g.url}/simulator/snap/v4/redirection/${token}`, {
      method: 'POST',
      body: new URLSearchParams({ action: 'pay' }),
      redirect: 'manual',
    });
    expect(forced.status).toBe(400);
  });
});

describe("an app's payment page settings in the admin UI", () => {
  let g: TestGerbang;
  let browser: Browser;

  beforeAll(async () => {
    g = await startTestGerbang();
    await g.gerbang.services.adminAuth.create(g.context(), 'ops', 'correct horse battery staple', 'test');
    await g.createApp('donasi');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await g?.close();
  });

  it("an admin sets the finish URL and payment methods, sees that it was saved, and the app's next payment page offers just those", async () => {
    const page = await englishPage(browser, g.url, { viewport: { width: 390, height: 844 } });
    await page.goto(`${g.url}/admin`);
    await page.getByLabel('User name').fill('ops');
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.goto(`${g.url}/admin#/apps`);
    const form = page.getByTestId('payment-page-form');
    await form.getByLabel('Finish URL', { exact: true }).fill('https://donasi.example.id/terima-kasih');
    await form.getByLabel('QRIS').check();
    await form.getByLabel('GoPay').check();
    await form.getByLabel('Page lifetime, minutes').fill('30');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Payment page settings of "donasi" saved.' }).waitFor();
    await page.screenshot({ path: '/tmp/admin-payment-page-390.png', fullPage: true });
    // The form shows what was saved.
    expect(await form.getByLabel('Finish URL', { exact: true }).inputValue()).toBe('https://donasi.example.id/terima-kasih');
    expect(await form.getByLabel('GoPay').isChecked()).toBe(true);
    // The form itself fits a phone.
    const box = await form.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);

    const key = (await g.gerbang.services.apps.rotateKey(g.context(), 'donasi')).apiKey;
    const charged = await call(`${g.url}/charge`, {
      headers: { 'X-App-Code': 'donasi', 'X-Api-Key': key },
      body: { order_id: `DONASI-${Date.now()}`, amount: 10000 },
    });
    expect(charged.status).toBe(201);
    await page.goto(charged.body.redirect_url);
    const methods = page.getByTestId('methods').getByRole('radio');
    expect(await methods.evaluateAll((inputs) => inputs.map((i) => (i as unknown as { value: string }).value))).toEqual(['other_qris', 'gopay']);
  });
});
