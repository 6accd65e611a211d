import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Characters an imported key may hold: printable ASCII without spaces. */
const IMPORTABLE_KEY = /^[\x21-\x7e]{16,200}$/;

/** A new app key: 256 random bits, URL-safe, with a recognisable prefix. */
export function generateAppKey(): string {
  return `gk_${randomBytes(32).toString('base64url')}`;
}

/** Checks an existing key brought over from another gateway; returns a problem or undefined. */
export function importedKeyProblem(key: string): string | undefined {
  return IMPORTABLE_KEY.test(key) ? undefined : 'an imported key must be 16 to 200 printable characters without spaces';
}

/** SHA-256 of a key, hex: keys are high-entropy, so a fast hash is the right tool (no password KDF). */
export function hashAppKey(key: string): string {
  return hash('sha256', key, 'hex');
}

/** The part of a key that may be shown to admins later. */
export function keyPrefix(key: string): string {
  return key.slice(0, key.startsWith('gk_') ? 9 : 6);
}

const DUMMY_HASH = hashAppKey('gerbang-no-such-app');

/** Compares a presented key with a stored hash in constant time; `storedHash` undefined never matches. */
export function keyMatches(presented: string, storedHash: string | undefined): boolean {
  const actual = Buffer.from(hashAppKey(presented), 'hex');
  const expected = Buffer.from(storedHash ?? DUMMY_HASH, 'hex');
  return timingSafeEqual(actual, expected) && storedHash !== undefined;
}
