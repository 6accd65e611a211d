import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { ConfigError, describeDatabase, loadConfig, parseDatabaseUrl, type Config } from '../config/env.js';
import { openDatabase } from '../config/orm.js';
import { startGerbang } from '../main.js';
import { AppService, type AppView, type AppWithKey } from '../modules/apps/app.service.js';
import { AppError } from '../shared/errors.js';
import { createLogger } from '../shared/logger.js';
import { serviceContext, type ServiceContext } from '../shared/context.js';
import { AppSchema } from '../modules/apps/app.entity.js';
import { AdminAuthService } from '../modules/admin/admin-auth.service.js';
import { AuditService } from '../modules/admin/audit.service.js';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { WebhookService } from '../modules/webhooks/webhook.service.js';
import { SecretBox, installationKey } from '../shared/secret-box.js';
import { diagnose, report } from './doctor.js';
import { databaseUnavailable } from '../shared/database-errors.js';

interface CliServices {
  apps: AppService;
  webhooks: WebhookService;
}

/** Runs an admin command against the configured database, with its own context. */
async function withContext<T>(run: (ctx: ServiceContext, apps: AppService, services: CliServices) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const orm = await openDatabase(config.database);
  try {
    const log = createLogger('warn');
    const box = new SecretBox(installationKey(config.secretKey, config.database));
    const services = { apps: new AppService(), webhooks: new WebhookService(box) };
    return await run(serviceContext(orm, 'cli', log), services.apps, services);
  } finally {
    await orm.close();
  }
}

/** Runs an admin action from the CLI and writes it to the audit log. */
async function audited<T>(ctx: ServiceContext, action: string, target: string, run: () => Promise<T>): Promise<T> {
  const result = await run();
  await new AuditService().record(ctx, { actor: `cli:${osUser()}`, action, target });
  return result;
}

/** Runs a command with the admin account service. */
async function withAdmin<T>(run: (ctx: ServiceContext, auth: AdminAuthService) => Promise<T>): Promise<T> {
  return withContext((ctx) => run(ctx, new AdminAuthService(new AuditService())));
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** The id of an app by its code, or APP_NOT_FOUND. */
async function appId(ctx: ServiceContext, code: string): Promise<number> {
  const app = await ctx.em.findOne(AppSchema, { code });
  if (!app) throw new AppError('APP_NOT_FOUND', `No app with code "${code}"`);
  return app.id;
}

function printKey(result: AppWithKey, json: boolean, verb: string): void {
  if (json) {
    console.log(JSON.stringify({ code: result.app.code, name: result.app.name, apiKey: result.apiKey, keyPrefix: result.app.keyPrefix }));
    return;
  }
  console.log(`${verb} app "${result.app.code}" (${result.app.name}).`);
  console.log('');
  console.log(`  X-App-Code: ${result.app.code}`);
  console.log(`  X-Api-Key:  ${result.apiKey}`);
  console.log('');
  console.log('Store the key now: gerbang keeps only its hash and cannot show it again.');
}

function printApps(apps: AppView[], json: boolean): void {
  if (json) {
    console.log(JSON.stringify(apps));
    return;
  }
  if (apps.length === 0) {
    console.log('No apps yet. Create one with: npx gerbang app create --code <code> --name "<name>"');
    return;
  }
  const rows = apps.map((a) => [a.code, a.name, `${a.keyPrefix}…`, a.active ? 'active' : 'disabled', a.createdAt.toISOString()]);
  const header = ['CODE', 'NAME', 'KEY', 'STATE', 'CREATED'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [header, ...rows])
    console.log(
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    );
}

function banner(config: Config, url: string): string[] {
  const lines = [`gerbang listening on ${url} (REST: POST /charge, GET /status/<order_id>; GraphQL: /graphql)`];
  if (config.provider === 'simulator') {
    lines.push(
      '',
      '*** SIMULATOR MODE: no MIDTRANS_SERVER_KEY is set, so gerbang is its own Midtrans. ***',
      '*** Payment pages are served by gerbang itself and no real money moves.          ***',
      '*** Set MIDTRANS_SERVER_KEY (and MIDTRANS_IS_PRODUCTION) in .env to use Midtrans. ***',
    );
  } else {
    lines.push(`Midtrans ${config.midtrans.isProduction ? 'PRODUCTION (real money)' : 'Sandbox'}: ${config.midtrans.snapBaseUrl}`);
  }
  lines.push(`Midtrans Payment Notification URL: ${config.publicUrl}/notifications/midtrans`);
  lines.push('', 'Create an app key with: npx gerbang app create --code <code> --name "<name>"');
  return lines;
}

const program = new Command('gerbang').description('Self-hosted payment gateway middleware for Midtrans').showHelpAfterError().exitOverride();

program
  .command('serve')
  .description('run the gateway (what `npm start` runs)')
  .action(async () => {
    const config = loadConfig();
    const log = createLogger(config.logLevel, undefined, config.logFile);
    const gerbang = await startGerbang(config, log);
    // Everything is printed at once, so that whoever waits for the first line sees the rest too.
    const lines = banner(config, gerbang.url);
    const ctx = serviceContext(gerbang.orm, 'start', log);
    if (config.provider === 'simulator') {
      const first = await gerbang.services.adminAuth.ensureFirstAdmin(ctx);
      if (first) {
        lines.push('', `First run: created the administrator "${first.username}" with the password ${first.password}`);
        lines.push(`Log in at ${config.publicUrl}/admin (this password is shown only once).`);
      }
    } else if ((await gerbang.services.adminAuth.count(ctx)) === 0) {
      lines.push('', 'No administrator exists yet: create one with `npx gerbang admin create --username <name>`.');
    }
    lines.push(`Admin UI: ${config.publicUrl}/admin · GraphQL playground: ${config.publicUrl}/graphql`);
    console.log(lines.join('\n'));
    log.info({ url: gerbang.url, provider: config.provider, database: describeDatabase(config.database) }, 'gerbang started');
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'stopping');
      gerbang.close().then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, 'unclean stop');
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });

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
  .command('webhook-secret')
  .description("replace an app's webhook signing secret and print it once")
  .requiredOption('--code <code>', 'the app')
  .action(async (options: { code: string }) => {
    const secret = await withContext(async (ctx, _apps, services) =>
      audited(ctx, 'webhook.rotate_secret', options.code, async () => services.webhooks.rotateSecret(ctx, await appId(ctx, options.code))),
    );
    console.log(`New signing secret of "${options.code}" (shown once): ${secret}`);
  });

