import { hash, randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

/*
 * Two-factor sign-in for admins: TOTP (RFC 6238, 6 digits every 30 s, as authenticator apps make them)
 * with otplib, the enrolment QR code drawn here with `qrcode` (the secret never leaves gerbang), and
 * single-use recovery codes kept as hashes.
 */

/** A new TOTP secret (base32, 160 bits). */
export function newTotpSecret(): string {
  return generateSecret();
}

/** What an authenticator app needs: the otpauth:// address and its QR code as an SVG image. */
export async function enrolment(username: string, secret: string): Promise<{ otpauthUrl: string; qrSvg: string }> {
  const otpauthUrl = generateURI({ issuer: 'gerbang', label: username, secret });
  return { otpauthUrl, qrSvg: await QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) };
}

/**
 * The time step of a valid code at `now` (one step of clock drift either way is allowed), never one
 * at or before `afterStep`, so that a code cannot be used twice; undefined when it is not valid.
 */
export async function verifyTotp(secret: string, code: string, now: Date, afterStep?: number | null): Promise<number | undefined> {
  if (!/^\d{6}$/.test(code)) return undefined;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: 30,
    ...(afterStep != null ? { afterTimeStep: afterStep } : {}),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten recovery codes (`xxxxx-xxxxx`), shown once, and the hashes that are kept. */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: 10 }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
  return { codes, hashes: codes.map(recoveryHash) };
}

/** The stored form of a recovery code (case and the dash do not matter). */
export function recoveryHash(code: string): string {
  return hash('sha256', code.toLowerCase().replace(/[^a-z0-9]/g, ''), 'hex');
}
