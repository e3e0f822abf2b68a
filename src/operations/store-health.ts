import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Timers } from '../pipeline/pacer.js';
import type { Store } from '../store/store.js';

export type StoreHealth = ReturnType<typeof createStoreHealth>;

/**
 * Whether the store takes writes, from a real write (not a lock that only proves a file opens): probed on every
 * /healthz, every `intervalMs` in the background, and told by every write the pipeline had to hold back. While it
 * is false, admission refuses new jobs with a message saying why.
 */
export function createStoreHealth(deps: {
  store: Store;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  intervalMs: number;
}) {
  let writable = true;
  let timer: { cancel(): void } | undefined;
  let stopped = false;

  const set = (ok: boolean, error?: unknown) => {
    if (ok === writable) return;
    writable = ok;
    if (ok) deps.logger.info('the store takes writes again');
    else deps.logger.error({ err: error }, 'the store refuses writes: new jobs are refused until it recovers');
  };

  const probe = async (): Promise<boolean> => {
    try {
      await deps.store.probeWrite(deps.clock.now());
      set(true);
    } catch (error) {
      set(false, error);
    }
    return writable;
  };

  const loop = () => {
    if (stopped) return;
    timer = deps.timers.setTimeout(() => {
      void probe().finally(loop);
    }, deps.intervalMs);
  };

  return {
    probe,
    writable: () => writable,
    /** A write failed (or held writes landed): believed until the next probe says otherwise. */
    report: (ok: boolean) => set(ok),
    start(): void {
      loop();
    },
    stop(): void {
      stopped = true;
      timer?.cancel();
    },
  };
}
