import type { App } from '../../../src/app.js';
import type { Job } from '../../../src/domain/job.js';

/** One job as the page's queue panel lists it. */
export interface QueueEntry {
  readonly jobId: string;
  readonly kind: Job['kind'];
  readonly userId: string;
  readonly userName: string;
  readonly prompt: string;
  readonly count: number;
  /** Waiting jobs: 1-based place in the fair queue and the API calls ahead of it. */
  readonly position?: number;
  readonly callsAhead?: number;
  readonly startedAt?: number;
}

/** What the scheduler holds right now; an observation panel, never a way to act on the bot. */
export interface QueueSnapshot {
  readonly waiting: readonly QueueEntry[];
  readonly running: readonly QueueEntry[];
  readonly counts: Readonly<Record<string, number>>;
  /** Epoch ms until which a Stability lockout pauses dispatch; null when not paused. */
  readonly pausedUntil: number | null;
}

/** Shows at most this many prompts per list; the counts still tell the whole story. */
const MAX_LISTED = 20;

function entry(job: Job): QueueEntry {
  return {
    jobId: job.id,
    kind: job.kind,
    userId: job.userId,
    userName: job.userName,
    prompt: job.params.prompt.length > 120 ? `${job.params.prompt.slice(0, 119)}…` : job.params.prompt,
    count: job.params.count,
    ...(job.startedAt === undefined ? {} : { startedAt: job.startedAt }),
  };
}

/** Reads the app's queue view and job store; the playground owns the app, so it may look but does not touch. */
export function createQueueSnapshot(app: Pick<App, 'queue' | 'ctx' | 'pacer'>, now: () => number) {
  return (): QueueSnapshot => {
    const waiting = app.queue
      .ids()
      .slice(0, MAX_LISTED)
      .flatMap((id) => {
        const job = app.ctx.jobs.get(id);
        const place = app.queue.positionOf(id);
        return job ? [{ ...entry(job), ...(place ?? {}) }] : [];
      })
      .sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
    const running = app.ctx.jobs.listByState('running').slice(0, MAX_LISTED).map(entry);
    const pausedUntil = app.pacer.pausedUntil();
    return {
      waiting,
      running,
      counts: app.ctx.jobs.countByState(),
      pausedUntil: pausedUntil > now() ? pausedUntil : null,
    };
  };
}
