import { execFile } from 'node:child_process';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What a command printed when it failed, without a stack. */
const reason = (error: unknown) =>
  error instanceof Error
    ? ((error as { stderr?: string }).stderr?.trim() || error.message).split('\n')[0]
    : String(error);

/**
 * Makes files immutable (`chattr +i`): nothing, root included, may write them until `chattr -i`. A read-only mount
 * would need the database on its own filesystem; the immutable bit turns the very file the bot holds open read-only
 * under it, which is what an operator's mistake or a failing disk looks like to SQLite.
 */
export async function setImmutable(paths: readonly string[], on: boolean): Promise<void> {
  await run('chattr', [on ? '+i' : '-i', ...paths]);
}

/** Whether `chattr` works here (it needs root and a filesystem with the attribute, such as ext4). */
export async function canChattr(dir: string): Promise<string | undefined> {
  const probe = join(dir, 'chattr-probe');
  try {
    await (await open(probe, 'w')).close();
    await setImmutable([probe], true);
    await setImmutable([probe], false);
    return undefined;
  } catch (error) {
    return `chattr is not available here: ${reason(error)}`;
  } finally {
    await rm(probe, { force: true });
  }
}

/** A small tmpfs at `dir`, a disk that can really fill up; undefined when mounting is not allowed (not root). */
export async function mountSmallDisk(dir: string, sizeKiB: number): Promise<string | undefined> {
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeKiB}k`, 'tmpfs', dir]);
    return undefined;
  } catch (error) {
    return `cannot mount a tmpfs here: ${reason(error)}`;
  }
}

export async function unmount(dir: string): Promise<void> {
  await run('umount', [dir]).catch(() => run('umount', ['-l', dir]));
}

/** Writes a ballast file until the filesystem says ENOSPC; returns how much it took. @unit bytes */
export async function fillDisk(path: string): Promise<number> {
  const file = await open(path, 'w');
  const chunk = Buffer.alloc(64 * 1024, 0x5a);
  let written = 0;
  try {
    for (;;) {
      const { bytesWritten } = await file.write(chunk);
      written += bytesWritten;
      if (bytesWritten < chunk.length) break;
    }
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ENOSPC') throw error;
  } finally {
    await file.close();
  }
  // Small writes may still fit in the last partial page: fill it byte-exact.
  const tail = await open(path, 'a');
  try {
    for (;;) {
      const { bytesWritten } = await tail.write(Buffer.alloc(512, 0x5a));
      written += bytesWritten;
      if (bytesWritten === 0) break;
    }
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ENOSPC') throw error;
  } finally {
    await tail.close();
  }
  return written;
}
