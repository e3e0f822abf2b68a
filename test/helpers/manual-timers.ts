import type { Timers } from '../../src/pipeline/pacer.js';

export interface ManualTimers extends Timers {
  /** Moves time forward, firing every timer that falls due on the way, in order. */
  advance(ms: number): void;
}

/** Timers that only move when the test says so: scheduling code runs deterministically, without waiting. */
export function createManualTimers(start = 0): ManualTimers {
  let now = start;
  let next = 0;
  const due = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = next++;
      due.set(id, { at: now + Math.max(0, ms), fn });
      return { cancel: () => due.delete(id) };
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const first = [...due.entries()].sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!first || first[1].at > end) break;
        due.delete(first[0]);
        now = first[1].at;
        first[1].fn();
      }
      now = end;
    },
  };
}
