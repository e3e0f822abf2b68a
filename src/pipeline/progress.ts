import type { Clock } from '../clock.js';
import type { Timers } from './pacer.js';

/** What a waiting job's message says about its place, as the member reads it. */
export interface QueueStatus {
  position: number;
  /** @unit milliseconds */
  etaMs: number;
  /** Epoch ms (app clock) until which a Stability lockout pauses the queue; 0 when it does not. */
  pausedUntil: number;
}

export interface WaitingView {
  jobId: string;
  status: QueueStatus;
}

export interface ProgressDeps {
  clock: Clock;
  timers: Timers;
  /** Every waiting job in start order, with its status. */
  waiting(): readonly WaitingView[];
  /** Edits the job's message to show `status`; errors are the caller's to log. */
  edit(jobId: string, status: QueueStatus): Promise<void>;
  /** Edits per sweep for the jobs nearest the head (their positions move first). */
  headEdits: number;
  /** Edits per sweep for the jobs shown longest ago, so the tail is refreshed too. */
  staleEdits: number;
  /**
   * Edits per sweep, before the others, for messages never drawn here: replies another process deferred, whose
   * member sees only "thinking…" until the first edit. Default 0 (they count as the stalest instead).
   */
  firstEdits?: number;
  /** Shortest time between two edits of one message (a pause or its end is shown at once). @unit milliseconds */
  minIntervalMs: number;
  /** @unit milliseconds */
  sweepMs: number;
}

/** Only what a member would notice: the position, the ETA as printed, and the pause. */
function keyOf(status: QueueStatus): string {
  const eta = Math.round(status.etaMs / (status.etaMs < 90_000 ? 5_000 : 60_000));
  return `${status.position}|${eta}|${status.pausedUntil}`;
}

const pauseOf = (key: string) => key.split('|')[2] ?? '';

/**
 * Keeps waiting messages true within a fixed REST budget, whatever the queue's length: each sweep edits up to
 * `headEdits` changed messages nearest the head and `staleEdits` changed messages shown longest ago. With 10 of each
 * per second every waiting message is refreshed at least every max(5 s, waiting ÷ 10) seconds, and the head within
 * seconds; the cost of a sweep grows with the edits it makes, not with the square of the queue.
 */
export function createProgress(deps: ProgressDeps) {
  /** Last shown per job, oldest first (a Map keeps insertion order; re-setting moves a job to the end). */
  const shown = new Map<string, { key: string; at: number }>();
  let timer: { cancel(): void } | undefined;
  let stopped = false;

  const sweep = () => {
    timer = undefined;
    if (stopped) return;
    const now = deps.clock.now();
    const waiting = deps.waiting();
    const byId = new Map(waiting.map((view) => [view.jobId, view]));
    for (const id of shown.keys()) if (!byId.has(id)) shown.delete(id);

    const due = (view: WaitingView, minAge: number): string | undefined => {
      const key = keyOf(view.status);
      const last = shown.get(view.jobId);
      if (!last) return key;
      if (last.key === key) return undefined;
      if (pauseOf(last.key) !== pauseOf(key)) return key;
      return now - last.at >= minAge ? key : undefined;
    };

    const picked = new Map<string, { view: WaitingView; key: string }>();
    const firstEdits = deps.firstEdits ?? 0;
    if (firstEdits > 0) {
      for (const view of waiting) {
        if (picked.size >= firstEdits) break;
        if (!shown.has(view.jobId)) picked.set(view.jobId, { view, key: keyOf(view.status) });
      }
    }
    const firsts = picked.size;
    for (const view of waiting) {
      if (picked.size - firsts >= deps.headEdits) break;
      if (picked.has(view.jobId)) continue;
      const key = due(view, deps.minIntervalMs);
      if (key !== undefined) picked.set(view.jobId, { view, key });
    }
    let stale = 0;
    // Never shown since a restart counts as oldest of all.
    const candidates = [
      ...waiting.filter((v) => !shown.has(v.jobId)),
      ...[...shown.keys()].flatMap((id) => byId.get(id) ?? []),
    ];
    for (const view of candidates) {
      if (stale >= deps.staleEdits) break;
      if (picked.has(view.jobId)) continue;
      const key = due(view, deps.minIntervalMs);
      if (key === undefined) continue;
      picked.set(view.jobId, { view, key });
      stale++;
    }
    for (const { view, key } of picked.values()) {
      shown.delete(view.jobId);
      shown.set(view.jobId, { key, at: now });
      void deps.edit(view.jobId, view.status);
    }
    if (waiting.length > 0) schedule();
  };

  const schedule = () => {
    if (timer || stopped) return;
    timer = deps.timers.setTimeout(sweep, deps.sweepMs);
  };

  return {
    /** Positions or ETAs moved: a sweep is on its way. */
    changed: schedule,
    /** A message was just drawn with `status` (the job's first reply): count it as shown. */
    markShown(jobId: string, status: QueueStatus): void {
      shown.delete(jobId);
      shown.set(jobId, { key: keyOf(status), at: deps.clock.now() });
    },
    stop(): void {
      stopped = true;
      timer?.cancel();
    },
  };
}

export type Progress = ReturnType<typeof createProgress>;
