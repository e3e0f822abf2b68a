/** A waiting job as the queue view needs it. */
export interface Waiting {
  jobId: string;
  userId: string;
  seq: number;
  calls: number;
}

/**
 * Where each waiting job stands. The scheduler serves users round-robin (each user's jobs enter the global queue a
 * few at a time), so a job's position is its own user's earlier jobs plus, from every other user, at most as many
 * jobs as it has ahead of it — not its place in one FIFO.
 */
export function createQueueView() {
  const waiting = new Map<string, Waiting>();

  return {
    add(entry: Waiting): void {
      waiting.set(entry.jobId, entry);
    },
    remove(jobId: string): void {
      waiting.delete(jobId);
    },
    has: (jobId: string) => waiting.has(jobId),
    size: () => waiting.size,
    /** Calls waiting in total (a job of count n is n calls). */
    totalCalls: () => [...waiting.values()].reduce((sum, w) => sum + w.calls, 0),

    /** 1-based position, and how many API calls go before this job's. */
    positionOf(jobId: string): { position: number; callsAhead: number } | undefined {
      const me = waiting.get(jobId);
      if (!me) return undefined;
      const byUser = new Map<string, Waiting[]>();
      for (const w of waiting.values()) {
        const list = byUser.get(w.userId) ?? [];
        list.push(w);
        byUser.set(w.userId, list);
      }
      const mine = (byUser.get(me.userId) ?? []).sort((a, b) => a.seq - b.seq);
      const rank = mine.findIndex((w) => w.jobId === jobId);
      let jobsAhead = rank;
      let callsAhead = mine.slice(0, rank).reduce((sum, w) => sum + w.calls, 0);
      for (const [userId, list] of byUser) {
        if (userId === me.userId) continue;
        const sorted = list.sort((a, b) => a.seq - b.seq);
        // Another user's jobs that go first: one per round before ours, plus this round's if they came earlier.
        const before = sorted.filter((w, i) => i < rank || (i === rank && w.seq < me.seq));
        jobsAhead += before.length;
        callsAhead += before.reduce((sum, w) => sum + w.calls, 0);
      }
      return { position: jobsAhead + 1, callsAhead };
    },

    /** Every waiting job id, oldest first. */
    ids: () => [...waiting.values()].sort((a, b) => a.seq - b.seq).map((w) => w.jobId),
  };
}

export type QueueView = ReturnType<typeof createQueueView>;
