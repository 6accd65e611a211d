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

/** A stored hash's parts (`scrypt$N$r$p$salt$hash`), or undefined when it is not one. */
function parseHash(stored: string): { settings: { N: number; r: number; p: number }; salt: Buffer; hash: Buffer } | undefined {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return undefined;
  return { settings: { N: Number(n), r: Number(r), p: Number(p) }, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
}

/** Checks a password against a stored hash in constant time; undefined hash never matches. */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  dummy ??= hashPassword('gerbang-no-such-admin');
  const parsed = parseHash(stored ?? (await dummy));
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed.settings);
  return timingSafeEqual(actual, parsed.hash) && stored !== undefined;
}

/** Whether a stored hash was made with other settings than today's (it is replaced at the next login). */
export function needsRehash(stored: string): boolean {
  const settings = parseHash(stored)?.settings;
  return !settings || settings.N !== COST.N || settings.r !== COST.r || settings.p !== COST.p;
}

/** What a new password must be. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 12) return 'must be at least 12 characters';
  if (password.length > 200) return 'must be at most 200 characters';
  return undefined;
}
