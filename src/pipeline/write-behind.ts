import type { Logger } from '../logger.js';
import { isStoreFault } from '../store/store-errors.js';
import type { Timers } from './pacer.js';

export interface WriteBehind {
  /**
   * Writes now; when the store is failing (disk full, read-only, server gone), keeps the write and retries it in
   * order until it lands, without failing the caller: a paid result must not be lost to a row that cannot be
   * written yet. Anything else (a bug) is thrown as usual.
   */
  run(label: string, write: () => Promise<void>): Promise<void>;
  /** Writes still waiting for the store. */
  pending(): number;
  stop(): void;
}

/** Retries the writes held back by a failing store, oldest first, every `retryMs`. */
export function createWriteBehind(deps: {
  logger: Logger;
  timers: Timers;
  retryMs: number;
  /** Told when the store failed a write, and when held writes landed again. */
  onStoreHealth: (ok: boolean) => void;
}): WriteBehind {
  const held: { label: string; write: () => Promise<void> }[] = [];
  let timer: { cancel(): void } | undefined;
  let stopped = false;

  const schedule = () => {
    if (timer || stopped) return;
    timer = deps.timers.setTimeout(() => {
      timer = undefined;
      void drain();
    }, deps.retryMs);
  };

  const drain = async () => {
    while (held.length > 0) {
      const next = held[0];
      if (!next) break;
      try {
        await next.write();
      } catch (error) {
        if (!isStoreFault(error)) {
          deps.logger.error(
            { err: error, write: next.label },
            'held store write failed for a reason of its own; dropped',
          );
          held.shift();
          continue;
        }
        schedule();
        return;
      }
      held.shift();
    }
    deps.logger.info('held store writes landed: the store takes writes again');
    deps.onStoreHealth(true);
  };

  return {
    async run(label, write) {
      // Later writes wait behind held ones, so a job's rows land in the order they were made.
      if (held.length > 0) {
        held.push({ label, write });
        return;
      }
      try {
        await write();
      } catch (error) {
        if (!isStoreFault(error)) throw error;
        deps.logger.error({ err: error, write: label }, 'the store refused a write; keeping it and retrying');
        deps.onStoreHealth(false);
        held.push({ label, write });
        schedule();
      }
    },
    pending: () => held.length,
    stop() {
      stopped = true;
      timer?.cancel();
    },
  };
}
