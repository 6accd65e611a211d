import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * One of the scrypt settings OWASP's password storage table lists as equal in strength to its
 * N=2^17, r=8, p=1: N=2^14, r=8, p=5 needs 16 MiB of memory per hash instead of 128 MiB, which on a
 * small VPS is the difference between a login and a memory spike as large as the whole server.
 */
const COST = { N: 2 ** 14, r: 8, p: 5 };
/** Hashes made with other settings (N=2^17, p=1 before) still verify; scrypt may take this much memory for them. */
const MAX_MEMORY = 256 * 1024 * 1024;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, 32, { ...options, maxmem: MAX_MEMORY }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Hashes a password with scrypt; the result carries its parameters and salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** A hash of nothing, so that an unknown user name costs as much time as a wrong password. */
let dummy: Promise<string> | undefined;

/** Checks a password against a stored hash in constant time; undefined hash never matches. */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  dummy ??= hashPassword('gerbang-no-such-admin');
  const [scheme, n, r, p, salt, hash] = (stored ?? (await dummy)).split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected) && stored !== undefined;
}

/** Whether a stored hash was made with other settings than today's (it is replaced at the next login). */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r, p] = stored.split('$');
  return scheme !== 'scrypt' || Number(n) !== COST.N || Number(r) !== COST.r || Number(p) !== COST.p;
}

/** What a new password must be. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 12) return 'must be at least 12 characters';
  if (password.length > 200) return 'must be at most 200 characters';
  return undefined;
}
