import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/clock.js';
import { createLogger } from '../../src/logger.js';
import { cancelNotice, createHandoff, jobNotice } from '../../src/pipeline/handoff.js';
import type { QueuedEntry } from '../../src/store/job-store.js';
import type { Store } from '../../src/store/store.js';
import { createManualTimers } from '../helpers/manual-timers.js';

const NOW = 1_800_000_000_000;
const silent = createLogger({ level: 'silent', secrets: [] }, new Writable({ write: (_c, _e, done) => done() }));

const entry = (id: string, seq: number, createdAt: number): QueuedEntry => ({
  id,
  seq,
  userId: `user-${id}`,
  kind: 'imagine',
  calls: 1,
  model: 'core',
  maxConcurrent: undefined,
  createdAt,
});

/** The dispatcher's side of the hand-off over a store whose waiting list the test sets, and a queue it can read. */
function setup() {
  const clock = createManualClock(NOW);
  const timers = createManualTimers();
  let rows: QueuedEntry[] = [];
  const waiting: string[] = [];
  const redrawn: string[] = [];
  const store = { jobs: { queuedEntries: async () => rows } } as unknown as Pick<Store, 'jobs'>;
  const handoff = createHandoff({
    store,
    dispatcher: {
      enqueue: (queued) => {
        waiting.push(queued.jobId);
        return undefined;
      },
      has: (id) => waiting.includes(id),
      waitingIds: () => [...waiting],
      drop: (id) => {
        const at = waiting.indexOf(id);
        if (at === -1) return false;
        waiting.splice(at, 1);
        return true;
      },
    },
    clock,
    timers,
    logger: silent,
    pollMs: 1_000,
    graceMs: 5_000,
    onCancelledElsewhere: (id) => redrawn.push(id),
  });
  return {
    handoff,
    waiting,
    redrawn,
    clock,
    setRows: (next: QueuedEntry[]) => {
      rows = next;
    },
  };
}

describe('the hand-off from other processes to the dispatcher', () => {
  it('takes an announced job at once, and an unannounced one only once it is past the grace', async () => {
    const { handoff, waiting, clock, setRows } = setup();
    setRows([entry('announced', 1, NOW), entry('quiet', 2, NOW)]);
    handoff.start();
    handoff.notice(jobNotice('announced'));
    await handoff.sync();
    expect(waiting).toEqual(['announced']);
    // Its process may still be acknowledging it: only when it is older than the grace is it taken unannounced.
    clock.advance(5_001);
    await handoff.sync();
    expect(waiting).toEqual(['announced', 'quiet']);
  });

  it('drops a job another process cancelled, and has its message drawn again behind any edit on its way', async () => {
    const { handoff, waiting, redrawn, setRows } = setup();
    setRows([entry('a', 1, NOW), entry('b', 2, NOW)]);
    handoff.start();
    handoff.notice(jobNotice('a'));
    handoff.notice(jobNotice('b'));
    await handoff.sync();
    expect(waiting).toEqual(['a', 'b']);

    handoff.notice(cancelNotice('a'));
    expect(waiting).toEqual(['b']);
    // A notice lost with its sender: the next read finds `b` no longer waiting in the store.
    setRows([]);
    await handoff.sync();
    expect(waiting).toEqual([]);
    expect(redrawn).toEqual(['a', 'b']);
    // A cancel of a job this dispatcher never had touches nothing it drew.
    handoff.notice(cancelNotice('never-seen'));
    expect(redrawn).toEqual(['a', 'b']);
  });
});
