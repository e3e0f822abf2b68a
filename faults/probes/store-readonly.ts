import { dirname } from 'node:path';
import { canChattr, setImmutable } from '../harness/store-faults.js';
import { storeFaultScenario } from '../harness/store-scenario.js';
import type { Probe } from '../probe.js';

/** The SQLite file and its WAL: both refuse writes, as on a filesystem remounted read-only. */
const files = (path: string) => [path, `${path}-wal`];

/**
 * The database turned read-only under the running bot (`chattr +i` on the SQLite file and its WAL) while calls are
 * out, then made writable again.
 */
export const storeReadOnly: Probe = {
  name: 'store-read-only',
  summary: 'SQLite file made immutable (chattr +i) with calls in flight, then restored',
  async run(ctx) {
    return storeFaultScenario(ctx, {
      label: 'store-read-only',
      async inflict(path) {
        const missing = await canChattr(dirname(path));
        if (missing) throw new Error(missing);
        ctx.defer(() => setImmutable(files(path), false));
        await setImmutable(files(path), true);
      },
      repair: (path) => setImmutable(files(path), false),
    });
  },
};
