import { createHmac, hash, timingSafeEqual } from 'node:crypto';

/** How long a client secret works after its payment was created. */
export const CLIENT_SECRET_TTL_MS = 48 * 3_600_000;

/**
 * Client secrets: what a browser holds to follow one payment, and nothing else. A secret names its
 * order (which the page shows anyway) and carries 256 bits derived from the installation's key and
 * the order id, `pcs_<order id in base64url>.<43 characters>`, so that a repeated createTransaction
 * answers with the same one. gerbang stores only its SHA-256, on the payment's row, found by the
 * order id: no index of its own, so a charge costs no more to write.
 */
export class ClientSecrets {
  constructor(private readonly key: string) {}

  /** The client secret of an order. */
  of(orderId: string): string {
    const mac = createHmac('sha256', this.key).update(`client-secret:${orderId}`).digest('base64url');
    return `pcs_${Buffer.from(orderId).toString('base64url')}.${mac}`;
  }

  /** What is stored for a secret. */
  static hashOf(secret: string): string {
    return hash('sha256', secret, 'hex');
  }

  /** The order a string in the shape of a client secret names (before any lookup), if it has that shape. */
  static orderOf(value: string): string | undefined {
    const match = /^pcs_([A-Za-z0-9_-]{1,68})\.[A-Za-z0-9_-]{43}$/.exec(value);
    return match ? Buffer.from(match[1], 'base64url').toString() : undefined;
  }

  /** Whether `secret` is the one whose hash is `stored` (in constant time). */
  static matches(secret: string, stored: string | null | undefined): boolean {
    if (!stored || stored.length !== 64) return false;
    return timingSafeEqual(Buffer.from(ClientSecrets.hashOf(secret), 'hex'), Buffer.from(stored, 'hex'));
  }
}
