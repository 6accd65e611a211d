import pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { DatabaseConfig } from '../../config/env.js';

/** How many failed sign-ins are allowed, and for how long an address is then refused. */
export interface LoginLimits {
  /** Failed sign-ins of one user name from one address before that pair is refused. */
  perAddressAndUser: number;
  /** Failed sign-ins from one address, whatever the user names, before the address is refused. */
  perAddress: number;
  /** The window the failures are counted in. */
  windowMs: number;
  /** How long a pair or an address is refused once over its limit. */
  blockMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perAddressAndUser: 5, perAddress: 30, windowMs: 60 * 60_000, blockMs: 15 * 60_000 };

/**
 * Limits failed admin sign-ins with rate-limiter-flexible, keyed by address and by address and user
 * name, so that guesses from one address cannot lock an admin out at another, and known and unknown
 * user names are counted and answered alike. The counts are kept in PostgreSQL when gerbang runs on it
 * (every instance sees them: the library's table, `admin_login_limits`, updated in one statement per
 * failure), in memory on SQLite (one process).
 */
export class LoginLimiter {
  private readonly byAddress: RateLimiterAbstract;
  private readonly byAddressAndUser: RateLimiterAbstract;

  private constructor(
    stores: (options: { keyPrefix: string; points: number; duration: number; blockDuration: number }) => RateLimiterAbstract,
    private readonly limits: LoginLimits,
    private readonly pool?: pg.Pool,
  ) {
    const duration = Math.ceil(limits.windowMs / 1000);
    const blockDuration = Math.ceil(limits.blockMs / 1000);
    this.byAddress = stores({ keyPrefix: 'address', points: limits.perAddress, duration, blockDuration });
    this.byAddressAndUser = stores({ keyPrefix: 'address_user', points: limits.perAddressAndUser, duration, blockDuration });
  }

  /** A limiter that counts in this process's memory. */
  static inMemory(limits: LoginLimits = DEFAULT_LOGIN_LIMITS): LoginLimiter {
    return new LoginLimiter((options) => new RateLimiterMemory(options), limits);
  }

  /** A limiter for gerbang's database: shared through PostgreSQL, or in this process's memory on SQLite. */
  static async open(database: DatabaseConfig, limits: LoginLimits = DEFAULT_LOGIN_LIMITS): Promise<LoginLimiter> {
    if (database.dialect === 'sqlite') return LoginLimiter.inMemory(limits);
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    // An idle connection the server ended (a restart, pg_terminate_backend) is dropped by the pool and
    // replaced at the next sign-in; it must not take the process down.
    pool.on('error', () => undefined);
    try {
      await createLimitsTable(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new LoginLimiter((options) => new RateLimiterPostgres({ ...options, storeClient: pool, tableName: LIMITS_TABLE, tableCreated: true }), limits, pool);
  }

  /** How long sign-ins of this user name from this address are still refused (0: they are not). */
  async refusedFor(address: string, username: string): Promise<number> {
    const [pair, whole] = await Promise.all([this.byAddressAndUser.get(pairKey(address, username)), this.byAddress.get(address)]);
    return Math.max(atLimit(pair, this.limits.perAddressAndUser), atLimit(whole, this.limits.perAddress));
  }

  /**
   * Counts a failed sign-in (in one atomic step per key, so that guesses sent at once all count);
   * how many failures of this user name from this address there have been, and how long they are
   * refused from now on (0 while under the limits): a key that reaches its limit is refused for
   * `blockMs`.
   */
  async failed(address: string, username: string): Promise<{ failures: number; refusedMs: number }> {
    const keys: [RateLimiterAbstract, string, number][] = [
      [this.byAddressAndUser, pairKey(address, username), this.limits.perAddressAndUser],
      [this.byAddress, address, this.limits.perAddress],
    ];
    const counted = await Promise.all(keys.map(([limiter, key]) => consume(limiter, key)));
    let refusedMs = 0;
    for (const [i, [limiter, key, allowed]] of keys.entries()) {
      if (counted[i].consumedPoints < allowed) continue;
      await limiter.block(key, Math.ceil(this.limits.blockMs / 1000));
      refusedMs = this.limits.blockMs;
    }
    return { failures: counted[0].consumedPoints, refusedMs };
  }

  /** A successful sign-in clears the failures of the user name at this address. */
  async succeeded(address: string, username: string): Promise<void> {
    await this.byAddressAndUser.delete(pairKey(address, username));
  }

  async close(): Promise<void> {
    await this.pool?.end();
  }
}

const LIMITS_TABLE = 'admin_login_limits';

/**
 * The library's table (its own layout), made here rather than by each limiter: instances starting
 * at the same moment race on `create table if not exists`, and PostgreSQL then refuses all but one.
 */
async function createLimitsTable(pool: pg.Pool): Promise<void> {
  try {
    await pool.query(`create table if not exists ${LIMITS_TABLE} (key varchar(255) primary key, points integer not null default 0, expire bigint)`);
  } catch (error) {
    // Another instance created it at the same moment (unique_violation on its type, or duplicate_table).
    const code = (error as { code?: string }).code;
    if (code !== '23505' && code !== '42P07') throw error;
  }
}

/** User names are compared without case, so that "Root" and "root" share their count. */
const pairKey = (address: string, username: string) => `${address}_${username.toLowerCase()}`;

/** How long a key with `allowed` failures or more stays refused (0 when it has fewer). */
function atLimit(res: RateLimiterRes | null, allowed: number): number {
  return res && res.consumedPoints >= allowed ? Math.max(res.msBeforeNext, 1) : 0;
}

/** Consumes a point; a key over its limit is answered with its state too (the library rejects it). */
async function consume(limiter: RateLimiterAbstract, key: string): Promise<RateLimiterRes> {
  try {
    return await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return rejection;
    throw rejection;
  }
}
