import type { Clock } from '../clock.js';
import type { ImageResult } from '../stability/request.js';

/** How the local backend's asynchronous jobs (creative upscale) progress. */
export interface LocalAsyncOptions {
  /** Polls answered "in progress" before the image. @default 1 */
  pendingPolls?: number;
  /** Time after submit before the image is ready, in milliseconds (both this and `pendingPolls` must pass). @default 0 */
  readyAfterMs?: number;
  /** How long a result is kept once ready, in milliseconds (Stability: 24 hours); then its id is unknown. */
  ttlMs?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

interface AsyncJob {
  submittedAt: number;
  polls: number;
  render: (requestId: string) => Promise<ImageResult>;
  result: Promise<ImageResult> | undefined;
}

export type AsyncPoll = { state: 'unknown' } | { state: 'pending' } | { state: 'ready'; result: Promise<ImageResult> };

/** The submitted jobs of one backend instance, answered in order: pending, then ready, then gone. */
export interface AsyncJobs {
  submit(id: string, render: (requestId: string) => Promise<ImageResult>): void;
  /** `requestId` names the poll that first finds the job finished, as the result's `x-request-id`. */
  poll(id: string, requestId: string): AsyncPoll;
}

export function createAsyncJobs(clock: Clock, options: LocalAsyncOptions = {}): AsyncJobs {
  const pendingPolls = options.pendingPolls ?? 1;
  const readyAfterMs = options.readyAfterMs ?? 0;
  const ttlMs = options.ttlMs ?? DAY_MS;
  const jobs = new Map<string, AsyncJob>();
  return {
    submit(id, render) {
      jobs.set(id, { submittedAt: clock.now(), polls: 0, render, result: undefined });
    },
    poll(id, requestId) {
      const job = jobs.get(id);
      if (job === undefined) return { state: 'unknown' };
      const age = clock.now() - job.submittedAt;
      if (age >= readyAfterMs + ttlMs) {
        jobs.delete(id);
        return { state: 'unknown' };
      }
      if (job.polls < pendingPolls || age < readyAfterMs) {
        job.polls += 1;
        return { state: 'pending' };
      }
      // Drawn once: every poll of a finished job gets the same bytes, as Stability's stored result would be.
      job.result ??= job.render(requestId);
      return { state: 'ready', result: job.result };
    },
  };
}
