import { createHmac, hash } from 'node:crypto';

/** How long a client secret works after its payment was created. */
export const CLIENT_SECRET_TTL_MS = 48 * 3_600_000;

/**
 * Client secrets: what a browser holds to follow one payment, and nothing else. A secret is derived
 * from the installation's key and the order id (256 bits, `pcs_…`), so that a repeated
 * createTransaction answers with the same one; gerbang stores only its SHA-256 (to find the payment).
 */
export class ClientSecrets {
  constructor(private readonly key: string) {}

  /** The client secret of an order. */
  of(orderId: string): string {
    return `pcs_${createHmac('sha256', this.key).update(`client-secret:${orderId}`).digest('base64url')}`;
  }

  /** What is stored for a secret, and looked up by. */
  static hashOf(secret: string): string {
    return hash('sha256', secret, 'hex');
  }

  /** Whether a string has the shape of a client secret (before any lookup). */
  static looksLike(value: string): boolean {
    return /^pcs_[A-Za-z0-9_-]{43}$/.test(value);
  }
}
