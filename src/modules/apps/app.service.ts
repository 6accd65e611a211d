import { runSql } from '../../shared/sql.js';
import { parseOrigins } from '../payments/checkout.service.js';
import { parseSnapDefaults, type AppSnapDefaults } from '../payments/charge.request.js';
import { AppError } from '../../shared/errors.js';
import type { AppPrincipal, ServiceContext } from '../../shared/context.js';
import type { App } from './app.entity.js';
import { addApp, findByCode, findCredentials, listApps } from './app.repository.js';
import { presentApp, type AppView } from './app.presenter.js';

export { presentApp, type AppView } from './app.presenter.js';
import { generateAppKey, hashAppKey, importedKeyProblem, keyMatches, keyPrefix } from './app-key.js';

/** App codes: what merchant apps send in X-App-Code. */
const APP_CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** An app together with its key, which exists in clear only in this answer. */
export interface AppWithKey {
  app: AppView;
  apiKey: string;
}

export interface CreateAppCommand {
  code: string;
  name: string;
  /** An existing key to import (e.g. from the previous gateway); a new one is generated otherwise. */
  key?: string;
}

/** Use cases of merchant apps and their keys. */
export class AppService {
  /**
   * Authenticates X-App-Code + X-Api-Key. Unknown code and wrong key give the same answer and take the
   * same time; a disabled app is refused only after its key matched.
   */
  async authenticate(ctx: ServiceContext, code: string | undefined, key: string | undefined): Promise<AppPrincipal> {
    if (!code || !key) {
      throw new AppError('UNAUTHENTICATED', 'Send the app credentials in the X-App-Code and X-Api-Key headers');
    }
    const app = code.length <= 64 ? await findCredentials(ctx.sql, code) : undefined;
    if (!keyMatches(key, app?.keyHash) || !app) {
      throw new AppError('UNAUTHENTICATED', 'Unknown X-App-Code or wrong X-Api-Key');
    }
    if (!app.active) throw new AppError('APP_DISABLED', `App "${app.code}" is disabled; ask the gerbang administrator`);
    return { id: app.id, code: app.code, name: app.name, ...(app.snapDefaults ? { snapDefaults: app.snapDefaults } : {}) };
  }

  /** Creates an app; the key is returned here once and only its hash is kept. */
  async create(ctx: ServiceContext, command: CreateAppCommand): Promise<AppWithKey> {
    const code = command.code.trim();
    const name = command.name.trim();
    const problems = [
      ...(APP_CODE.test(code) ? [] : [{ field: 'code', message: 'must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit' }]),
      ...(name.length >= 1 && name.length <= 200 ? [] : [{ field: 'name', message: 'must be 1 to 200 characters' }]),
      ...(command.key !== undefined && importedKeyProblem(command.key) ? [{ field: 'key', message: importedKeyProblem(command.key)! }] : []),
    ];
    if (problems.length > 0) {
      throw new AppError('VALIDATION_FAILED', `Invalid app: ${problems[0].field} ${problems[0].message}`, { fields: problems });
    }
    const apiKey = command.key ?? generateAppKey();
    const now = new Date();
    const app = await addApp(ctx.em, { code, name, keyHash: hashAppKey(apiKey), keyPrefix: keyPrefix(apiKey), active: true, keyRotatedAt: now });
    if (!app) throw new AppError('APP_CODE_TAKEN', `An app with code "${code}" already exists`);
    ctx.log.info({ app: code }, 'app created');
    return { app: presentApp(app), apiKey };
  }

  async list(ctx: ServiceContext): Promise<AppView[]> {
    return (await listApps(ctx.em)).map(presentApp);
  }

  /** Replaces an app's key; the old key stops working at once. */
  async rotateKey(ctx: ServiceContext, code: string, key?: string): Promise<AppWithKey> {
    const problem = key !== undefined ? importedKeyProblem(key) : undefined;
    if (problem) throw new AppError('VALIDATION_FAILED', `Invalid key: ${problem}`, { fields: [{ field: 'key', message: problem }] });
    const app = await this.find(ctx, code);
    const apiKey = key ?? generateAppKey();
    app.keyHash = hashAppKey(apiKey);
    app.keyPrefix = keyPrefix(apiKey);
    app.keyRotatedAt = new Date();
    await ctx.em.flush();
    ctx.log.info({ app: code }, 'app key rotated');
    return { app: presentApp(app), apiKey };
  }

  /** Enables or disables an app; a disabled app's requests are refused with 401. */
  async setActive(ctx: ServiceContext, code: string, active: boolean): Promise<AppView> {
    const app = await this.find(ctx, code);
    app.active = active;
    await ctx.em.flush();
    ctx.log.info({ app: code, active }, active ? 'app enabled' : 'app disabled');
    return presentApp(app);
  }

  /**
   * Sets what the app's charges get when they leave Snap options out (Midtrans' names: callbacks,
   * enabled_payments, page_expiry); an empty object clears them. Validated like a charge's options.
   */
  async setSnapDefaults(ctx: ServiceContext, code: string, input: unknown, options: { production?: boolean } = {}): Promise<AppSnapDefaults> {
    const defaults = parseSnapDefaults(input, options);
    const app = await this.find(ctx, code);
    app.snapDefaults = Object.keys(defaults).length > 0 ? defaults : null;
    await ctx.em.flush();
    return defaults;
  }

  /** Sets the browser origins allowed to use the app's client secrets (none: no browser page may). */
  async setAllowedOrigins(ctx: ServiceContext, code: string, origins: string[], options: { production?: boolean } = {}): Promise<string[]> {
    const parsed = parseOrigins(origins, options.production ?? false);
    const app = await this.find(ctx, code);
    app.allowedOrigins = parsed.length > 0 ? parsed : null;
    await ctx.em.flush();
    return parsed;
  }

  /** App codes by id (a code never changes), for live updates. */
  private readonly codes = new Map<number, string>();

  /** The code of an app. */
  async codeOf(ctx: ServiceContext, appId: number): Promise<string> {
    let code = this.codes.get(appId);
    if (code === undefined) {
      const [row] = await runSql<{ code: string }>(ctx.sql, 'select code from apps where id = ?', [appId]);
      code = row?.code ?? String(appId);
      this.codes.set(appId, code);
    }
    return code;
  }

  private async find(ctx: ServiceContext, code: string): Promise<App> {
    const app = await findByCode(ctx.em, code);
    if (!app) throw new AppError('APP_NOT_FOUND', `No app with code "${code}"`);
    return app;
  }
}
