import type { Command } from 'commander';
import { loadConfig } from '../config/env.js';
import { appId, audited, printApps, printKey, withContext } from './shared.js';

/** `gerbang app ...`: the merchant apps allowed to use gerbang. */
export function registerApp(program: Command): void {
  const app = program.command('app').description('manage the merchant apps allowed to use gerbang');

  app
    .command('create')
    .description('create an app and print its key once')
    .requiredOption('--code <code>', 'the X-App-Code the app will send')
    .requiredOption('--name <name>', 'a readable name')
    .option('--key <key>', 'import an existing key (e.g. from the previous gateway) instead of generating one')
    .option('--json', 'print one JSON object')
    .action(async (options: { code: string; name: string; key?: string; json?: boolean }) => {
      const result = await withContext(async (ctx, apps) => audited(ctx, 'app.create', options.code, () => apps.create(ctx, options)));
      printKey(result, options.json ?? false, 'Created');
    });

  app
    .command('list')
    .description('list apps (keys are never shown)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      printApps(await withContext((ctx, apps) => apps.list(ctx)), options.json ?? false);
    });

  app
    .command('rotate-key')
    .description('give an app a new key; the old key stops working at once')
    .requiredOption('--code <code>', 'the app')
    .option('--key <key>', 'use this key instead of generating one')
    .option('--json', 'print one JSON object')
    .action(async (options: { code: string; key?: string; json?: boolean }) => {
      const result = await withContext((ctx, apps) => audited(ctx, 'app.rotate_key', options.code, () => apps.rotateKey(ctx, options.code, options.key)));
      printKey(result, options.json ?? false, 'Rotated the key of');
    });

  for (const [name, active] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    app
      .command(name)
      .description(active ? 'let a disabled app in again' : 'refuse all requests of an app (401) until it is enabled')
      .requiredOption('--code <code>', 'the app')
      .action(async (options: { code: string }) => {
        const view = await withContext((ctx, apps) =>
          audited(ctx, active ? 'app.enable' : 'app.disable', options.code, () => apps.setActive(ctx, options.code, active)),
        );
        console.log(`App "${view.code}" is now ${view.active ? 'active' : 'disabled'}.`);
      });
  }

  app
    .command('webhook')
    .description("set where gerbang sends an app's signed payment events")
    .requiredOption('--code <code>', 'the app')
    .option('--url <url>', 'the webhook URL (https://…)')
    .option('--remove', 'stop sending webhooks to this app')
    .option('--allow-private', "let this app's webhooks reach private networks (e.g. an app on the same LAN)")
    .option('--no-allow-private', 'refuse private network targets again (the default)')
    .option('--json', 'print one JSON object')
    .action(async (options: { code: string; url?: string; remove?: boolean; allowPrivate?: boolean; json?: boolean }) => {
      const explicitPrivate = process.argv.some((a) => a === '--allow-private' || a === '--no-allow-private');
      const result = await withContext(async (ctx, _apps, services) =>
        audited(ctx, 'app.update', options.code, async () =>
          services.webhooks.configure(
            ctx,
            await appId(ctx, options.code),
            options.remove ? null : (options.url ?? null),
            explicitPrivate ? options.allowPrivate : undefined,
          ),
        ),
      );
      if (options.json) return console.log(JSON.stringify({ code: options.code, ...result.settings, ...(result.secret ? { secret: result.secret } : {}) }));
      console.log(result.settings.url ? `Webhooks of "${options.code}" go to ${result.settings.url}` : `No webhooks for "${options.code}".`);
      console.log(`Private networks: ${result.settings.allowPrivateNetworks ? 'allowed' : 'refused'}`);
      if (result.secret) console.log(`Signing secret (shown once): ${result.secret}`);
    });

  app
    .command('defaults')
    .description("set what an app's charges get when they leave Snap options out (replaces the app's defaults)")
    .requiredOption('--code <code>', 'the app')
    .option('--finish-url <url>', 'where Snap sends the customer after paying (https://…)')
    .option('--error-url <url>', 'where Snap sends the customer after a payment error')
    .option('--unfinish-url <url>', 'where Snap sends a customer who leaves the page unfinished')
    .option('--enabled-payments <list>', 'the payment methods the page offers, comma-separated Snap names (e.g. other_qris,gopay)')
    .option('--page-expiry-minutes <n>', 'how long a payment page may be used (5 to 10080)')
    .option('--json', 'print one JSON object')
    .action(
      async (options: {
        code: string;
        finishUrl?: string;
        errorUrl?: string;
        unfinishUrl?: string;
        enabledPayments?: string;
        pageExpiryMinutes?: string;
        json?: boolean;
      }) => {
        const minutes = options.pageExpiryMinutes === undefined ? undefined : Number(options.pageExpiryMinutes);
        const input = {
          callbacks: { finish: options.finishUrl, error: options.errorUrl, unfinish: options.unfinishUrl },
          ...(options.enabledPayments
            ? {
                enabled_payments: options.enabledPayments
                  .split(',')
                  .map((m) => m.trim())
                  .filter(Boolean),
              }
            : {}),
          ...(minutes !== undefined ? { page_expiry: { unit: 'minutes', duration: minutes } } : {}),
        };
        const config = loadConfig();
        const defaults = await withContext((ctx, apps) =>
          audited(ctx, 'app.update', options.code, () => apps.setSnapDefaults(ctx, options.code, input, { production: config.midtrans.isProduction })),
        );
        if (options.json) return console.log(JSON.stringify({ code: options.code, snapDefaults: defaults }));
        console.log(
          Object.keys(defaults).length > 0
            ? `Charges of "${options.code}" that leave them out get: ${JSON.stringify(defaults)}`
            : `No Snap defaults for "${options.code}".`,
        );
      },
    );

  app
    .command('origins')
    .description("set the browser origins whose pages may use the app's client secrets (replaces the list; none given: clears it)")
    .requiredOption('--code <code>', 'the app')
    .option('--origins <list>', 'comma-separated origins, e.g. https://shop.example.id,https://www.shop.example.id', '')
    .option('--json', 'print one JSON object')
    .action(async (options: { code: string; origins: string; json?: boolean }) => {
      const config = loadConfig();
      const origins = await withContext((ctx, apps) =>
        audited(ctx, 'app.update', options.code, () =>
          apps.setAllowedOrigins(ctx, options.code, options.origins.split(','), { production: config.midtrans.isProduction }),
        ),
      );
      if (options.json) return console.log(JSON.stringify({ code: options.code, allowedOrigins: origins }));
      console.log(
        origins.length > 0
          ? `Pages of ${origins.join(', ')} may use the client secrets of "${options.code}".`
          : `No browser origin may use the client secrets of "${options.code}".`,
      );
    });

  app
    .command('webhook-secret')
    .description("replace an app's webhook signing secret and print it once")
    .requiredOption('--code <code>', 'the app')
    .action(async (options: { code: string }) => {
      const secret = await withContext(async (ctx, _apps, services) =>
        audited(ctx, 'webhook.rotate_secret', options.code, async () => services.webhooks.rotateSecret(ctx, await appId(ctx, options.code))),
      );
      console.log(`New signing secret of "${options.code}" (shown once): ${secret}`);
    });
}