/** Reads a password: hidden at a terminal prompt, or the first line of standard input. */
async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    return text.split(/\r?\n/)[0] ?? '';
  }
  const { default: password } = await import('@inquirer/password');
  return password({ message: prompt, mask: false });
}

const admin = program.command('admin').description('manage administrators');

admin
  .command('create')
  .description('create an administrator; the password is read from a prompt or standard input, never an argument')
  .requiredOption('--username <name>', 'the login name')
  .action(async (options: { username: string }) => {
    const password = await readPassword('Password (at least 12 characters)');
    if (process.stdin.isTTY && password !== (await readPassword('Again'))) throw new AppError('VALIDATION_FAILED', 'The passwords differ');
    await withAdmin((ctx, auth) => auth.create(ctx, options.username, password, `cli:${osUser()}`));
    console.log(`Created administrator "${options.username}".`);
  });

admin
  .command('list')
  .description('list administrators')
  .action(async () => {
    const admins = await withAdmin((ctx, auth) => auth.list(ctx));
    if (admins.length === 0) return console.log('No administrators yet.');
    for (const a of admins) console.log(`${a.username.padEnd(24)} ${a.active ? 'active  ' : 'disabled'} last login ${a.lastLoginAt?.toISOString() ?? 'never'}`);
  });

for (const [name, active] of [
  ['disable', false],
  ['enable', true],
] as const) {
  admin
    .command(name)
    .description(active ? 'let an administrator in again' : 'refuse an administrator, ending their sessions and tokens')
    .requiredOption('--username <name>', 'the administrator')
    .action(async (options: { username: string }) => {
      await withAdmin((ctx, auth) => auth.setActive(ctx, options.username, active, `cli:${osUser()}`));
      console.log(`Administrator "${options.username}" is now ${active ? 'active' : 'disabled'}.`);
    });
}

admin
  .command('token')
  .description('create an admin API token for automation (Authorization: Bearer gat_…), printed once')
  .requiredOption('--username <name>', 'the administrator the token acts as')
  .option('--name <label>', 'what the token is for', 'automation')
  .action(async (options: { username: string; name: string }) => {
    const token = await withAdmin((ctx, auth) => auth.createToken(ctx, options.username, options.name, `cli:${osUser()}`));
    console.log(token);
  });

