import { createMinHeap } from './min-heap.js';

/** A waiting job as the queue keeps it: what ordering and pacing need, never the whole row (prompts, images). */
export interface QueueEntry {
  jobId: string;
  /** Commit order across every process (the jobs table's sequence). */
  seq: number;
  userId: string;
  /** API calls the job makes (its image count). */
  calls: number;
  /** Which endpoint it calls, for its latency in ETAs. */
  endpoint: string;
}

export interface Placement {
  /** 1-based, distinct for every waiting job, in the order they will start. */
  position: number;
  /** API calls that start before this job's first one. */
  callsAhead: number;
}

interface UserQueue {
  id: string;
  /** Jobs of this member that hold a slot (started and not ended). */
  running: number;
  /** How many may hold a slot at once (the member's `concurrent` limit). */
  limit: number;
  waiting: QueueEntry[];
  /** When their head job became able to start (a tick of the queue's own counter), while it can. */
  readyAt: number;
}

/**
 * Who goes next, fairly: each member's jobs hold at most `limit` slots at a time; among the members who could start
 * one, the one whose job has been able to start longest goes first. A member's job becomes able to start when it
 * arrives with a slot free, or when their slot frees — so a light member who arrives behind 1,900 waiting jobs waits
 * for at most one job of each other member, never for the backlog. Further out the order is by round (a member's
 * k-th waiting job, counting the ones holding slots, is in round ⌊(running + k) / limit⌋), then commit order, and
 * the positions shown are that order.
 *
 * Costs stay flat as the queue grows: `next` is O(log members) (a heap of the members who could start a job), a new
 * job's placement O(rounds) from per-round counts, and a member's change O(their own jobs). Only `order`, for
 * progress sweeps, sorts, once per change.
 */
