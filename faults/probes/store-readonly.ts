import { dirname } from 'node:path';
import { startLocalServices } from '../../test/helpers/bot.js';
import { collectOutputs } from '../harness/bot-env.js';
import { startOnReadOnlyStore } from '../harness/start-readonly.js';
import { canChattr, setImmutable } from '../harness/store-faults.js';
import { storeFaultScenario } from '../harness/store-scenario.js';
import type { Probe } from '../probe.js';

/** The SQLite file and its WAL: both refuse writes, as on a filesystem remounted read-only. */
const files = (path: string) => [path, `${path}-wal`];

/**
 * The database turned read-only under the running bot (`chattr +i` on the SQLite file and its WAL) while calls are
 * out, then made writable again; and a bot started on a read-only database.
 */
export const storeReadOnly: Probe = {
  name: 'store-read-only',
  summary: 'SQLite file made immutable (chattr +i) with calls in flight, then restored',
  async run(ctx) {
    const running = await storeFaultScenario(ctx, {
      label: 'store-read-only',
      async inflict(path) {
        const missing = await canChattr(dirname(path));
        if (missing) throw new Error(missing);
        ctx.defer(() => setImmutable(files(path), false));
        await setImmutable(files(path), true);
      },
      repair: (path) => setImmutable(files(path), false),
    });
    const services = await startLocalServices({});
    try {
      const { problem, output } = await startOnReadOnlyStore(services);
      collectOutputs(ctx.outputs, 'store-read-only at start', services.emulator, { apiKey: undefined }, { output });
      return {
        ...running,
        tried: running.tried + 1,
        handled: running.handled + (problem ? 0 : 1),
        failed: running.failed + (problem ? 1 : 0),
        note: `${running.note}; read-only at start: ${problem ? 'FAILED' : 'one line, exit 1'}`,
        problems: problem ? [...running.problems, problem] : running.problems,
      };
    } finally {
      await services.close();
    }
  },
};
