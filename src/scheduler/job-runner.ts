import Bottleneck from 'bottleneck';
import type { ImageBackend, ImageResult } from '../images/backend.js';
import { extensionForMime } from '../images/fit.js';
import { isRefundable, stabilityFailureCode } from '../jobs/failure-codes.js';
import type { Logger } from '../logger.js';
import { describeStabilityError, formatErrorForOperator } from '../stability/describe.js';
import { StabilityError } from '../stability/errors.js';
import type { ImageFiles } from '../store/image-files.js';
import type { ImageOutcome, JobEnding, JobStore } from '../store/job-store.js';
import type { Job } from '../domain/job.js';
import { callFor } from './job-calls.js';
import type { LatencyTracker } from './latency.js';
import { CallVetoedError, type Pacer, PacerStoppedError } from './pacer.js';
import type { QueueView } from './queue-view.js';

export interface RunnerDeps {
  jobs: JobStore;
  files: ImageFiles;
  backend: ImageBackend;
  pacer: Pacer;
  queue: QueueView;
  latency: LatencyTracker;
  logger: Logger;
  /** How many of one user's jobs may run at once. */
  concurrentPerUser: (userId: string) => number;
  /** The input image of a variation or upscale (from disk, or fetched again from Discord). */
  sourceImage: (job: Job) => Promise<Uint8Array>;
  /** Shows the job's current state on Discord; errors are the publisher's to log. */
  publish: (jobId: string) => Promise<void>;
  /** Hashes a user id for Stability's `stability-client-user-id` header. */
  clientUserId: (userId: string) => string;
  onCall?: (endpoint: string, ms: number, outcome: string, credits: number) => void;
  onJobEnd?: (job: Job) => void;
  /** Queue positions moved: a job was queued, started, cancelled or ended. */
  onQueueChange?: () => void;
}

export type JobRunner = ReturnType<typeof createJobRunner>;

const RESTART_MESSAGE =
  'the bot restarted while this job was running. It was not sent again, so you are not charged twice — press 🔄 Reroll to try again.';

export function endpointOf(job: Job): string {
  if (job.kind === 'upscale') return 'upscale-fast';
  return job.params.model;
}

/**
 * Runs committed jobs: a per-user Bottleneck group (fairness: each user's jobs enter the pacer a few at a time) in
 * front of the global pacer (quota). The jobs table stays the durable queue; nothing here survives a restart, by design.
 */
