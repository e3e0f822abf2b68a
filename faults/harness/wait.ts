import type { Emulator } from '@imagine-bot/discord-emulator';

export class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
}

/** `promise`, or a DeadlineError naming `what` once `ms` passed. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`${what}: not within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** A store state re-read on every message the bot sends, and at least every `recheckMs` when it sends none. */
export interface Condition {
  check: () => Promise<boolean> | boolean;
  what: string;
  timeoutMs: number;
}

/**
 * Waits until `check` holds. It is re-evaluated when the emulator sees a message change (what the bot does to finish
 * a job), at most every `minGapMs` (a check reads the whole store, and bursts change hundreds of messages a second),
 * and at least every `recheckMs` for changes Discord does not see (a store write landing).
 */
export async function until(
  emulator: Emulator | undefined,
  condition: Condition,
  { recheckMs = 500, minGapMs = 150 } = {},
): Promise<void> {
  const started = Date.now();
  let changed = false;
  let wake: (() => void) | undefined;
  const off = emulator?.events.on('message', () => {
    changed = true;
    wake?.();
  });
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  try {
    for (;;) {
      changed = false;
      if (await condition.check()) return;
      const left = condition.timeoutMs - (Date.now() - started);
      if (left <= 0) throw new DeadlineError(`${condition.what}: not within ${condition.timeoutMs} ms`);
      wake = undefined;
      await new Promise((resolve) => setTimeout(resolve, Math.min(minGapMs, left)));
      if (!changed) await pause(Math.max(0, Math.min(recheckMs - minGapMs, left - minGapMs)));
      wake = undefined;
    }
  } finally {
    off?.();
  }
}

/** Runs `tasks` with at most `limit` at once, in order of the list; resolves with their results in that order. */
export async function pooled<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return results;
}
