import { userInfo } from 'node:os';
import { loadConfig } from '../config/env.js';
import { openDatabase } from '../config/orm.js';
import { AdminAuthService } from '../modules/admin/admin-auth.service.js';
import { AuditService } from '../modules/admin/audit.service.js';
import { AppSchema } from '../modules/apps/app.entity.js';
import { AppService, type AppView, type AppWithKey } from '../modules/apps/app.service.js';
import { WebhookService } from '../modules/webhooks/webhook.service.js';
import { serviceContext, type ServiceContext } from '../shared/context.js';
import { AppError } from '../shared/errors.js';
import { createLogger } from '../shared/logger.js';
import { SecretBox, installationKey } from '../shared/secret-box.js';

/* What the commands of the `gerbang` CLI share: a context on the configured database, audit entries, output. */

export interface CliServices {
  apps: AppService;
  webhooks: WebhookService;
}

/** Runs an admin command against the configured database, with its own context. */
export async function withContext<T>(run: (ctx: ServiceContext, apps: AppService, services: CliServices) => Promise<T>): Promise<T> {
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
export async function audited<T>(ctx: ServiceContext, action: string, target: string, run: () => Promise<T>): Promise<T> {
  const result = await run();
  await new AuditService().record(ctx, { actor: `cli:${osUser()}`, action, target });
  return result;
}

/** Runs a command with the admin account service. */
export async function withAdmin<T>(run: (ctx: ServiceContext, auth: AdminAuthService) => Promise<T>): Promise<T> {
  return withContext((ctx) => run(ctx, new AdminAuthService(new AuditService())));
}

export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** The id of an app by its code, or APP_NOT_FOUND. */
export async function appId(ctx: ServiceContext, code: string): Promise<number> {
  const app = await ctx.em.findOne(AppSchema, { code });
  if (!app) throw new AppError('APP_NOT_FOUND', `No app with code "${code}"`);
  return app.id;
}

export function printKey(result: AppWithKey, json: boolean, verb: string): void {
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

export function printApps(apps: AppView[], json: boolean): void {
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

/** Reads a password: hidden at a terminal prompt, or the first line of standard input. */
export async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    return text.split(/\r?\n/)[0] ?? '';
  }
  const { default: password } = await import('@inquirer/password');
  return password({ message: prompt, mask: false });
}