export function createJobRunner(deps: RunnerDeps) {
  const users = new Bottleneck.Group({ maxConcurrent: 1 });
  users.on('created', (limiter, userId) => {
    void limiter.updateSettings({ maxConcurrent: deps.concurrentPerUser(userId) });
  });
  const active = new Set<Promise<void>>();
  let stopping = false;

  const outcomeOf = (job: Job, index: number, result: PromiseSettledResult<ImageResult>): ImageOutcome | 'vetoed' => {
    if (result.status === 'fulfilled') {
      const r = result.value;
      const common = { seed: r.seed, finishReason: r.finishReason, credits: r.credits, requestId: r.requestId };
      if (r.finishReason === 'CONTENT_FILTERED')
        return { state: 'filtered', ...common, width: r.width, height: r.height };
      const fileName = deps.files.save(job.id, index, r.bytes, extensionForMime(r.mime));
      return {
        state: 'succeeded',
        ...common,
        width: r.width,
        height: r.height,
        mime: r.mime,
        fileName,
        fileBytes: r.bytes.byteLength,
      };
    }
    const error: unknown = result.reason;
    if (error instanceof CallVetoedError) return 'vetoed';
    if (error instanceof PacerStoppedError) {
      return { state: 'failed', credits: 0, error: 'not started: the bot was shutting down', errorCode: 'not_started' };
    }
    if (error instanceof StabilityError) {
      deps.logger.warn(
        { jobId: job.id, index, userId: job.userId, requestId: error.requestId, errorId: error.errorId },
        `Stability call failed: ${formatErrorForOperator(error)}`,
      );
      const outcome: ImageOutcome = {
        state: 'failed',
        credits: 0,
        error: describeStabilityError(error).summary,
        errorCode: stabilityFailureCode(error),
      };
      if (error.requestId) outcome.requestId = error.requestId;
      return outcome;
    }
    deps.logger.error({ err: error, jobId: job.id, index }, 'image call failed unexpectedly');
    return {
      state: 'failed',
      credits: 0,
      error: 'an internal error occurred (the operator has the details)',
      errorCode: 'internal',
    };
  };

  const finalState = (job: Job): { state: 'succeeded' | 'filtered' | 'failed'; error?: string; ending: JobEnding } => {
    if (job.images.some((i) => i.state === 'succeeded')) return { state: 'succeeded', ending: {} };
    if (job.images.some((i) => i.state === 'filtered')) return { state: 'filtered', ending: {} };
    const failed = job.images.find((i) => i.error);
    const errorCode = failed?.errorCode;
    // Settled here from the images, before the row is written, so the refund lands with the final state.
    const chargedCredits = job.images.reduce((sum, image) => sum + image.credits, 0);
    const refunded = isRefundable({ state: 'failed', chargedCredits, images: job.images, errorCode });
    return {
      state: 'failed',
      error: failed?.error ?? 'no image could be made',
      ending: { ...(errorCode ? { errorCode } : {}), refunded },
    };
  };

  const track = (promise: Promise<void>) => {
    active.add(promise);
    void promise.finally(() => active.delete(promise));
  };

  const runJob = async (jobId: string): Promise<void> => {
    const job = deps.jobs.get(jobId);
    if (stopping || !job || job.state !== 'queued') return;
    let source: Uint8Array | undefined;
    if (job.kind === 'upscale' || job.kind === 'vary-subtle' || job.kind === 'vary-strong') {
      try {
        source = await deps.sourceImage(job);
      } catch (error) {
        deps.logger.warn({ jobId, err: error }, 'source image unavailable');
        deps.queue.remove(jobId);
        const failed = deps.jobs.finish(
          jobId,
          'failed',
          'the source image is no longer available (its message was deleted?)',
          { errorCode: 'source_unavailable', refunded: true },
        );
        deps.onJobEnd?.(failed);
        track(deps.publish(failed.id));
        return;
      }
    }
    let started = false;
    const onStart = () => {
      if (started) return true;
      if (!deps.jobs.markRunning(jobId)) return false;
      started = true;
      deps.queue.remove(jobId);
      deps.onQueueChange?.();
      void deps.publish(jobId);
      return true;
    };
    const endpoint = endpointOf(job);
    const options = { clientUserId: deps.clientUserId(job.userId) };
    const results = await Promise.allSettled(
      job.images.map((image) =>
        deps.pacer.run(async () => {
          const t0 = performance.now();
          try {
            const result = await callFor(deps.backend, job, image.index, source, options);
            deps.latency.record(endpoint, performance.now() - t0);
            deps.onCall?.(endpoint, performance.now() - t0, result.finishReason, result.credits);
            return result;
          } catch (error) {
            deps.onCall?.(endpoint, performance.now() - t0, error instanceof Error ? error.name : 'error', 0);
            throw error;
          }
        }, onStart),
      ),
    );
    // Never dispatched: cancelled while waiting (already shown) or left queued by a shutdown.
    if (!started) {
      deps.queue.remove(jobId);
      return;
    }
    results.forEach((result, index) => {
      const outcome = outcomeOf(job, index, result);
      if (outcome !== 'vetoed') deps.jobs.recordImage(jobId, index, outcome);
    });
    const end = finalState(deps.jobs.get(jobId) ?? job);
    const finished = deps.jobs.finish(jobId, end.state, end.error, end.ending);
    deps.onJobEnd?.(finished);
    deps.onQueueChange?.();
    // Delivery (an upload to Discord) does not hold the user's slot: the next job may start meanwhile.
    track(deps.publish(finished.id));
  };

  const enqueue = (job: Job): void => {
    deps.queue.add({ jobId: job.id, userId: job.userId, seq: job.seq, calls: job.params.count });
    deps.onQueueChange?.();
    users
      .key(job.userId)
      .schedule(() => {
        const run = runJob(job.id).catch((error: unknown) => {
          deps.logger.error({ err: error, jobId: job.id }, 'job runner crashed');
        });
        track(run);
        return run;
      })
      .catch((error: unknown) => deps.logger.error({ err: error, jobId: job.id }, 'could not schedule job'));
  };

  return {
    enqueue,

    /** Cancels a job that has not started; false once it runs or has ended. */
    cancel(jobId: string, reason: string): Job | undefined {
      if (!deps.jobs.cancel(jobId, reason)) return undefined;
      deps.queue.remove(jobId);
      deps.onQueueChange?.();
      const job = deps.jobs.get(jobId);
      if (job) deps.onJobEnd?.(job);
      return job;
    },

    /** On boot: jobs found running died with the process (fail them, never resubmit); queued ones go back in order. */
    async recover(): Promise<{ requeued: number; failed: number }> {
      const crashed = deps.jobs.listByState('running');
      for (const job of crashed) {
        const failed = deps.jobs.finish(job.id, 'failed', RESTART_MESSAGE, { errorCode: 'interrupted' });
        deps.onJobEnd?.(failed);
        await deps.publish(failed.id);
      }
      const queued = deps.jobs.listByState('queued');
      for (const job of queued) enqueue(job);
      await Promise.all(queued.map((job) => deps.publish(job.id)));
      return { requeued: queued.length, failed: crashed.length };
    },

    /** Lets calls already sent finish and delivers their jobs; jobs not started stay queued in the store. */
    async shutdown(): Promise<void> {
      stopping = true;
      await deps.pacer.stop();
      await Promise.allSettled([...active]);
      await users.disconnect?.(false);
    },

    activeCount: () => active.size,
    setUserConcurrency(userId: string, maxConcurrent: number): void {
      void users.key(userId).updateSettings({ maxConcurrent });
    },
  };
}
