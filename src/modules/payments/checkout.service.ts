import type { ServiceContext } from '../../shared/context.js';
import { AppError } from '../../shared/errors.js';
import { idOf } from '../../shared/entity-ref.js';
import { readOne, runSql } from '../../shared/sql.js';
import { CLIENT_SECRET_TTL_MS, ClientSecrets } from './client-secret.js';
import { isPaid } from './payment-state.js';
import { TransactionSchema, type Transaction } from './transaction.entity.js';

/** A payment's state as a shopper's page shows it. */
export type PublicState = 'waiting' | 'paid' | 'failed' | 'expired' | 'refunded';

/** What a browser holding a client secret may know of its payment: no customer, no app, no other payment. */
export interface PublicPaymentView {
  orderId: string;
  amount: number;
  currency: string;
  state: PublicState;
  paymentMethod: string | null;
  snapToken: string | null;
  redirectUrl: string | null;
  /** When the money arrived (Midtrans' settlement time, else the ledger's change), once paid. */
  paidAt: Date | null;
  /** Increases with every change: a page keeps the highest it has seen. */
  sequence: number;
}

/** What Snap.js needs on a checkout page. */
export interface CheckoutConfig {
  provider: 'midtrans' | 'simulator';
  clientKey: string | null;
  production: boolean;
  /** Midtrans' Snap.js; null in simulator mode, where pages open the payment's redirectUrl (gerbang's own page). */
  snapJsUrl: string | null;
}

/** The payment a client secret opens, and its app (for the app's allowed origins). */
export interface SecretHolder {
  transaction: Transaction;
  appId: number;
  expiresAt: Date;
  /** How long the secret still works. */
  remainingMs: number;
}

export function publicState(tx: Pick<Transaction, 'transactionStatus' | 'fraudStatus'>): PublicState {
  const status = tx.transactionStatus;
  if (isPaid(status, tx.fraudStatus)) return 'paid';
  if (status === 'refund' || status === 'partial_refund') return 'refunded';
  if (status === 'expire') return 'expired';
  if (status === 'deny' || status === 'cancel' || status === 'failure') return 'failed';
  return 'waiting';
}

/** Midtrans' "2026-12-02 14:05:09" (Western Indonesian Time) as an instant. */
function wibInstant(value: string | null | undefined): Date | null {
  if (!value || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value)) return null;
  return new Date(`${value.replace(' ', 'T')}+07:00`);
}

/** What the public view is made of: a ledger row, or a live change of one. */
export type PublicSource = Pick<
  Transaction,
  | 'orderId'
  | 'amount'
  | 'currency'
  | 'transactionStatus'
  | 'fraudStatus'
  | 'paymentType'
  | 'snapToken'
  | 'redirectUrl'
  | 'settlementTime'
  | 'updatedAt'
  | 'sequence'
>;

export function presentPublic(tx: PublicSource): PublicPaymentView {
  const state = publicState(tx);
  return {
    orderId: tx.orderId,
    amount: tx.amount,
    currency: tx.currency,
    state,
    paymentMethod: tx.paymentType ?? null,
    snapToken: tx.snapToken ?? null,
    redirectUrl: tx.redirectUrl ?? null,
    paidAt: state === 'paid' || state === 'refunded' ? (wibInstant(tx.settlementTime) ?? tx.updatedAt) : null,
    sequence: tx.sequence,
  };
}

/**
 * Browser checkouts: the client secret of a payment (shown to its app), what that secret opens, and
 * the origins allowed to use it.
 */
