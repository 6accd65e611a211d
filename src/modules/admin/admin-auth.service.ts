import { hash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceContext } from '../../shared/context.js';
import { AppError } from '../../shared/errors.js';
import type { AdminUser } from './admin.entity.js';
import {
  addAdmin,
  addSession,
  addToken,
  countAdmins,
  countFailedLogin,
  findAdmin,
  findAdminById,
  findSession,
  findToken,
  listAdmins,
  revokeAccess,
  touchSession,
  useTotpStep,
} from './admin-account.repository.js';
import type { AuditService } from './audit.service.js';
import { hashPassword, needsRehash, passwordProblem, verifyPassword } from './password.js';
import { LoginLimiter } from './login-limiter.js';
import { enrolment, newRecoveryCodes, newTotpSecret, recoveryHash, verifyTotp } from './two-factor.js';
import type { SecretBox } from '../../shared/secret-box.js';

/** The answer to sign-ins from an address that failed too often: says for how long, never whether the user exists. */
function tooManyAttempts(ms: number): AppError {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return new AppError('TOO_MANY_ATTEMPTS', `Too many failed sign-ins from this address: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`, {
    retry_after_seconds: Math.ceil(ms / 1000),
  });
}

/** An authenticated admin, as resolvers see it. */
/** The languages of the admin UI. */
export const ADMIN_LOCALES = ['id', 'en'];

export interface AdminPrincipal {
  readonly id: number;
  readonly username: string;
  /** How the admin came in: a browser session or an API token. */
  readonly via: 'session' | 'token';
}

export interface AdminAuthOptions {
  /** A session unused this long ends. */
  idleMs: number;
  /** A session ends this long after login, however active. */
  absoluteMs: number;
  /** Pause after the first failed login; it doubles with each further failure. */
  slowdownMs: number;
  clock?: () => Date;
  /** How the slowdown waits; a real timer unless a caller brings its own. */
  pause?: (ms: number) => Promise<unknown>;
}

export const DEFAULT_ADMIN_AUTH: AdminAuthOptions = {
  idleMs: 30 * 60_000,
  absoluteMs: 12 * 3_600_000,
  slowdownMs: 250,
};

export interface AdminView {
  username: string;
  active: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
}

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9_.@-]{1,63}$/;
const sha256 = (text: string) => hash('sha256', text, 'hex');

export function presentAdmin(admin: AdminUser): AdminView {
  return {
    username: admin.username,
    active: admin.active,
    lastLoginAt: admin.lastLoginAt ?? null,
    createdAt: admin.createdAt,
  };
}

/** Admin accounts, their sessions and API tokens. */
export class AdminAuthService {
  private readonly clock: () => Date;

