import type { Clock } from '../clock.js';
import type { QueueStatus } from '../discord/job-message.js';
import type { Job } from '../domain/job.js';
import type { QueueView } from './queue-view.js';

export interface ProgressDeps {
  queue: QueueView;
  clock: Clock;
  loadJob: (jobId: string) => Job | undefined;
  status: (job: Job) => QueueStatus | undefined;
  publish: (jobId: string) => Promise<void>;
  /** Shortest time between two progress edits of one message. @unit milliseconds */
  minIntervalMs: number;
  /** Most progress edits per sweep, nearest the head of the queue first (Discord's rate limits are finite). */
  maxEditsPerSweep: number;
  /** How long changes gather before a sweep. @unit milliseconds */
  sweepDelayMs: number;
}

export type ProgressUpdater = ReturnType<typeof createProgressUpdater>;

/** What a waiting user would notice: position, ETA rounded to what the message prints, and the pause. */
function statusKey(status: QueueStatus): string {
  const eta = status.etaMs === undefined ? '' : Math.round(status.etaMs / (status.etaMs < 90_000 ? 5_000 : 60_000));
  return `${status.position}|${eta}|${status.pausedUntil ?? 0}`;
}

function pauseOf(key: string): string {
  return key.split('|')[2] ?? '';
}

/**
 * Keeps waiting jobs' messages current without flooding Discord: a message is edited only when what it shows
 * changed, at most once per `minIntervalMs`, and a sweep edits at most `maxEditsPerSweep` messages.
 */
export function createProgressUpdater(deps: ProgressDeps) {
  const shown = new Map<string, { key: string; at: number }>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const sweep = () => {
    timer = undefined;
    if (stopped) return;
    const now = deps.clock.now();
    const waiting = deps.queue.ids();
    const waitingSet = new Set(waiting);
    for (const id of shown.keys()) if (!waitingSet.has(id)) shown.delete(id);
    const due: { id: string; key: string; position: number }[] = [];
    let deferred = false;
    for (const id of waiting) {
      const job = deps.loadJob(id);
      if (job?.state !== 'queued') continue;
      const status = deps.status(job);
      if (!status) continue;
      const key = statusKey(status);
      const last = shown.get(id);
      if (last?.key === key) continue;
      // A pause (or its end) is news the user must see now; position and ETA can wait for the interval.
      const pauseChanged = last !== undefined && pauseOf(last.key) !== pauseOf(key);
      if (last && !pauseChanged && now - last.at < deps.minIntervalMs) {
        deferred = true;
        continue;
      }
      due.push({ id, key, position: status.position });
    }
    due.sort((a, b) => a.position - b.position);
    for (const item of due.slice(0, deps.maxEditsPerSweep)) {
      shown.set(item.id, { key: item.key, at: now });
      void deps.publish(item.id);
    }
    if (deferred || due.length > deps.maxEditsPerSweep) schedule(Math.max(deps.sweepDelayMs, 1000));
  };

  const schedule = (delay: number) => {
    if (timer || stopped) return;
    timer = setTimeout(sweep, delay);
    timer.unref();
  };

  return {
    /** Something that moves positions or ETAs happened (enqueue, start, end, pause, resume). */
    changed(): void {
      schedule(deps.sweepDelayMs);
    },
    /** A message was just drawn by someone else (e.g. the first "queued" reply); count it as shown. */
    markShown(job: Job): void {
      const status = deps.status(job);
      if (status) shown.set(job.id, { key: statusKey(status), at: deps.clock.now() });
    },
    stop(): void {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
