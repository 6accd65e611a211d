import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/*
 * Durable SQLite commits that do not stop the server while the disk flushes.
 *
 * With `synchronous=FULL`, SQLite flushes its write-ahead log to disk inside every COMMIT, on the
 * thread that runs it, which for better-sqlite3 is the event loop: every request waits for the disk.
 * Instead, the connection runs with `synchronous=NORMAL`, where a COMMIT writes its frames to the WAL
 * without flushing it, and the WAL is flushed on libuv's thread pool before the caller learns of the
 * commit. A caller learns of a commit only once it is on disk, as with FULL; meanwhile the event loop
 * serves other requests. Checkpoints keep their own flushes under NORMAL, and the WAL is never deleted
 * while a connection has it open.
 *
 * Every statement of the ORM passes through one kysely connection object whose `executeQuery` runs
 * while the connection is held (SQLite has one connection, behind kysely's connection lock).
 * Statements inside an explicit transaction are not flushed; its COMMIT is. A write outside a
 * transaction commits on its own and is flushed too. By default the flush happens before the
 * statement's promise settles, so before the next statement starts on the connection. A transaction
 * can instead take its COMMIT's flush over (handOverNextCommit): the connection is free at once, and
 * the holder waits for the flush before it tells anyone of the commit (CommitBatcher does, so the
 * next batch runs while the disk works). Flushes requested while one is under way share the next.
 * Should the WAL not be open-able, the connection goes back to FULL. Should a flush fail, what the
 * kernel held for the disk may be gone while a later flush reports success (PostgreSQL's
 * "fsyncgate"): the commits waiting for it fail, the connection refuses every further write, and
 * `onLost` tells the process, which stops so that it starts again from what the disk really holds.
 *
 * One difference from FULL: another read may see a commit up to one flush (about a millisecond,
 * 10-20 ms at worst on a busy disk) before it is on disk. The request that wrote it is answered only
 * after the flush, so a write lost to a power cut was never confirmed to its caller, and Midtrans
 * repeats a notification it did not see acknowledged.
 */

export interface SqlExecutor {
  executeQuery(query: { sql: string; parameters: readonly unknown[]; query?: unknown; queryId?: unknown }): Promise<{ rows: unknown[]; numAffectedRows?: bigint }>;
}

/** A raw statement as kysely's connection takes it. */
export function rawQuery(sql: string): Parameters<SqlExecutor['executeQuery']>[0] {
  return { sql, parameters: [], query: { kind: 'RawNode' }, queryId: { queryId: sql } };
}

/** A write refused because an earlier flush of the WAL failed: what is on disk is no longer known. */
export class FlushFailed extends Error {
  /** SQLite's code for a failed fsync, so that callers treat it as storage trouble (503). */
  readonly code = 'SQLITE_IOERR_FSYNC';

  constructor(cause: unknown) {
    super('a flush of the database log to disk failed: gerbang accepts no more writes until it is restarted', { cause });
    this.name = 'FlushFailed';
  }
}

/** Flushes one database's WAL file; opened on first use, kept open until `close`. */
export class WalFlusher {
  private handle?: Promise<FileHandle>;
  private walPath?: string;
  /** The flush under way, and the one that begins when it ends (shared by everyone who asks meanwhile). */
  private running?: Promise<void>;
  private following?: Promise<void>;
  private handOff?: (flushed: Promise<void>) => void;
  /** How many flushes were made (read by the tests). */
  flushes = 0;
  /** Set when the WAL could not be opened; the connection then goes back to synchronous=FULL before its next statement. */
  failed = false;
  /** Set when a flush failed: from then on every write is refused (see FlushFailed). */
  lost?: FlushFailed;
  /** Told once when a flush fails. */
  onLost: (error: FlushFailed) => void = () => undefined;

  /**
   * Resolves once a flush that began after this call has finished, so that everything written to the
   * WAL before the call is on disk. Callers arriving while a flush is under way share the next one.
   * Rejects when the WAL cannot be opened or flushed.
   */
  flush(databasePath: string): Promise<void> {
    if (!this.running) return this.begin(databasePath);
    this.following ??= this.running.then(noop, noop).then(() => {
      this.following = undefined;
      return this.begin(databasePath);
    });
    return this.following;
  }

  /**
   * The next COMMIT on the connection does not wait for its flush: `receive` gets the flush's promise
   * instead, and the connection is free for the next statement meanwhile. A ROLLBACK cancels this. Only
   * for the holder of an open transaction, right before it commits (see CommitBatcher).
   */
  handOverNextCommit(receive: (flushed: Promise<void>) => void): void {
    this.handOff = receive;
  }

  /** Takes the hand-off set by handOverNextCommit, if any (the connection, at COMMIT or ROLLBACK). */
  takeHandOff(): ((flushed: Promise<void>) => void) | undefined {
    const handOff = this.handOff;
    this.handOff = undefined;
    return handOff;
  }