  constructor(
    private readonly audit: AuditService,
    private readonly options: AdminAuthOptions = DEFAULT_ADMIN_AUTH,
    /** Failed sign-ins by address and user name; in this process's memory unless given. */
    private readonly limiter: LoginLimiter = LoginLimiter.inMemory(),
    /** Seals two-factor secrets (the installation key). */
    private readonly box?: SecretBox,
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  async create(ctx: ServiceContext, username: string, password: string, actor: string): Promise<AdminView> {
    const problems = [
      ...(USERNAME.test(username) ? [] : [{ field: 'username', message: 'must be 2 to 64 letters, digits, ".", "_", "@" or "-"' }]),
      ...(passwordProblem(password) ? [{ field: 'password', message: passwordProblem(password)! }] : []),
    ];
    if (problems.length) throw new AppError('VALIDATION_FAILED', `Invalid admin: ${problems[0].field} ${problems[0].message}`, { fields: problems });
    const admin = await addAdmin(ctx.em, { username, passwordHash: await hashPassword(password), active: true, failedLogins: 0, createdAt: this.clock() });
    if (!admin) throw new AppError('USERNAME_TAKEN', `An admin named "${username}" already exists`);
    await this.audit.record(ctx, { actor, action: 'admin.create', target: username });
    return presentAdmin(admin);
  }

  async list(ctx: ServiceContext): Promise<AdminView[]> {
    return (await listAdmins(ctx.em)).map(presentAdmin);
  }

  async count(ctx: ServiceContext): Promise<number> {
    return countAdmins(ctx.em);
  }

  /** Disables (ending its sessions and tokens) or enables an admin. */
  async setActive(ctx: ServiceContext, username: string, active: boolean, actor: string): Promise<AdminView> {
    const admin = await findAdmin(ctx.em, username);
    if (!admin) throw new AppError('ADMIN_NOT_FOUND', `No admin named "${username}"`);
    admin.active = active;
    if (!active) await revokeAccess(ctx.em, admin.id, this.clock());
    await ctx.em.flush();
    await this.audit.record(ctx, { actor, action: active ? 'admin.enable' : 'admin.disable', target: username });
    return presentAdmin(admin);
  }

  /**
   * Checks a password and opens a session. Each failure in a row answers more slowly; after too
   * many from one address (for one user name, or for all), that address is refused for a while
   * (TOO_MANY_ATTEMPTS), also for the right password. Known and unknown user names are counted and
   * answered alike, and cost the same time.
   */
  async login(
    ctx: ServiceContext,
    username: string,
    password: string,
    meta: { ip?: string; userAgent?: string; code?: string },
  ): Promise<{ token: string; admin: AdminPrincipal; expiresAt: Date }> {
    const now = this.clock();
    const name = username.slice(0, 64);
    const address = meta.ip ?? 'unknown';
    const refusedMs = await this.limiter.refusedFor(address, name);
    if (refusedMs > 0) {
      await this.audit.record(ctx, { actor: name, action: 'admin.login_refused', ip: meta.ip });
      throw tooManyAttempts(refusedMs);
    }
    const admin = await findAdmin(ctx.em, name);
    const valid = await verifyPassword(password, admin?.passwordHash);
    const fail = async (message: string, reason: string): Promise<never> => {
      const { failures, refusedMs: refusedFromNow } = await this.limiter.failed(address, name);
      if (admin) await countFailedLogin(ctx.em, admin.id);
      await this.audit.record(ctx, { actor: name, action: 'admin.login_failed', ip: meta.ip, detail: { failures, reason } });
      await (this.options.pause ?? sleep)(Math.min(this.options.slowdownMs * 2 ** (failures - 1), 8_000));
      if (refusedFromNow > 0) throw tooManyAttempts(refusedFromNow);
      throw new AppError('UNAUTHENTICATED', message);
    };
    if (!admin || !valid || !admin.active) return fail('Wrong user name or password', 'password');
    if (admin.totpEnabledAt) {
      // The password was right: the second factor is asked for (and guesses at it count as failures).
      if (!meta.code) throw new AppError('TWO_FACTOR_REQUIRED', 'Enter the 6-digit code from your authenticator app, or a recovery code');
      if (!(await this.secondFactor(ctx, admin, meta.code, now))) return fail('Wrong two-factor code', 'code');
    }
    await this.limiter.succeeded(address, name);
    admin.failedLogins = 0;
    admin.lastLoginAt = now;
    // A hash made with older settings is replaced while the password is at hand.
    if (needsRehash(admin.passwordHash)) admin.passwordHash = await hashPassword(password);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.options.absoluteMs);
    addSession(ctx.em, {
      tokenHash: sha256(token),
      admin,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      ip: meta.ip?.slice(0, 64) ?? null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    });
    await ctx.em.flush();
    await this.audit.record(ctx, { actor: admin.username, action: 'admin.login', ip: meta.ip });
    return { token, admin: { id: admin.id, username: admin.username, via: 'session' }, expiresAt };
  }

  /** A TOTP code (each accepted once) or an unused recovery code (then used up) of an admin with two-factor sign-in. */
  private async secondFactor(ctx: ServiceContext, admin: AdminUser, code: string, now: Date): Promise<boolean> {
    const box = this.requireBox();
    const trimmed = code.trim();
    if (/^\d{6}$/.test(trimmed)) {
      const step = await verifyTotp(box.open(admin.totpSecretSealed!), trimmed, now, admin.totpLastStep);
      if (step === undefined) return false;
      // Conditional on the last step, so that the same code sent twice at once signs in once.
      return useTotpStep(ctx.em, admin.id, step);
    }
    const used = recoveryHash(trimmed);
    if (!(admin.recoveryCodeHashes ?? []).includes(used)) return false;
    admin.recoveryCodeHashes = (admin.recoveryCodeHashes ?? []).filter((h) => h !== used);
    await this.audit.record(ctx, { actor: admin.username, action: 'admin.recovery_code_used', detail: { left: admin.recoveryCodeHashes.length } });
    return true;
  }

  /**
   * Starts two-factor enrolment for an admin: a new secret (kept encrypted, not in use until
   * confirmed) and what an authenticator app scans.
   */
  async startTwoFactor(ctx: ServiceContext, adminId: number): Promise<{ secret: string; otpauthUrl: string; qrSvg: string }> {
    const admin = await this.adminById(ctx, adminId);
    if (admin.totpEnabledAt) throw new AppError('INVALID_STATE', 'Two-factor sign-in is already on for this admin');
    const secret = newTotpSecret();
    admin.totpSecretSealed = this.requireBox().seal(secret);
    await ctx.em.flush();
    return { secret, ...(await enrolment(admin.username, secret)) };
  }

  /** Turns two-factor sign-in on with a code from the app; returns the recovery codes, shown once. */
  async confirmTwoFactor(ctx: ServiceContext, adminId: number, code: string, ip?: string): Promise<string[]> {
    const admin = await this.adminById(ctx, adminId);
    if (admin.totpEnabledAt) throw new AppError('INVALID_STATE', 'Two-factor sign-in is already on for this admin');
    if (!admin.totpSecretSealed) throw new AppError('INVALID_STATE', 'Start the enrolment first: there is no secret to confirm');
    const step = await verifyTotp(this.requireBox().open(admin.totpSecretSealed), code.trim(), this.clock());
    if (step === undefined)
      throw new AppError('VALIDATION_FAILED', 'That code does not match: check the time on your phone and enter the current code', {
        fields: [{ field: 'code', message: 'does not match' }],
      });
    const { codes, hashes } = newRecoveryCodes();
    admin.totpEnabledAt = this.clock();
    admin.totpLastStep = step;
    admin.recoveryCodeHashes = hashes;
    await ctx.em.flush();
    await this.audit.record(ctx, { actor: admin.username, action: 'admin.two_factor_on', ip });
    return codes;
  }

