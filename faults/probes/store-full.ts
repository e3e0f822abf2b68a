import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fillDisk, mountSmallDisk, unmount } from '../harness/store-faults.js';
import { storeFaultScenario } from '../harness/store-scenario.js';
import type { Probe } from '../probe.js';

/** Room for the schema, a few jobs and their images, and the WAL. @unit KiB */
const DISK_KIB = 16 * 1024;

/**
 * The database's disk full under the running bot: the data folder is a 16 MiB tmpfs, filled with a ballast file
 * while calls are out (SQLite then answers SQLITE_FULL), and emptied again.
 */
export const storeFull: Probe = {
  name: 'store-full',
  summary: 'the database disk fills up (tmpfs + ballast) with calls in flight, then frees',
  async run(ctx) {
    const dir = await mkdtemp(join(tmpdir(), 'imagine-faults-full-'));
    const refused = await mountSmallDisk(dir, DISK_KIB);
    if (refused) {
      await rm(dir, { recursive: true, force: true });
      return { tried: 0, handled: 0, failed: 0, note: refused, problems: [], skipped: true };
    }
    ctx.defer(async () => {
      await unmount(dir);
      await rm(dir, { recursive: true, force: true });
    });
    const ballast = join(dir, 'ballast');
    return storeFaultScenario(ctx, {
      label: 'store-full',
      dir,
      async inflict() {
        const bytes = await fillDisk(ballast);
        ctx.say(`disk filled with ${(bytes / 1024 / 1024).toFixed(1)} MiB of ballast`);
      },
      repair: () => rm(ballast, { force: true }),
    });
  },
};
