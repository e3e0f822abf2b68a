import type { RawFile } from '@discordjs/rest';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { endpointOf } from '../scheduler/job-runner.js';
import type { LatencyTracker } from '../scheduler/latency.js';
import type { QueueView } from '../scheduler/queue-view.js';
import type { ImageFiles } from '../store/image-files.js';
import type { JobStore } from '../store/job-store.js';
import type { Job } from '../domain/job.js';
import type { Delivery } from './delivery.js';
import { attachmentName, jobMessage, type QueueStatus, SPOILER_PREFIX } from './job-message.js';

export interface PublisherDeps {
  jobs: JobStore;
  files: ImageFiles;
  delivery: Delivery;
  queue: QueueView;
  latency: LatencyTracker;
  clock: Clock;
  logger: Logger;
  /** Time between two dispatches of the pacer. @unit milliseconds */
  dispatchIntervalMs: number;
  maxConcurrent: number;
  pausedUntil: () => number;
  /** Shrinks an image that is over Discord's upload limit for its interaction. */
  fitUpload: (bytes: Uint8Array, mime: string, limit: number) => Promise<{ bytes: Uint8Array; extension: string }>;
  /** Told each time a waiting job's position is drawn, so progress edits skip what is already shown. */
  onQueuedShown?: (job: Job) => void;
}

export type JobPublisher = ReturnType<typeof createJobPublisher>;

/**
 * Puts a job's current state on its Discord message. Calls for one job are chained, and each reads the job afresh
 * when its turn comes, so a slow "running" edit can never land after (and hide) the final result; and while one
 * edit waits its turn, further requests join it instead of adding edits (discord.js sends at most 50 a second).
 */
export function createJobPublisher(deps: PublisherDeps) {
  const chains = new Map<string, Promise<void>>();

  const status = (job: Job): QueueStatus | undefined => {
    const place = deps.queue.positionOf(job.id);
    if (!place) return undefined;
    const latency = deps.latency.estimate(endpointOf(job));
    const interval = Math.max(deps.dispatchIntervalMs, latency / deps.maxConcurrent);
    const paused = deps.pausedUntil();
    const pauseLeft = paused > deps.clock.now() ? paused - deps.clock.now() : 0;
    const result: QueueStatus = {
      position: place.position,
      etaMs: pauseLeft + place.callsAhead * interval + latency,
    };
    if (pauseLeft > 0) result.pausedUntil = paused;
    return result;
  };

  const filesOf = async (job: Job): Promise<RawFile[]> => {
    if (job.state !== 'succeeded') return [];
    const files: RawFile[] = [];
    for (const image of job.images) {
      if (image.state !== 'succeeded' || !image.fileName) continue;
      const bytes = deps.files.read(image.fileName);
      if (!bytes) continue;
      const fitted = await deps.fitUpload(bytes, image.mime ?? 'image/png', job.uploadLimit);
      files.push({ name: attachmentName(job, image, fitted.extension), data: Buffer.from(fitted.bytes) });
    }
    return files;
  };

  const send = async (jobId: string): Promise<void> => {
    const job = deps.jobs.get(jobId);
    if (!job) return;
    const final = job.state !== 'queued' && job.state !== 'running';
    const source = job.sourceJobId ? deps.jobs.get(job.sourceJobId) : undefined;
    const message = jobMessage(job, await filesOf(job), source, job.state === 'queued' ? status(job) : undefined);
    if (job.state === 'queued') deps.onQueuedShown?.(job);
    const result = await deps.delivery.show(job, message, final);
    if (result.messageId && result.messageId !== job.messageId) deps.jobs.setMessageId(job.id, result.messageId);
    for (const attachment of result.attachments ?? []) {
      const name = attachment.filename.startsWith(SPOILER_PREFIX)
        ? attachment.filename.slice(SPOILER_PREFIX.length)
        : attachment.filename;
      const image = job.images.find((i) => name.startsWith(`imagine-${job.id}-${i.index + 1}.`));
      if (image) deps.jobs.setAttachmentUrl(job.id, image.index, attachment.url);
    }
  };

  /** Runs `task` after every earlier edit of this job's message, and before any later one. */
  const serialize = (jobId: string, task: () => Promise<void>): Promise<void> => {
    const previous = chains.get(jobId) ?? Promise.resolve();
    const next = previous
      .then(task)
      .catch((error: unknown) => deps.logger.error({ err: error, jobId }, 'could not show job on Discord'));
    chains.set(jobId, next);
    void next.finally(() => {
      if (chains.get(jobId) === next) chains.delete(jobId);
    });
    return next;
  };

  /** Jobs with a send waiting its turn: that send will read the newest state, so a second one adds nothing. */
  const waiting = new Map<string, Promise<void>>();

  return {
    serialize,
    publish(jobId: string): Promise<void> {
      const queued = waiting.get(jobId);
      if (queued) return queued;
      const next = serialize(jobId, () => {
        waiting.delete(jobId);
        return send(jobId);
      });
      waiting.set(jobId, next);
      return next;
    },
    status,
  };
}
