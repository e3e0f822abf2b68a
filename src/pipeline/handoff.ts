import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { QueuedEntry } from '../store/job-store.js';
import type { Store } from '../store/store.js';
import type { Dispatcher } from './dispatcher.js';
import type { QueueEntry } from './fair-queue.js';
import type { Timers } from './pacer.js';

/** Where an admitting process tells the dispatcher about a job: `job:<id>` (acknowledged) or `cancel:<id>`. */
export const JOBS_CHANNEL = 'imagine_jobs';

export const jobNotice = (jobId: string) => `job:${jobId}`;
export const cancelNotice = (jobId: string) => `cancel:${jobId}`;

export interface HandoffDeps {
  store: Pick<Store, 'jobs'>;
  dispatcher: Pick<Dispatcher, 'enqueue' | 'has' | 'waitingIds' | 'drop'>;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  /** The store is read this often even without notices (one may be lost with its sender). @unit milliseconds */
  pollMs: number;
  /**
   * A job nobody announced is taken only once it is this old: its process may still be acknowledging it, and the
   * dispatcher must not edit (or deliver into) a reply Discord has not seen yet. Above Discord's 3 s deadline, after
   * which an unacknowledged job is cancelled by its own process. @unit milliseconds
   */
  graceMs: number;
  /**
   * A job that waited here was cancelled by another process. That process answered the click, but this one may have a
   * progress edit of the job's message on its way, which would land after the answer and hide the cancellation: the
   * message is drawn once more here, behind it.
   */
  onCancelledElsewhere(jobId: string): void;
}

export const toQueueEntry = (row: QueuedEntry): QueueEntry => ({
  jobId: row.id,
  seq: row.seq,
  userId: row.userId,
  calls: row.calls,
  endpoint: row.model,
});

/**
 * The dispatcher's side of the hand-off: jobs other processes admitted join its queue — at once when their process
 * announces them (after acknowledging the interaction), else at the next read of the store — and jobs they cancelled
 * leave it. Reading the whole waiting list, not "rows after the last seq seen", because on PostgreSQL a sequence
 * number is taken at insert and a transaction that took a lower one may commit later.
 */
export function createHandoff(deps: HandoffDeps) {
  const announced = new Set<string>();
  let timer: { cancel(): void } | undefined;
  /** The read under way, and the one that follows it (shared by every call made during the first). */
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  let stopped = false;
  let started = false;

  const dropCancelled = (jobId: string) => {
    if (deps.dispatcher.drop(jobId)) deps.onCancelledElsewhere(jobId);
  };

  const read = async (): Promise<void> => {
    try {
      // Only what was known before the read may be judged by it: later notices and enqueues wait for the next read.
      const waitingBefore = new Set(deps.dispatcher.waitingIds());
      const announcedBefore = new Set(announced);
      const rows = await deps.store.jobs.queuedEntries();
      if (stopped) return;
      const now = deps.clock.now();
      const queued = new Set<string>();
      let added = 0;
      for (const row of rows) {
        queued.add(row.id);
        if (deps.dispatcher.has(row.id)) continue;
        if (!announcedBefore.has(row.id) && row.createdAt > now - deps.graceMs) continue;
        deps.dispatcher.enqueue(toQueueEntry(row), row.maxConcurrent);
        added++;
      }
      for (const id of announcedBefore) announced.delete(id);
      // Still waiting here but no longer queued in the store: cancelled by another process.
      for (const id of waitingBefore) if (!queued.has(id)) dropCancelled(id);
      if (added > 0) deps.logger.debug({ added }, 'jobs of other processes joined the queue');
    } catch (error) {
      deps.logger.warn({ err: error }, 'could not read the waiting jobs of other processes; trying again');
    }
  };

  /** Reads the store's waiting list; resolves once a read that began after this call has been judged. */
  const sync = (): Promise<void> => {
    if (stopped || !started) return Promise.resolve();
    if (!running) {
      running = read().finally(() => {
        running = undefined;
      });
      return running;
    }
    // A read is under way, begun before this call: what this call brings (a notice) waits for the next one.
    next ??= running.then(() => {
      next = undefined;
      return sync();
    });
    return next;
  };

  const tick = () => {
    timer = deps.timers.setTimeout(() => {
      void sync().finally(() => {
        if (!stopped) tick();
      });
    }, deps.pollMs);
  };

  return {
    /** A notice on JOBS_CHANNEL (kept until the dispatcher runs, when it arrives during a takeover). */
    notice(payload: string): void {
      if (stopped) return;
      const [kind, jobId] = payload.split(':');
      if (!jobId) return;
      if (kind === 'cancel') {
        dropCancelled(jobId);
        return;
      }
      if (kind !== 'job') return;
      announced.add(jobId);
      void sync();
    },
    /** The dispatcher has taken over the store's queue: from now on read it. */
    start(): void {
      if (started || stopped) return;
      started = true;
      void sync();
      tick();
    },
    stop(): void {
      stopped = true;
      timer?.cancel();
    },
    sync,
  };
}

export type Handoff = ReturnType<typeof createHandoff>;
