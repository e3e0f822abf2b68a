import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/clock.js';
import { createProgress, type QueueStatus, type WaitingView } from '../../src/pipeline/progress.js';
import { createManualTimers } from '../helpers/manual-timers.js';

/** A queue of `n` waiting jobs whose positions and ETAs the test moves, and the edits progress makes. */
function setup(n: number) {
  const clock = createManualClock(1_000_000);
  const timers = createManualTimers();
  let waiting: WaitingView[] = Array.from({ length: n }, (_, i) => ({
    jobId: `job${i}`,
    status: { position: i + 1, etaMs: (i + 1) * 10_000, pausedUntil: 0 },
  }));
  const edits: { jobId: string; status: QueueStatus; at: number }[] = [];
  const progress = createProgress({
    clock,
    timers,
    waiting: () => waiting,
    edit: async (jobId, status) => {
      edits.push({ jobId, status, at: clock.now() });
    },
    headEdits: 10,
    staleEdits: 10,
    minIntervalMs: 5_000,
    sweepMs: 1_000,
  });
  for (const view of waiting) progress.markShown(view.jobId, view.status);
  const tick = (ms: number) => {
    clock.advance(ms);
    timers.advance(ms);
  };
  /** The head job starts: everyone moves up by one. */
  const advanceQueue = () => {
    waiting = waiting.slice(1).map((view) => ({
      ...view,
      status: { ...view.status, position: view.status.position - 1, etaMs: view.status.etaMs - 10_000 },
    }));
    progress.changed();
  };
  const pause = (until: number) => {
    waiting = waiting.map((view) => ({ ...view, status: { ...view.status, pausedUntil: until } }));
    progress.changed();
  };
  return { progress, edits, tick, advanceQueue, pause, clock };
}

describe('progress edits', () => {
  it('spends at most 20 edits a second however long the queue, head first, and refreshes the tail in turn', () => {
    const { edits, tick, advanceQueue, progress } = setup(1_000);
    for (let s = 0; s < 110; s++) {
      advanceQueue();
      tick(1_000);
    }
    const perSecond = new Map<number, number>();
    for (const edit of edits) perSecond.set(edit.at, (perSecond.get(edit.at) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(20);
    // The first sweep allowed to edit (5 s after the replies) starts with the ten nearest the head.
    const first = Math.min(...perSecond.keys());
    expect(
      edits
        .filter((e) => e.at === first)
        .slice(0, 10)
        .map((e) => e.status.position),
    ).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Within waiting ÷ 10 seconds every message still waiting was refreshed, the back of the queue included.
    const edited = new Set(edits.map((e) => e.jobId));
    const stillWaiting = Array.from({ length: 1_000 }, (_, i) => `job${i}`).slice(110);
    expect(stillWaiting.filter((id) => !edited.has(id))).toEqual([]);
    progress.stop();
  });

  it('edits a message at most every 5 s for ordinary moves, but shows a pause at once', () => {
    const { edits, tick, advanceQueue, pause, clock } = setup(3);
    advanceQueue();
    tick(1_000);
    expect(edits).toEqual([]);
    tick(4_000);
    expect(edits.map((e) => [e.jobId, e.status.position])).toEqual([
      ['job1', 1],
      ['job2', 2],
    ]);
    advanceQueue();
    tick(1_000);
    expect(edits).toHaveLength(2);
    const until = clock.now() + 60_000;
    pause(until);
    tick(1_000);
    expect(edits.slice(2).map((e) => [e.jobId, e.status.pausedUntil])).toEqual([['job2', until]]);
  });

  it('does not edit a message whose text would not change', () => {
    const { edits, tick, progress } = setup(5);
    progress.changed();
    tick(10_000);
    expect(edits).toEqual([]);
  });
});
