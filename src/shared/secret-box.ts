import { createCipheriv, createDecipheriv, createHmac, hash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DatabaseConfig } from '../config/env.js';

/**
 * Encrypts secrets that gerbang must be able to use again (webhook signing secrets) with AES-256-GCM
 * under the installation key. Keys that only need checking (app keys) are hashed instead.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(installationKey: Buffer) {
    this.key = createHmac('sha256', installationKey).update('gerbang secret box v1').digest();
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  open(sealed: string): string {
    const raw = Buffer.from(sealed.replace(/^v1\./, ''), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** A stable secret for a purpose, derived from the installation key (e.g. the simulator's server key). */
  derive(purpose: string): string {
    return createHmac('sha256', this.key).update(purpose).digest('hex');
  }
}

/**
 * The installation key: from SECRET_KEY when set; otherwise a random key kept in `installation.key`
 * next to the SQLite file (created once, readable by the owner only); for an in-memory database, a
 * key that lives as long as the process.
 */
export function installationKey(secretKey: string | undefined, database: DatabaseConfig): Buffer {
  if (secretKey) return hash('sha256', secretKey, 'buffer');
  if (database.dialect !== 'sqlite') throw new Error('SECRET_KEY is required with a server database');
  const databasePath = database.path;
  if (databasePath === ':memory:') return randomBytes(32);
  const file = join(dirname(databasePath), 'installation.key');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}
