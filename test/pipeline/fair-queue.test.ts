import { describe, expect, it } from 'vitest';
import { createFairQueue, type FairQueue, type QueueEntry } from '../../src/pipeline/fair-queue.js';

let seq = 0;
const job = (userId: string, calls = 1): QueueEntry => ({
  jobId: `${userId}-${++seq}`,
  seq,
  userId,
  calls,
  endpoint: 'core',
});

/** Takes jobs the way the dispatcher does: the next one starts, and (as its call ends) frees its slot. */
function drain(queue: FairQueue): string[] {
  const started: string[] = [];
  for (let entry = queue.next(); entry; entry = queue.next()) {
    started.push(entry.jobId);
    queue.release(entry.userId);
  }
  return started;
}

describe('the fair queue', () => {
  it('starts a light member after at most one job of each heavy member, not after the backlog', () => {
    const queue = createFairQueue();
    for (let i = 0; i < 50; i++) queue.add(job('heavy'), 1);
    for (let i = 0; i < 30; i++) queue.add(job('busy'), 1);
    const light = job('light');
    queue.add(light, 1);
    expect(queue.placementOfNewest(light.jobId)).toEqual({ position: 3, callsAhead: 2 });
    const firstThree = [queue.next(), queue.next(), queue.next()].map((e) => e?.userId);
    expect(firstThree).toEqual(['heavy', 'busy', 'light']);
  });

  it('gives every waiting job a distinct position, and starts them in exactly that order', () => {
    const queue = createFairQueue();
    const entries = [job('a', 4), job('a', 2), job('b'), job('c', 3), job('a'), job('b', 4), job('c')];
    for (const entry of entries) queue.add(entry, entry.userId === 'a' ? 2 : 1);
    const positions = entries.map((e) => queue.placement(e.jobId)?.position);
    expect(new Set(positions).size).toBe(entries.length);
    const shown = [...entries].sort(
      (x, y) => (queue.placement(x.jobId)?.position ?? 0) - (queue.placement(y.jobId)?.position ?? 0),
    );
    // Slots are freed only after the queue is read, as when every call takes longer than the next arrival.
    expect(queue.order().map((e) => e.jobId)).toEqual(shown.map((e) => e.jobId));
    const started: string[] = [];
    for (;;) {
      const entry = queue.next();
      if (!entry) break;
      started.push(entry.jobId);
    }
    for (const entry of entries) queue.release(entry.userId);
    started.push(...drain(queue));
    expect(started).toEqual(shown.map((e) => e.jobId));
  });

  it("places a new job where the full sort would, at every step of a member's life", () => {
    const queue = createFairQueue();
    const check = (entry: QueueEntry, limit: number) => {
      queue.add(entry, limit);
      expect(queue.placementOfNewest(entry.jobId)).toEqual(queue.placement(entry.jobId));
    };
    check(job('a', 4), 2);
    check(job('b'), 1);
    check(job('a'), 2);
    const started = queue.next();
    expect(started?.userId).toBe('a');
    check(job('c', 2), 1);
    check(job('a', 3), 2);
    queue.release('a');
    check(job('b', 2), 1);
    check(job('a'), 2);
    queue.setLimit('a', 1);
    check(job('c'), 1);
    check(job('d', 4), 3);
  });

  it("never lets a member hold more slots than their limit, and counts calls ahead by each job's images", () => {
    const queue = createFairQueue();
    const a = [job('a', 4), job('a', 4), job('a', 4)];
    for (const entry of a) queue.add(entry, 2);
    const b = job('b', 1);
    queue.add(b, 1);
    expect([queue.next()?.jobId, queue.next()?.jobId]).toEqual([a[0]?.jobId, b.jobId]);
    // a holds one slot, b none: a's second job may start; then a is at its limit of 2.
    expect(queue.next()?.jobId).toBe(a[1]?.jobId);
    expect(queue.next()).toBeUndefined();
    expect(queue.placement(a[2]?.jobId ?? '')).toEqual({ position: 1, callsAhead: 0 });
    queue.release('a');
    expect(queue.next()?.jobId).toBe(a[2]?.jobId);
  });

  it('moves everyone behind a cancelled job up by one', () => {
    const queue = createFairQueue();
    const entries = [job('a'), job('b'), job('c'), job('d')];
    for (const entry of entries) queue.add(entry, 1);
    expect(queue.remove(entries[1]?.jobId ?? '')?.jobId).toBe(entries[1]?.jobId);
    expect(entries.map((e) => queue.placement(e.jobId)?.position)).toEqual([1, undefined, 2, 3]);
    expect(queue.size()).toBe(3);
    expect(queue.totalCalls()).toBe(3);
    expect(drain(queue)).toEqual([entries[0], entries[2], entries[3]].map((e) => e?.jobId));
  });
});
