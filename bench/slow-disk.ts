// BENCH_DISK_FLUSH_MS=<ms> npm run bench: gerbang is started with this module preloaded, so that every
// flush of a file to disk (FileHandle.datasync, how gerbang makes SQLite commits durable) first waits
// that long, as on a VPS whose disk takes milliseconds to confirm a flush.
import { open } from 'node:fs/promises';

const delayMs = Number(process.env.BENCH_DISK_FLUSH_MS ?? 0);
const probe = await open('/proc/self/stat', 'r');
const prototype = Object.getPrototypeOf(probe) as { datasync: (this: unknown) => Promise<void> };
await probe.close();
const datasync = prototype.datasync;
prototype.datasync = async function (this: unknown) {
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  return datasync.call(this);
};
