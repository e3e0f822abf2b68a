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

/**
 * Keeps a snapshot of the dispatcher's queue and the store's running jobs, refreshed (debounced) whenever the
 * pipeline announces a change: the page reads it synchronously; the playground owns the app, so it looks but never
 * touches.
 */
export function createQueueSnapshot(app: Pick<App, 'pipeline' | 'store'>, now: () => number) {
  let current: QueueSnapshot = { waiting: [], running: [], counts: {}, pausedUntil: null };
  let pending = false;

  const refresh = async () => {
    const order = app.pipeline.dispatcher.waiting().slice(0, MAX_LISTED);
    const waiting: QueueEntry[] = [];
    for (const { entry: queued, placement } of order) {
      const job = await app.store.jobs.get(queued.jobId);
      if (job) waiting.push({ ...entry(job), position: placement.position, callsAhead: placement.callsAhead });
    }
    const running = (await app.store.jobs.listByState('running')).slice(0, MAX_LISTED).map(entry);
    const pausedUntil = app.pipeline.dispatcher.pausedUntil();
    current = {
      waiting,
      running,
      counts: await app.store.jobs.countByState(),
      pausedUntil: pausedUntil > now() ? pausedUntil : null,
    };
  };

  const schedule = () => {
    if (pending) return;
    pending = true;
    setTimeout(() => {
      pending = false;
      void refresh().catch(() => undefined);
    }, 50).unref();
  };
  for (const event of ['moved', 'started', 'ended', 'cancelled', 'paused', 'resumed'] as const) {
    app.pipeline.events.on(event, schedule);
  }
  schedule();

  return (): QueueSnapshot => current;
}