  private begin(databasePath: string): Promise<void> {
    const run = this.flushNow(databasePath);
    this.running = run;
    const settled = () => {
      if (this.running === run) this.running = undefined;
    };
    run.then(settled, settled);
    return run;
  }

  private async flushNow(databasePath: string): Promise<void> {
    const walPath = `${databasePath}-wal`;
    if (this.walPath !== walPath) {
      await this.close();
      this.walPath = walPath;
      this.handle = openAndSyncDirectory(walPath);
    }
    if (this.lost) throw this.lost;
    let handle: FileHandle;
    try {
      handle = await this.handle!;
    } catch (error) {
      this.failed = true;
      this.handle = undefined;
      this.walPath = undefined;
      throw error;
    }
    try {
      await handle.datasync();
    } catch (error) {
      if (!this.lost) {
        this.lost = new FlushFailed(error);
        this.onLost(this.lost);
      }
      throw this.lost;
    }
    this.flushes += 1;
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    this.walPath = undefined;
    if (handle) await handle.then((h) => h.close(), () => undefined);
  }
}

const noop = () => undefined;

/** Opens the WAL; its directory entry is flushed once, as SQLite does when it creates the file. */
async function openAndSyncDirectory(walPath: string): Promise<FileHandle> {
  // Flushing needs no write access (the file may belong to whoever created it first).
  const handle = await open(walPath, 'r');
  try {
    const directory = await open(dirname(walPath), 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  } catch {
    // Some file systems cannot flush a directory; the WAL's own flushes still hold.
  }
  return handle;
}

/** The statements that open and close an explicit transaction. */
type Boundary = 'begin' | 'commit' | 'rollback' | 'pragma' | 'none';

function boundaryOf(sql: string): Boundary {
  const head = /^\s*(\w+)(?:\s+(\w+))?/.exec(sql);
  const word = head?.[1]?.toLowerCase();
  if (word === 'begin') return 'begin';
  if (word === 'pragma') return 'pragma';
  if (word === 'commit' || word === 'end') return 'commit';
  // `rollback to savepoint` stays inside the transaction; a plain rollback ends it.
  if (word === 'rollback' && head?.[2]?.toLowerCase() !== 'to') return 'rollback';
  return 'none';
}

/**
 * Switches a SQLite file connection to NORMAL with its WAL flushed off the event loop, as described
 * above. `connection` is the kysely connection handed to `onCreateConnection`.
 */
export async function flushCommitsOffThread(connection: SqlExecutor, flusher: WalFlusher): Promise<void> {
  const { rows } = await connection.executeQuery(rawQuery('pragma database_list'));
  const file = (rows as { name: string; file: string }[]).find((row) => row.name === 'main')?.file;
  if (!file) return; // an in-memory database has nothing to flush

  const execute = connection.executeQuery.bind(connection);
  await execute(rawQuery('pragma synchronous = NORMAL'));
  let inTransaction = false;
  let fallenBack = false;

  // Without the WAL file at hand, SQLite goes back to flushing it inside every commit; a checkpoint
  // flushes what was committed before.
  const fallBack = async () => {
    fallenBack = true;
    await execute(rawQuery('pragma synchronous = FULL'));
    await execute(rawQuery('pragma wal_checkpoint(PASSIVE)'));
  };

  connection.executeQuery = async (query) => {
    const boundary = boundaryOf(query.sql);
    // After a failed flush nothing more is written: a transaction may begin (so that it ends cleanly
    // through its ROLLBACK) and read, and nothing else.
    if (flusher.lost && boundary !== 'begin' && boundary !== 'rollback' && !/^\s*select\b/i.test(query.sql)) throw flusher.lost;
    // The WAL could not be opened for an earlier COMMIT.
    if (flusher.failed && !fallenBack) await fallBack();
    let result: Awaited<ReturnType<SqlExecutor['executeQuery']>>;
    try {
      result = await execute(query);
    } catch (error) {
      // A failed COMMIT leaves the transaction open (a rollback follows); a failed ROLLBACK had none.
      if (boundary === 'rollback') {
        inTransaction = false;
        flusher.takeHandOff();
      }
      throw error;
    }
    if (boundary === 'begin' || boundary === 'rollback') {
      inTransaction = boundary === 'begin';
      if (boundary === 'rollback') flusher.takeHandOff();
      return result;
    }
    // Settings (pragmas) change no data; any other statement that is not a read writes.
    const committed = boundary === 'commit' || (!inTransaction && boundary === 'none' && result.numAffectedRows !== undefined);
    if (!committed) return result;
    const handOff = boundary === 'commit' ? flusher.takeHandOff() : undefined;
    if (boundary === 'commit') inTransaction = false;
    if (fallenBack) {
      handOff?.(Promise.resolve());
    } else if (handOff) {
      handOff(flusher.flush(file));
    } else {
      try {
        await flusher.flush(file);
      } catch (error) {
        // Committed but not known to be on disk: the caller must not take it as done.
        if (flusher.lost) throw flusher.lost;
        await fallBack();
      }
    }
    return result;
  };
}