program
  .command('backup')
  .description('write a consistent copy of the SQLite database while gerbang runs')
  .requiredOption('--to <file>', 'the backup file to create (must not exist)')
  .action(async (options: { to: string }) => {
    const target = resolve(options.to);
    if (existsSync(target)) throw new AppError('VALIDATION_FAILED', `${target} exists already; choose a new file`);
    if (loadConfig().database.dialect !== 'sqlite') {
      throw new AppError('VALIDATION_FAILED', 'gerbang backup copies a SQLite file; back up PostgreSQL with pg_dump (see docs/deployment.md)');
    }
    await withContext(async (ctx) => {
      // VACUUM INTO copies a consistent snapshot, safe while gerbang writes (WAL).
      await ctx.em.getConnection().execute(`vacuum into '${target.replace(/'/g, "''")}'`);
    });
    console.log(`Backed up to ${target}`);
  });

program
  .command('copy-database')
  .description('copy every row of a gerbang database into a new, empty one (e.g. SQLite into PostgreSQL)')
  .requiredOption('--from <url>', 'the database to copy, e.g. sqlite:data/gerbang.sqlite (stop gerbang first)')
  .requiredOption('--to <url>', 'the empty target, e.g. postgres://gerbang:secret@127.0.0.1:5432/gerbang')
  .action(async (options: { from: string; to: string }) => {
    const { copyDatabase } = await import('../config/copy-database.js');
    const parse = (name: string, value: string) => {
      try {
        return parseDatabaseUrl(value);
      } catch (error) {
        throw new AppError('VALIDATION_FAILED', `--${name}: ${(error as Error).message}`);
      }
    };
    const from = parse('from', options.from);
    const to = parse('to', options.to);
    const secretKey = process.env.SECRET_KEY || undefined;
    if (to.dialect === 'postgresql' && !secretKey) {
      throw new AppError('VALIDATION_FAILED', 'Set SECRET_KEY (the one the new installation will use): webhook secrets are sealed again with it');
    }
    if (from.dialect === 'sqlite' && from.path !== ':memory:' && !existsSync(from.path)) {
      throw new AppError('VALIDATION_FAILED', `--from: ${from.path} does not exist`);
    }
    const sourceBoxes = [
      ...(secretKey ? [new SecretBox(installationKey(secretKey, from))] : []),
      ...(from.dialect === 'sqlite' && existsSync(join(dirname(from.path), 'installation.key')) ? [new SecretBox(installationKey(undefined, from))] : []),
    ];
    const counts = await copyDatabase({
      from,
      to,
      sourceBoxes,
      targetBox: new SecretBox(installationKey(secretKey, to)),
      onTable: (table, rows) => console.log(`${table}: ${rows}`),
    });
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    console.log(`Copied ${total} rows from ${describeDatabase(from)} to ${describeDatabase(to)}.`);
  });

program
  .command('webhook-replay')
  .description("send an app's webhook event again (same webhook-id), or all its dead-lettered events")
  .requiredOption('--code <code>', 'the app')
  .option('--id <eventId>', 'one event (msg_…)')
  .option('--failed', 'every dead-lettered event of the app')
  .action(async (options: { code: string; id?: string; failed?: boolean }) => {
    if (!options.id === !options.failed) throw new AppError('VALIDATION_FAILED', 'Give either --id <eventId> or --failed');
    const count = await withContext(async (ctx, _apps, services) =>
      audited(ctx, 'webhook.replay', options.id ?? `${options.code}:failed`, async () => {
        const id = await appId(ctx, options.code);
        if (options.id) {
          await services.webhooks.replay(ctx, id, options.id);
          return 1;
        }
        return services.webhooks.replayFailed(ctx, id);
      }),
    );
    console.log(`${count} event(s) queued; a running gerbang sends them within a second.`);
  });

program
  .command('doctor')
  .description('check the configuration, the database, the Midtrans server key and the notification URL; exit 0 when all is well')
  .action(async () => {
    // Exit at once: the Midtrans client's keep-alive sockets would hold the process open.
    process.exit(report(await diagnose()) ? 0 : 1);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof ConfigError || error instanceof AppError) {
    console.error(error.message);
    process.exit(error instanceof ConfigError ? 78 : 1);
  }
  if (databaseUnavailable(error)) {
    const reason = (error as Error).message.split('\n')[0];
    console.error(
      `gerbang cannot use its database (${reason}): check DATABASE_URL, that the disk has free space and the database files are writable by this user (ls -l, lsattr), or that PostgreSQL is running. Check with: npx gerbang doctor`,
    );
    // EX_TEMPFAIL: systemd tries again later.
    process.exit(75);
  }
  console.error(error);
  process.exit(1);
}
