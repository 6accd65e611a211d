import { createClient, type Client } from 'graphql-ws';
import { LedgerUpdatedDocument, type LedgerUpdatedSubscription } from './generated/graphql';

/* The admin UI's live connection: every committed change of a payment, over gerbang's GraphQL subscription. */

type Change = LedgerUpdatedSubscription['ledgerUpdated'];

let client: Client | undefined;
let stop: (() => void) | undefined;

/**
 * Follows the ledger while an admin is signed in (the session cookie goes with the connection, same
 * site only); `onChange` is told each change. Reconnects by itself after a network break.
 */
export function followLedger(onChange: (change: Change) => void): void {
  if (stop) return;
  client ??= createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    lazy: false,
  });
  stop = client.subscribe<{ ledgerUpdated: Change }>(
    { query: LedgerUpdatedDocument.toString() },
    {
      next: (result) => {
        if (result.data) onChange(result.data.ledgerUpdated);
      },
      error: () => {
        stop = undefined;
      },
      complete: () => {
        stop = undefined;
      },
    },
  );
}

/** Stops following (on sign-out). */
export function unfollowLedger(): void {
  stop?.();
  stop = undefined;
  void client?.dispose();
  client = undefined;
}
