import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../../shared/logger.js';
import type { LedgerChange, LedgerEvents } from './ledger-events.js';

/** The PostgreSQL channel the ledger's changes travel on between gerbang processes. */
export const LEDGER_CHANNEL = 'gerbang_ledger';

/**
 * Passes ledger changes between gerbang processes on one PostgreSQL database with LISTEN/NOTIFY (no
 * other server): each process NOTIFYs its own changes and LISTENs for the others'. The listening
 * connection is opened again after it breaks (changes in between are missed: a subscriber that
 * reconnects reads the payment's state anew).
 */
export class PgLedgerRelay {
  private readonly instance = randomUUID();
  private readonly pool: pg.Pool;
  private listener?: pg.Client;
  private closed = false;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly url: string,
    private readonly events: LedgerEvents,
    private readonly log: Logger,
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: 2 });
    // A broken idle connection is replaced at the next query.
    this.pool.on('error', () => undefined);
    events.relay = (change) => this.notify(change);
  }

  async start(): Promise<this> {
    await this.listen();
    return this;
  }

  private notify(change: LedgerChange): void {
    this.pool.query('select pg_notify($1, $2)', [LEDGER_CHANNEL, JSON.stringify({ from: this.instance, change })]).catch((error: unknown) => {
      this.log.warn({ err: error }, 'a ledger change could not be passed to the other gerbang processes');
    });
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    const again = () => {
      if (this.closed || this.listener !== client) return;
      this.listener = undefined;
      client.removeAllListeners();
      client.end().catch(() => undefined);
      this.retry = setTimeout(() => void this.listen().catch(() => again()), 1_000);
      this.retry.unref();
    };
    this.listener = client;
    client.on('error', again);
    client.on('end', again);
    client.on('notification', (message) => {
      if (message.channel !== LEDGER_CHANNEL || !message.payload) return;
      try {
        const { from, change } = JSON.parse(message.payload) as { from: string; change: LedgerChange };
        if (from !== this.instance) this.events.receive(change);
      } catch {
        // not ours
      }
    });
    try {
      await client.connect();
      await client.query(`listen ${LEDGER_CHANNEL}`);
    } catch (error) {
      this.log.warn({ err: error }, 'cannot listen for ledger changes of other gerbang processes; trying again');
      again();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    this.events.relay = () => undefined;
    await this.listener?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }
}
