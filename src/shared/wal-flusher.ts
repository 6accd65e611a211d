import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/*
 * Durable SQLite commits that do not stop the server while the disk flushes.
 *
 * With `synchronous=FULL`, SQLite flushes its write-ahead log to disk inside every COMMIT, on the
 * thread that runs it, which for better-sqlite3 is the event loop: every request waits for the disk.
 * Instead, the server's connection runs with `synchronous=NORMAL`, where a COMMIT writes its frames to
 * the WAL without flushing it, and the WAL is flushed here, on libuv's thread pool, before the caller
 * learns of the commit (config/database-adapter.ts waits for it). A caller learns of a commit only
 * once it is on disk, as with FULL; meanwhile the event loop serves other requests. Checkpoints keep
 * their own flushes under NORMAL, and the WAL is never deleted while a connection has it open.
 *
 * A transaction can take its COMMIT's flush over (handOverNextCommit): the connection is free at
 * once, and the holder waits for the flush before it tells anyone of the commit (CommitBatcher does,
 * so that the next batch runs while the disk works). Flushes requested while one is under way share
 * the next. Should a flush fail, what the kernel held for the disk may be gone while a later flush
 * reports success (PostgreSQL's "fsyncgate"): the commits waiting for it fail, the connection refuses
 * every further write, and `onLost` tells the process, which stops so that it starts again from what
 * the disk really holds.
 *
 * One difference from FULL: another read may see a commit up to one flush (about a millisecond,
 * 10-20 ms at worst on a busy disk) before it is on disk. The request that wrote it is answered only
 * after the flush, so a write lost to a power cut was never confirmed to its caller, and Midtrans
 * repeats a notification it did not see acknowledged.
 */

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
    if (handle)
      await handle.then(
        (h) => h.close(),
        () => undefined,
      );
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
