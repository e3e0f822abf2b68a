import { describe, expect, it } from 'vitest';
import { createBalanceMonitor } from '../../src/budget/balance-monitor.js';
import { createManualClock } from '../../src/clock.js';
import { createLogger } from '../../src/logger.js';

describe('balance monitor', () => {
  it('warns once per fall below the threshold, not on every read, and again after a top-up and a new fall', async () => {
    let credits = 500;
    const warnings: number[] = [];
    const readings: number[] = [];
    const monitor = createBalanceMonitor({
      read: async () => credits,
      clock: createManualClock(1_000),
      logger: createLogger({ level: 'silent', secrets: [], pretty: false }),
      intervalMs: 0,
      warnBelow: 100,
      onReading: (value) => readings.push(value),
      onLow: async (value) => {
        warnings.push(value);
      },
    });
    await monitor.start();
    expect(monitor.last()).toEqual({ credits: 500, at: 1_000 });
    for (const value of [99, 80, 50, 150, 40, 30]) {
      credits = value;
      await monitor.check();
    }
    expect(warnings).toEqual([99, 40]);
    expect(readings).toEqual([500, 99, 80, 50, 150, 40, 30]);
    expect(monitor.low()).toBe(true);
  });

  it('keeps the last reading when a read fails, and reports nothing without a balance source', async () => {
    let fail = false;
    const monitor = createBalanceMonitor({
      read: async () => {
        if (fail) throw new Error('network down');
        return 300;
      },
      clock: createManualClock(5),
      logger: createLogger({ level: 'silent', secrets: [], pretty: false }),
      intervalMs: 0,
      warnBelow: 100,
      onLow: async () => undefined,
    });
    await monitor.check();
    fail = true;
    expect(await monitor.check()).toEqual({ credits: 300, at: 5 });

    const none = createBalanceMonitor({
      clock: createManualClock(),
      logger: createLogger({ level: 'silent', secrets: [], pretty: false }),
      intervalMs: 1_000,
      warnBelow: 100,
      onLow: async () => undefined,
    });
    expect(none.available).toBe(false);
    await none.start();
    expect(none.last()).toBeUndefined();
  });
});
