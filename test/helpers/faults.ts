import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Real storage faults for tests, made with what root has on this machine kind: a small tmpfs that
 * fills up, and a loop-mounted ext4 whose backing file lives on such a tmpfs (when that tmpfs is
 * full, the kernel fails the write-back: fsync reports EIO once, as on a dying disk).
 */

function sh(command: string, args: string[]): string {
  return execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    .toString()
    .trim();
}

/** Whether this process may mount file systems (root on a machine that allows it). */
export function canMount(): boolean {
  const probe = mkdtempSync(join(tmpdir(), 'gerbang-mount-probe-'));
  try {
    sh('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]);
    sh('umount', [probe]);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

/** A tmpfs of `size` (e.g. '2m') at a new folder; `fill` takes its last free byte, `free` gives it back. */
export class SmallDisk {
  readonly dir = mkdtempSync(join(tmpdir(), 'gerbang-disk-'));
  private readonly filler = join(this.dir, '.filler');

  constructor(size: string) {
    sh('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', this.dir]);
  }

  /** Writes a file until the disk says ENOSPC. */
  fill(): void {
    const fd = openSync(this.filler, 'a');
    const block = Buffer.alloc(64 * 1024, 1);
    try {
      for (;;) writeSync(fd, block);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      // Also the last partial block.
      try {
        for (;;) writeSync(fd, Buffer.alloc(512, 1));
      } catch {
        // full
      }
    } finally {
      closeSync(fd);
    }
  }

  free(): void {
    rmSync(this.filler, { force: true });
  }

  unmount(): void {
    try {
      sh('umount', ['-l', this.dir]);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/**
 * An ext4 file system on a loop device whose (sparse) backing file sits on a small tmpfs. Writes are
 * accepted into the page cache; once the tmpfs is full (`breakDisk`), writing them back fails, and
 * the next fsync of a file with such pages reports EIO.
 */
export class FailingDisk {
  readonly dir: string;
  private readonly backing: SmallDisk;
  private readonly device: string;

  constructor() {
    this.backing = new SmallDisk('24m');
    const image = join(this.backing.dir, 'disk.img');
    sh('truncate', ['-s', '256M', image]);
    sh('mkfs.ext4', ['-q', '-F', image]);
    this.device = sh('losetup', ['-f', '--show', image]);
    this.dir = mkdtempSync(join(tmpdir(), 'gerbang-ext4-'));
    sh('mount', [this.device, this.dir]);
    mkdirSync(join(this.dir, 'data'));
  }

  /** From now on, the disk can take no more blocks. */
  breakDisk(): void {
    this.backing.fill();
  }

  remove(): void {
    try {
      sh('umount', ['-l', this.dir]);
      sh('losetup', ['-d', this.device]);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
      this.backing.unmount();
    }
  }
}