export function createFairQueue() {
  const users = new Map<string, UserQueue>();
  const byId = new Map<string, QueueEntry>();
  /** Waiting jobs and calls per round. */
  const roundJobs: number[] = [];
  const roundCalls: number[] = [];
  /** Heads that can start now (one per eligible member), and their calls. */
  let readyHeads = 0;
  let readyCalls = 0;
  let tick = 0;
  /** Members who may start a job now, by when their head became able to (stale keys are skipped when popped). */
  const eligible = createMinHeap<{ user: UserQueue; readyAt: number; seq: number }>(
    (a, b) => a.readyAt - b.readyAt || a.seq - b.seq,
  );
  let size = 0;
  let calls = 0;
  let cached: { entries: QueueEntry[]; callsAhead: number[]; index: Map<string, number> } | undefined;

  const round = (user: UserQueue, k: number) => Math.floor((user.running + k) / user.limit);
  const canStart = (user: UserQueue) => user.waiting.length > 0 && user.running < user.limit;

  const count = (user: UserQueue, sign: 1 | -1) => {
    user.waiting.forEach((entry, k) => {
      const r = round(user, k);
      roundJobs[r] = (roundJobs[r] ?? 0) + sign;
      roundCalls[r] = (roundCalls[r] ?? 0) + sign * entry.calls;
    });
    const head = user.waiting[0];
    if (head && canStart(user)) {
      readyHeads += sign;
      readyCalls += sign * head.calls;
    }
  };

  /** Applies a change to one member with their rounds recounted around it. */
  const reround = (user: UserQueue, change: () => void, headChanged = false) => {
    const before = user.waiting.length > 0 ? canStart(user) : false;
    count(user, -1);
    change();
    count(user, 1);
    cached = undefined;
    const head = user.waiting[0];
    if (head && canStart(user)) {
      // A head that just became able to start joins the line behind everyone already able to.
      if (!before || headChanged) user.readyAt = ++tick;
      eligible.push({ user, readyAt: user.readyAt, seq: head.seq });
    }
    if (user.running === 0 && user.waiting.length === 0) users.delete(user.id);
    // Stale keys pile up while nothing is dispatched (a lockout); rebuild before they outgrow the members.
    if (eligible.size() > 4 * users.size + 1024) {
      eligible.clear();
      for (const member of users.values()) {
        const first = member.waiting[0];
        if (first && canStart(member)) eligible.push({ user: member, readyAt: member.readyAt, seq: first.seq });
      }
    }
  };

  const userOf = (userId: string): UserQueue => {
    let user = users.get(userId);
    if (!user) {
      user = { id: userId, running: 0, limit: 1, waiting: [], readyAt: 0 };
      users.set(userId, user);
    }
    return user;
  };

  const sorted = () => {
    if (cached) return cached;
    const keyed: { entry: QueueEntry; round: number; ready: number }[] = [];
    for (const user of users.values()) {
      const startsNow = canStart(user);
      user.waiting.forEach((entry, k) => {
        // Heads able to start go by when they became able to; everything else by commit order within its round.
        const ready = k === 0 && startsNow ? user.readyAt : Number.POSITIVE_INFINITY;
        keyed.push({ entry, round: round(user, k), ready });
      });
    }
    keyed.sort((a, b) => a.round - b.round || a.ready - b.ready || a.entry.seq - b.entry.seq);
    const entries = keyed.map((item) => item.entry);
    const callsAhead: number[] = [];
    let sum = 0;
    for (const entry of entries) {
      callsAhead.push(sum);
      sum += entry.calls;
    }
    cached = { entries, callsAhead, index: new Map(entries.map((entry, i) => [entry.jobId, i])) };
    return cached;
  };

  return {
    size: () => size,
    /** Calls waiting in total (a job of count n is n calls). */
    totalCalls: () => calls,
    has: (jobId: string) => byId.has(jobId),

    /** Adds a committed job under the member's `concurrent` limit. */
    add(entry: QueueEntry, limit: number): void {
      if (byId.has(entry.jobId)) return;
      const user = userOf(entry.userId);
      reround(user, () => {
        user.limit = Math.max(1, limit);
        user.waiting.push(entry);
        // A job recovered late (another process committed it earlier) still goes by commit order.
        if (user.waiting.length > 1 && (user.waiting.at(-2)?.seq ?? 0) > entry.seq) {
          user.waiting.sort((a, b) => a.seq - b.seq);
        }
      });
      byId.set(entry.jobId, entry);
      size++;
      calls += entry.calls;
    },

    /** A member's limit changed (a moderator, or a newer job admitted under other roles). */
    setLimit(userId: string, limit: number): void {
      const user = users.get(userId);
      if (!user || user.limit === Math.max(1, limit)) return;
      reround(user, () => {
        user.limit = Math.max(1, limit);
      });
    },

    remove(jobId: string): QueueEntry | undefined {
      const entry = byId.get(jobId);
      const user = entry ? users.get(entry.userId) : undefined;
      if (!entry || !user) return undefined;
      reround(user, () => {
        user.waiting = user.waiting.filter((e) => e !== entry);
      });
      byId.delete(jobId);
      size--;
      calls -= entry.calls;
      return entry;
    },

    /** The job that starts next: the oldest of those whose member has a free slot; it now holds that slot. */
    next(): QueueEntry | undefined {
      for (;;) {
        const top = eligible.pop();
        if (!top) return undefined;
        const { user } = top;
        const head = user.waiting[0];
        // Stale: the member's head changed, their slots filled, or they were re-keyed, since this key was pushed.
        const stale = !head || head.seq !== top.seq || top.readyAt !== user.readyAt;
        if (stale || !canStart(user) || users.get(user.id) !== user) continue;
        reround(
          user,
          () => {
            user.waiting.shift();
            user.running++;
          },
          true,
        );
        byId.delete(head.jobId);
        size--;
        calls -= head.calls;
        return head;
      }
    },

    /** Marks a job of `userId` as holding a slot without having waited here (recovered after a restart). */
    hold(userId: string, limit: number): void {
      const user = userOf(userId);
      reround(user, () => {
        user.limit = Math.max(1, limit);
        user.running++;
      });
    },

    /** A job of `userId` no longer holds its slot (ended, or only polling now). */
    release(userId: string): void {
      const user = users.get(userId);
      if (!user || user.running === 0) return;
      reround(user, () => {
        user.running--;
      });
    },

    /**
     * Where a job just added stands, without sorting: it is the newest of its round, so every job of an earlier
     * round and every other job of its own round is ahead of it.
     */
    placementOfNewest(jobId: string): Placement | undefined {
      const entry = byId.get(jobId);
      const user = entry ? users.get(entry.userId) : undefined;
      if (!entry || !user) return undefined;
      const k = user.waiting.indexOf(entry);
      // The member's only job, able to start: behind the other heads able to start, ahead of everything else.
      if (k === 0 && canStart(user)) return { position: readyHeads, callsAhead: readyCalls - entry.calls };
      const mine = round(user, k);
      let jobsAhead = (roundJobs[mine] ?? 1) - 1;
      let callsAhead = (roundCalls[mine] ?? entry.calls) - entry.calls;
      for (let r = 0; r < mine; r++) {
        jobsAhead += roundJobs[r] ?? 0;
        callsAhead += roundCalls[r] ?? 0;
      }
      return { position: jobsAhead + 1, callsAhead };
    },

    placement(jobId: string): Placement | undefined {
      const view = sorted();
      const i = view.index.get(jobId);
      return i === undefined ? undefined : { position: i + 1, callsAhead: view.callsAhead[i] ?? 0 };
    },

    /** Every waiting job in the order it will start, with what goes before it (sorted once per change). */
    order(): readonly QueueEntry[] {
      return sorted().entries;
    },
  };
}

export type FairQueue = ReturnType<typeof createFairQueue>;
