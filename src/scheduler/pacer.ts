import { setTimeout as sleep } from 'node:timers/promises';
import Bottleneck from 'bottleneck';
import type { Clock } from '../clock.js';
import { RateLimitError } from '../stability/errors.js';

export interface PacerSettings {
  /** Requests allowed in any sliding window. */
  rateLimit: number;
  /** @unit milliseconds */
  rateWindowMs: number;
  /** How long Stability locks the account out after a 429. @unit milliseconds */
  lockoutMs: number;
  maxConcurrent: number;
}

export interface PacerEvents {
  /** The queue paused after a 429, until `until` (epoch ms of the injected clock). */
  onPause?: (until: number) => void;
  onResume?: () => void;
  onRateLimited?: () => void;
  /** A call was handed to the API (used for ETA and metrics). */
  onDispatch?: () => void;
}

export type Pacer = ReturnType<typeof createPacer>;

/** Signals that the pacer was stopped (shutdown) before the call was dispatched: nothing was sent or charged. */
export class PacerStoppedError extends Error {
  override readonly name = 'PacerStoppedError';
}

/**
 * The one gate in front of Stability. Starting at most one request every `window / limit` ms means no sliding window
 * can ever hold more than `limit` starts. A 429 (which proves no work was done) pauses every dispatch for the lockout
 * and puts the call back at the head of the queue; no other error is ever retried here.
 */
export function createPacer(settings: PacerSettings, clock: Clock, events: PacerEvents = {}) {
  const minTime = Math.ceil(settings.rateWindowMs / settings.rateLimit);
  const limiter = new Bottleneck({ maxConcurrent: settings.maxConcurrent, minTime });
  let pausedUntil = 0;
  /** Real start times of the calls sent in the last window (the quota is counted in real time, not test time). */
  const sentAt: number[] = [];
  /** How long until the window has room for one more start; 0 when it has room now. */
  const windowWait = (): number => {
    const now = performance.now();
    while (sentAt.length > 0 && (sentAt[0] ?? 0) <= now - settings.rateWindowMs) sentAt.shift();
    return sentAt.length < settings.rateLimit ? 0 : (sentAt[0] ?? now) + settings.rateWindowMs - now;
  };
  let resumeTimer: NodeJS.Timeout | undefined;
  let stopped = false;

  const pause = () => {
    events.onRateLimited?.();
    pausedUntil = clock.now() + settings.lockoutMs;
    void limiter.updateSettings({ reservoir: 0 });
    if (resumeTimer) clearTimeout(resumeTimer);
    resumeTimer = setTimeout(() => {
      resumeTimer = undefined;
      pausedUntil = 0;
      void limiter.updateSettings({ reservoir: null });
      events.onResume?.();
    }, settings.lockoutMs);
    resumeTimer.unref();
    events.onPause?.(pausedUntil);
  };

  return {
    minTime,

    /**
     * Runs `call` when the quota allows. `onStart` runs right before the request is sent and may veto it (returning
     * false), e.g. for a job cancelled while waiting.
     */
    async run<T>(call: () => Promise<T>, onStart?: () => boolean): Promise<T> {
      let priority = 5;
      for (;;) {
        if (stopped) throw new PacerStoppedError('the bot is shutting down');
        try {
          return await limiter.schedule({ priority }, async () => {
            if (stopped) throw new PacerStoppedError('the bot is shutting down');
            // Bottleneck commits a few calls to future start times before a 429 arrives; they must not go out
            // during the lockout, so they go back to the head of the queue instead.
            if (clock.now() < pausedUntil) throw new PausedError();
            // minTime spaces *scheduled* starts, but timers fire late when the event loop is busy, and late starts
            // can crowd into one window; counting real starts makes "never more than the limit" hold regardless.
            const wait = windowWait();
            if (wait > 0) throw new WindowFullError(wait);
            if (onStart && !onStart()) throw new CallVetoedError();
            sentAt.push(performance.now());
            events.onDispatch?.();
            return call();
          });
        } catch (error) {
          if (error instanceof RateLimitError) {
            pause();
            priority = 0;
            continue;
          }
          if (error instanceof PausedError) {
            priority = 0;
            continue;
          }
          if (error instanceof WindowFullError) {
            await sleep(error.waitMs);
            priority = 0;
            continue;
          }
          if (error instanceof Bottleneck.BottleneckError) throw new PacerStoppedError('the bot is shutting down');
          throw error;
        }
      }
    },

    /** Epoch ms (injected clock) until which dispatching is paused, or 0. */
    pausedUntil: () => pausedUntil,
    waitingCount: () => limiter.counts().QUEUED + limiter.counts().RECEIVED,
    runningCount: () => limiter.counts().RUNNING + limiter.counts().EXECUTING,

    /** Stops dispatching: calls not yet sent fail with PacerStoppedError; calls in flight finish. */
    async stop(): Promise<void> {
      stopped = true;
      if (resumeTimer) clearTimeout(resumeTimer);
      await limiter.stop({ dropWaitingJobs: true, dropErrorMessage: 'the bot is shutting down' });
    },
  };
}

/** Internal: the sliding window is full; the call waits until its oldest start leaves the window. */
class WindowFullError extends Error {
  override readonly name = 'WindowFullError';
  constructor(readonly waitMs: number) {
    super('window full');
  }
}

/** Internal: a call reached its start time during a lockout and goes back into the queue. */
class PausedError extends Error {
  override readonly name = 'PausedError';
}

/** The caller declined to start the call (e.g. its job was cancelled meanwhile). */
export class CallVetoedError extends Error {
  override readonly name = 'CallVetoedError';
}
