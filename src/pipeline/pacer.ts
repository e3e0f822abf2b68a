import Bottleneck from 'bottleneck';
import type { Clock } from '../clock.js';

export interface PacerSettings {
  /** Requests allowed in any window. */
  rateLimit: number;
  /** @unit milliseconds */
  rateWindowMs: number;
  /**
   * How far a request's arrival at Stability may lag its departure (network and server jitter). Stability counts on
   * arrival, so the pacer counts every departure as if it arrived anywhere up to this much later: it never lets more
   * than `rateLimit` leave within any `rateWindowMs + jitterMs`. @unit milliseconds
   */
  jitterMs: number;
  /** How long Stability locks the account out after a 429. @unit milliseconds */
  lockoutMs: number;
  maxConcurrent: number;
}

/** Real time for the quota (Stability's clock runs in real time, whatever a test does to the app's clock). */
export interface Timers {
  /** Monotonic milliseconds. */
  now(): number;
  setTimeout(fn: () => void, ms: number): { cancel(): void };
}

export const realTimers: Timers = {
  now: () => performance.now(),
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, ms);
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};

export interface PacerEvents {
  /** The queue paused after a 429, until `until` (epoch ms of the app's clock). */
  onPause?: (until: number) => void;
  onResume?: () => void;
}

/**
 * What a slot sends. It calls `depart` the moment its request actually leaves (after loading and shrinking its
 * inputs, which can take longer than the jitter allows for); a send that never calls it counts as leaving when done.
 */
export type Send = (depart: () => void) => Promise<void>;

/**
 * The one gate in front of Stability. Each start takes a slot: Bottleneck spaces slots (`minTime`) and caps those in
 * flight (`maxConcurrent`); on top, the pacer counts real departures so no stretch of `window + jitter` ever holds
 * more than the limit (timers fire late on a busy event loop, and late starts would crowd into one window otherwise).
 *
 * What a slot sends is decided only when the slot opens (`take`), never earlier: so nothing is committed to a future
 * start time that a 429, a cancel or a shutdown could overtake, and the order of calls is the queue's order at the
 * moment of sending. A 429 pauses every slot for the lockout; a stop drops every slot not yet open at once.
 */
export function createPacer(
  settings: PacerSettings,
  clock: Clock,
  take: () => Send | undefined,
  events: PacerEvents = {},
  timers: Timers = realTimers,
) {
  // Half the even spacing: smooths bursts without making the window check, which is exact, the bottleneck.
  const minTime = Math.floor(settings.rateWindowMs / settings.rateLimit / 2);
  const limiter = new Bottleneck({ maxConcurrent: settings.maxConcurrent, minTime });
  const span = settings.rateWindowMs + settings.jitterMs;
  /** Departure times (timers clock) of the last `span`. */
  const sent: number[] = [];
  /** End of the lockout on the timers clock (real time, as Stability keeps it), or 0. */
  let lockedUntil = 0;
  /** The same moment on the app's clock, as last shown (kept steady so progress edits do not flicker). */
  let shownUntil = 0;
  /** Slots whose request has not left yet: each may leave any moment, so each counts as in every window. */
  const preparing = new Set<object>();
  let scheduled = 0;
  let stopped = false;
  const waits = new Set<{ cancel(): void }>();

  const windowWait = (): number => {
    const now = timers.now();
    while (sent.length > 0 && (sent[0] ?? 0) <= now - span) sent.shift();
    return sent.length + preparing.size < settings.rateLimit ? 0 : (sent[0] ?? now) + span - now;
  };

  const later = (ms: number, fn: () => void) => {
    const wait = timers.setTimeout(() => {
      waits.delete(wait);
      fn();
    }, ms);
    waits.add(wait);
  };

  const lockoutLeft = () => Math.max(0, lockedUntil - timers.now());

  const resumeIfDue = () => {
    if (lockedUntil !== 0 && lockoutLeft() === 0) {
      lockedUntil = 0;
      shownUntil = 0;
      events.onResume?.();
    }
  };

  const slot = (): void => {
    scheduled++;
    limiter
      .schedule(async () => {
        scheduled--;
        if (stopped) return;
        resumeIfDue();
        if (lockedUntil !== 0) {
          later(Math.max(10, lockoutLeft()), () => wake());
          return;
        }
        const wait = windowWait();
        if (wait > 0) {
          later(wait, () => wake());
          return;
        }
        const send = take();
        if (!send) return;
        // Counted from the moment it really leaves, as Stability counts arrivals: a request that spent 300 ms
        // shrinking its image must not let that much more of the window fill behind it.
        const slot = {};
        preparing.add(slot);
        const depart = () => {
          if (preparing.delete(slot)) sent.push(timers.now());
        };
        // The next slot queues behind this one (minTime apart); this one stays taken while its request is out,
        // which is what maxConcurrent counts.
        wake();
        try {
          await send(depart);
        } finally {
          depart();
        }
      })
      .catch(() => undefined);
  };

  /** Opens slots for the calls waiting, so a slot exists whenever one could go. */
  const wake = (): void => {
    if (stopped) return;
    resumeIfDue();
    // One slot queued at a time is enough: each slot that sends queues the next as it opens.
    if (scheduled === 0) slot();
  };

  return {
    minTime,
    /** Calls waiting to be sent (or new ones are ready): make sure a slot is on its way. */
    wake,

    /**
     * Stability answered 429 (or a predecessor's lockout is still on, `until` in epoch ms of the app clock): nothing
     * leaves until the lockout ends (the caller puts that call back first). The lockout runs in real time.
     */
    pause(until = clock.now() + settings.lockoutMs): void {
      const ms = until - clock.now();
      if (ms <= 0 || timers.now() + ms <= lockedUntil) return;
      lockedUntil = timers.now() + ms;
      shownUntil = until;
      events.onPause?.(until);
      later(Math.max(10, ms), () => wake());
    },

    /**
     * Epoch ms (app clock) until which dispatching is paused, or 0. Derived from the real-time lockout, so a jump of
     * the app's clock moves it along and a waiting message never says the queue resumes in the past while it is paused.
     */
    pausedUntil: () => {
      resumeIfDue();
      if (lockedUntil === 0) return 0;
      const live = clock.now() + lockoutLeft();
      if (Math.abs(live - shownUntil) > 1_000) shownUntil = live;
      return shownUntil;
    },

    /** A new dispatcher starts with what its predecessor sent lately (epoch ms), as Stability still counts them. */
    seed(sentAtEpoch: readonly number[], nowEpoch: number): void {
      const now = timers.now();
      for (const at of [...sentAtEpoch].sort((a, b) => a - b)) sent.push(now - (nowEpoch - at));
    },

    /** Requests sent in the last `window + jitter`, for metrics and the benchmark. */
    inWindow: () => {
      windowWait();
      return sent.length + preparing.size;
    },

    /** Stops at once: no slot opens again; requests already out finish on their own. */
    async stop(): Promise<void> {
      stopped = true;
      for (const wait of waits) wait.cancel();
      waits.clear();
      await limiter.stop({ dropWaitingJobs: true });
    },
  };
}

export type Pacer = ReturnType<typeof createPacer>;