  /** Turns two-factor sign-in off for an admin who lost the device (from the server's CLI). */
  async resetTwoFactor(ctx: ServiceContext, username: string, actor: string): Promise<void> {
    const admin = await findAdmin(ctx.em, username);
    if (!admin) throw new AppError('ADMIN_NOT_FOUND', `No admin named "${username}"`);
    admin.totpSecretSealed = null;
    admin.totpEnabledAt = null;
    admin.totpLastStep = null;
    admin.recoveryCodeHashes = null;
    await ctx.em.flush();
    await this.audit.record(ctx, { actor, action: 'admin.two_factor_reset', target: username });
  }

  /** Whether an admin signs in with a second factor. */
  async twoFactorOn(ctx: ServiceContext, adminId: number): Promise<boolean> {
    return Boolean((await this.adminById(ctx, adminId)).totpEnabledAt);
  }

  /** The admin UI language an admin chose (null until chosen). */
  async locale(ctx: ServiceContext, adminId: number): Promise<string | null> {
    return (await this.adminById(ctx, adminId)).locale ?? null;
  }

  /** Remembers the admin UI language of an admin: `id` (Bahasa Indonesia) or `en`. */
  async setLocale(ctx: ServiceContext, adminId: number, locale: string): Promise<string> {
    if (!ADMIN_LOCALES.includes(locale))
      throw new AppError('VALIDATION_FAILED', `locale must be one of ${ADMIN_LOCALES.join(', ')}`, { fields: [{ field: 'locale', message: 'id or en' }] });
    const admin = await this.adminById(ctx, adminId);
    admin.locale = locale;
    await ctx.em.flush();
    return locale;
  }

  private async adminById(ctx: ServiceContext, id: number): Promise<AdminUser> {
    const admin = await findAdminById(ctx.em, id);
    if (!admin) throw new AppError('ADMIN_NOT_FOUND', 'No such admin');
    return admin;
  }

  private requireBox(): SecretBox {
    if (!this.box) throw new Error('two-factor sign-in needs the installation key (SecretBox)');
    return this.box;
  }

  /** The admin of a session cookie, if the session is open; use slides the idle expiry. */
  async session(ctx: ServiceContext, token: string): Promise<AdminPrincipal | undefined> {
    const now = this.clock();
    const session = await findSession(ctx.em, sha256(token));
    if (!session || session.revokedAt || session.expiresAt <= now) return undefined;
    if (session.lastSeenAt.getTime() + this.options.idleMs <= now.getTime()) return undefined;
    const admin = session.admin;
    if (!admin.active) return undefined;
    // Written at most once a minute, not on every request.
    if (now.getTime() - session.lastSeenAt.getTime() > 60_000) {
      await touchSession(ctx.em, session.id, now);
    }
    return { id: admin.id, username: admin.username, via: 'session' };
  }

  /** Ends a session on the server: its cookie stops working even if kept. */
  async logout(ctx: ServiceContext, token: string, ip?: string): Promise<void> {
    const session = await findSession(ctx.em, sha256(token), true);
    if (!session) return;
    session.revokedAt = this.clock();
    await ctx.em.flush();
    await this.audit.record(ctx, { actor: session.admin.username, action: 'admin.logout', ip });
  }

  /** Creates an API token for an admin; the token is returned once and stored as a hash. */
  async createToken(ctx: ServiceContext, username: string, name: string, actor: string): Promise<string> {
    const admin = await findAdmin(ctx.em, username);
    if (!admin) throw new AppError('ADMIN_NOT_FOUND', `No admin named "${username}"`);
    const token = `gat_${randomBytes(32).toString('base64url')}`;
    await addToken(ctx.em, {
      tokenHash: sha256(token),
      tokenPrefix: token.slice(0, 10),
      name: name.slice(0, 100),
      admin: admin.id,
      createdAt: this.clock(),
    });
    await this.audit.record(ctx, { actor, action: 'admin.token_create', target: username, detail: { name } });
    return token;
  }

  /** The admin of an API token, if it is valid. */
  async token(ctx: ServiceContext, token: string): Promise<AdminPrincipal | undefined> {
    if (!token.startsWith('gat_')) return undefined;
    const row = await findToken(ctx.em, sha256(token));
    const admin = row?.admin;
    if (!row || !admin?.active) return undefined;
    return { id: admin.id, username: admin.username, via: 'token' };
  }

  /** In simulator mode on a fresh install: creates `admin` with a random password, returned once. */
  async ensureFirstAdmin(ctx: ServiceContext): Promise<{ username: string; password: string } | undefined> {
    if ((await this.count(ctx)) > 0) return undefined;
    const password = randomBytes(12).toString('base64url');
    await this.create(ctx, 'admin', password, 'first-run');
    return { username: 'admin', password };
  }
}
