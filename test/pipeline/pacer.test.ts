import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPacer, type PacerSettings, type Timers } from '../../src/pipeline/pacer.js';

// Bottleneck spaces slots with its own setTimeout and Date.now: fake timers move it and the pacer's window together.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const timers: Timers = {
  now: () => performance.now(),
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(handle) };
  },
};
const clock = { now: () => Date.now() };

/** A pacer over `backlog` waiting calls, each answered after `callMs`; returns when each call left. */
function run(settings: PacerSettings, backlog: number, callMs = 50) {
  const departures: number[] = [];
  let waiting = backlog;
  const pacer = createPacer(
    settings,
    clock,
    () => {
      if (waiting === 0) return undefined;
      waiting--;
      return async (depart) => {
        depart();
        departures.push(performance.now());
        await new Promise((resolve) => setTimeout(resolve, callMs));
      };
    },
    {},
    timers,
  );
  pacer.wake();
  return { pacer, departures, left: () => waiting };
}

/** The most departures inside any stretch of `spanMs`. */
function busiest(departures: readonly number[], spanMs: number): number {
  let most = 0;
  let first = 0;
  for (let last = 0; last < departures.length; last++) {
    while ((departures[last] ?? 0) - (departures[first] ?? 0) >= spanMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

const tight: PacerSettings = { rateLimit: 20, rateWindowMs: 200, jitterMs: 100, lockoutMs: 60_000, maxConcurrent: 20 };

describe('the pacer', () => {
  it('never lets more than the limit arrive in one window, even if each request lags up to the jitter', async () => {
    const { departures, pacer } = run(tight, 600);
    await vi.advanceTimersByTimeAsync(12_000);
    expect(departures).toHaveLength(600);
    // Arrivals fall anywhere in [departure, departure + jitter]: the worst case is a window + jitter of departures.
    expect(busiest(departures, tight.rateWindowMs + tight.jitterMs)).toBeLessThanOrEqual(20);
    await pacer.stop();
  });

  it('keeps the throughput at the real quota: 145 per 10 s window, at least 0.95 × 150 every 10 s', async () => {
    const real: PacerSettings = {
      rateLimit: 145,
      rateWindowMs: 10_000,
      jitterMs: 100,
      lockoutMs: 60_000,
      maxConcurrent: 145,
    };
    const { departures, pacer } = run(real, 5_000, 4_000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(busiest(departures, real.rateWindowMs + real.jitterMs)).toBeLessThanOrEqual(145);
    expect(departures.length / 6).toBeGreaterThanOrEqual(0.95 * 150);
    await pacer.stop();
  });

  it('counts a call from when it leaves, so time spent preparing it does not let the next one crowd in', async () => {
    const departures: number[] = [];
    let waiting = 3;
    const pacer = createPacer(
      { rateLimit: 1, rateWindowMs: 1_000, jitterMs: 0, lockoutMs: 60_000, maxConcurrent: 3 },
      clock,
      () => {
        if (waiting === 0) return undefined;
        waiting--;
        // The first has a large input image to load and shrink before its request goes out; the others none.
        const prepareMs = waiting === 2 ? 600 : 0;
        return async (depart) => {
          await new Promise((resolve) => setTimeout(resolve, prepareMs));
          depart();
          departures.push(performance.now());
        };
      },
      {},
      timers,
    );
    pacer.wake();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(departures).toHaveLength(3);
    const gaps = departures.slice(1).map((at, i) => at - (departures[i] ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1_000);
    await pacer.stop();
  });

  it('sends nothing during a lockout, says when it pauses and resumes, and goes on after it', async () => {
    const paused: number[] = [];
    let resumed = 0;
    const departures: number[] = [];
    let waiting = 10;
    const pacer = createPacer(
      { ...tight, lockoutMs: 5_000 },
      clock,
      () => {
        if (waiting === 0) return undefined;
        waiting--;
        return async () => {
          departures.push(performance.now());
        };
      },
      { onPause: (until) => paused.push(until), onResume: () => resumed++ },
      timers,
    );
    pacer.pause();
    const pausedAt = performance.now();
    pacer.wake();
    await vi.advanceTimersByTimeAsync(4_999);
    expect(departures).toEqual([]);
    expect(paused).toEqual([Date.now() - 4_999 + 5_000]);
    expect(pacer.pausedUntil()).toBe(paused[0]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(departures.length).toBe(10);
    expect(Math.min(...departures) - pausedAt).toBeGreaterThanOrEqual(5_000);
    expect(resumed).toBe(1);
    expect(pacer.pausedUntil()).toBe(0);
    await pacer.stop();
  });

  it('keeps the lockout in real time when the app clock jumps, and never shows its end in the past', async () => {
    let offset = 0;
    const jumpy = { now: () => Date.now() + offset };
    const departures: number[] = [];
    let waiting = 1;
    const pacer = createPacer(
      { ...tight, lockoutMs: 60_000 },
      jumpy,
      () => {
        if (waiting === 0) return undefined;
        waiting--;
        return async () => {
          departures.push(performance.now());
        };
      },
      {},
      timers,
    );
    pacer.pause();
    pacer.wake();
    await vi.advanceTimersByTimeAsync(10_000);
    // The app's clock jumps 15 minutes (as the emulator's does); Stability's lockout still has 50 s to run.
    offset = 15 * 60_000;
    const shown = pacer.pausedUntil();
    expect(shown - jumpy.now()).toBeGreaterThan(49_000);
    expect(shown - jumpy.now()).toBeLessThanOrEqual(50_000);
    await vi.advanceTimersByTimeAsync(49_000);
    expect(departures).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(departures).toHaveLength(1);
    expect(pacer.pausedUntil()).toBe(0);
    await pacer.stop();
  });

  it('counts what a previous dispatcher sent, so a takeover cannot exceed the window', async () => {
    const sentBefore = Array.from({ length: 20 }, (_, i) => Date.now() - 150 + i);
    const departures: number[] = [];
    let waiting = 5;
    const pacer = createPacer(
      tight,
      clock,
      () => {
        if (waiting === 0) return undefined;
        waiting--;
        return async () => {
          departures.push(performance.now());
        };
      },
      {},
      timers,
    );
    const start = performance.now();
    pacer.seed(sentBefore, Date.now());
    pacer.wake();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(departures).toHaveLength(5);
    // The inherited 20 leave the window + jitter 150 ms after they were sent.
    expect((departures[0] ?? 0) - start).toBeGreaterThanOrEqual(300 - 150);
    await pacer.stop();
  });

  it('on stop, opens no slot again: waiting calls stay unsent', async () => {
    const { departures, pacer, left } = run(tight, 100);
    await vi.advanceTimersByTimeAsync(250);
    const sent = departures.length;
    expect(sent).toBeGreaterThan(0);
    await pacer.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(departures).toHaveLength(sent);
    expect(left()).toBe(100 - sent);
  });
});
