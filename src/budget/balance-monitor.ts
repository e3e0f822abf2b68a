import type { Clock } from '../clock.js';
import type { BalanceReading } from '../domain/budget.js';
import type { Logger } from '../logger.js';

export interface BalanceMonitorDeps {
  /** Reads the provider's balance in credits; absent when the backend cannot tell. */
  read?: () => Promise<number>;
  clock: Clock;
  logger: Logger;
  /** Time between two reads; 0 reads only at start (and on demand). @unit milliseconds */
  intervalMs: number;
  /** Below this many credits the balance is low. */
  warnBelow: number;
  /** Every successful read (for the metrics gauge). */
  onReading?: (credits: number) => void;
  /** Told once each time the balance falls below the threshold (not on every read while it stays low). */
  onLow: (credits: number) => Promise<void>;
}

export type BalanceMonitor = ReturnType<typeof createBalanceMonitor>;

/**
 * Watches the Stability account balance so moderators hear that it is running low before users meet 402s. A warning
 * is one per crossing: it is given again only after a read at or above the threshold (a top-up) and a new fall.
 */
export function createBalanceMonitor(deps: BalanceMonitorDeps) {
  let last: BalanceReading | undefined;
  let low = false;
  let timer: NodeJS.Timeout | undefined;

  const check = async (): Promise<BalanceReading | undefined> => {
    if (!deps.read) return undefined;
    let credits: number;
    try {
      credits = await deps.read();
    } catch (error) {
      deps.logger.warn({ err: error }, 'could not read the Stability balance');
      return last;
    }
    last = { credits, at: deps.clock.now() };
    deps.onReading?.(credits);
    deps.logger.debug({ credits }, 'Stability balance read');
    // The flag flips before any await, so two reads finishing together cannot both warn.
    if (credits < deps.warnBelow && !low) {
      low = true;
      deps.logger.warn(
        { credits, threshold: deps.warnBelow },
        `Stability balance is low: ${credits} credits (warning below ${deps.warnBelow})`,
      );
      await deps.onLow(credits).catch((error: unknown) => deps.logger.error({ err: error }, 'balance warning failed'));
    } else if (credits >= deps.warnBelow && low) {
      low = false;
      deps.logger.info({ credits, threshold: deps.warnBelow }, 'Stability balance is back above the warning threshold');
    }
    return last;
  };

  return {
    /** Whether the backend reports a balance at all. */
    available: deps.read !== undefined,
    check,
    last: (): BalanceReading | undefined => last,
    low: (): boolean => low,

    /** Reads now, then every `intervalMs`; the timer never keeps the process alive. */
    async start(): Promise<void> {
      if (!deps.read) return;
      await check();
      if (deps.intervalMs > 0 && timer === undefined) {
        timer = setInterval(() => void check(), deps.intervalMs);
        timer.unref();
      }
    },

    stop(): void {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
  };
}