export class CheckoutService {
  constructor(
    readonly secrets: ClientSecrets,
    private readonly config: CheckoutConfig,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The client secret of an order (its app may show it to its own page). */
  secretOf(orderId: string): string {
    return this.secrets.of(orderId);
  }

  /**
   * Stores the client secret hashes of recent payments made before gerbang had client secrets (a
   * secret works for CLIENT_SECRET_TTL_MS after its payment was created, so older ones need none).
   * Runs at start; returns how many.
   */
  async storeMissingSecrets(ctx: ServiceContext): Promise<number> {
    const since = new Date(this.clock().getTime() - CLIENT_SECRET_TTL_MS);
    const rows = await runSql<{ id: number | string; order_id: string }>(
      ctx.sql,
      'select id, order_id from transactions where client_secret_hash is null and created_at >= ? order by id limit 100000',
      [since],
    );
    for (const row of rows) {
      await runSql(ctx.sql, 'update transactions set client_secret_hash = ? where id = ? and client_secret_hash is null', [
        ClientSecrets.hashOf(this.secrets.of(row.order_id)),
        Number(row.id),
      ]);
    }
    return rows.length;
  }

  checkoutConfig(): CheckoutConfig {
    return this.config;
  }

  /**
   * The payment of a client secret. A wrong, unknown or expired secret is UNAUTHENTICATED (all alike);
   * a browser page whose origin its app does not allow is FORBIDDEN.
   */
  async open(ctx: ServiceContext, secret: string, origin: string | undefined): Promise<SecretHolder> {
    const refused = () => new AppError('UNAUTHENTICATED', 'Unknown or expired client secret');
    const orderId = ClientSecrets.orderOf(secret);
    if (orderId === undefined) throw refused();
    const transaction = await readOne(ctx.sql, TransactionSchema, 'select * from transactions where order_id = ?', [orderId]);
    if (!transaction || !ClientSecrets.matches(secret, transaction.clientSecretHash)) throw refused();
    const expiresAt = new Date(transaction.createdAt.getTime() + CLIENT_SECRET_TTL_MS);
    const remainingMs = expiresAt.getTime() - this.clock().getTime();
    if (remainingMs <= 0) throw refused();
    const appId = idOf(transaction.app);
    if (origin !== undefined && !(await this.originAllowed(ctx, appId, origin))) {
      throw new AppError('FORBIDDEN', `Origin ${origin.slice(0, 100)} may not use this payment: its app does not list it among its allowed origins`);
    }
    return { transaction, appId, expiresAt, remainingMs };
  }

  /** Every app's allowed origins, read at most every few seconds (for CORS preflights). */
  private origins?: { set: Set<string>; at: number };

  /** Whether any active app lets pages of `origin` use its client secrets. */
  async allowedSomewhere(ctx: ServiceContext, origin: string): Promise<boolean> {
    const now = this.clock().getTime();
    if (!this.origins || now - this.origins.at > 5_000) {
      const rows = await runSql<{ allowed_origins: string | string[] | null; active: unknown }>(
        ctx.sql,
        'select allowed_origins, active from apps where allowed_origins is not null',
        [],
      );
      this.origins = { set: new Set(rows.filter((r) => Boolean(r.active)).flatMap((r) => originsOf(r.allowed_origins))), at: now };
    }
    return this.origins.set.has(origin);
  }

  /** Whether an app lets pages of `origin` use its client secrets. */
  async originAllowed(ctx: ServiceContext, appId: number, origin: string): Promise<boolean> {
    const [row] = await runSql<{ allowed_origins: string | string[] | null }>(ctx.sql, 'select allowed_origins from apps where id = ?', [appId]);
    return originsOf(row?.allowed_origins).includes(origin);
  }
}

/** A JSON column as the driver gives it (text on SQLite, parsed on PostgreSQL). */
export function originsOf(value: string | string[] | null | undefined): string[] {
  if (!value) return [];
  if (Array.isArray(value)) return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * An app's allowed origins as an admin typed them: each `scheme://host[:port]` and nothing more,
 * https (http only for localhost, 127.0.0.1, or outside production); at most 20.
 */
export function parseOrigins(values: string[], production: boolean): string[] {
  const problem = (message: string) =>
    new AppError('VALIDATION_FAILED', `Invalid allowed origins: ${message}`, { fields: [{ field: 'allowedOrigins', message }] });
  const origins = [...new Set(values.map((v) => v.trim()).filter(Boolean))];
  if (origins.length > 20) throw problem('at most 20');
  return origins.map((value) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw problem(`"${value.slice(0, 100)}" is not an origin such as https://shop.example.id`);
    }
    if (url.origin !== value.replace(/\/$/, ''))
      throw problem(`"${value.slice(0, 100)}" must be only scheme, host and port (no path, like https://shop.example.id)`);
    const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (local || !production))) throw problem(`"${value.slice(0, 100)}" must use https`);
    return url.origin;
  });
}
