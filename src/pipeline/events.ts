import { EventEmitter } from 'node:events';
import type { Job } from '../domain/job.js';
import type { QueueEntry } from './fair-queue.js';

/** A finished image the dispatcher still holds in memory until it is delivered (the store may be failing). */
export interface HeldImage {
  bytes: Uint8Array;
  mime: string;
}

export interface CallRecord {
  endpoint: string;
  /** @unit milliseconds */
  ms: number;
  /** `SUCCESS`, `CONTENT_FILTERED`, `pending` (async submit) or the failure code. */
  outcome: string;
  credits: number;
}

/**
 * What the job pipeline announces. The dispatcher is their only source; delivery, progress edits, budgets and metrics
 * subscribe in one place (src/app/pipeline.ts), so following a job means reading that list.
 */
export interface PipelineEvents {
  /** A committed job joined the queue. */
  queued: [entry: QueueEntry];
  /** Its first call is leaving: it runs now and can no longer be cancelled. */
  started: [job: Job];
  /** One of its images is done (or failed); the job is still running. */
  image: [job: Job, index: number];
  /** It ended (any terminal state) and its result waits for delivery; `images` are the bytes to post. */
  ended: [job: Job, images: ReadonlyMap<number, HeldImage>];
  /** It was cancelled while waiting. */
  cancelled: [job: Job];
  /** Waiting positions or ETAs moved. */
  moved: [];
  /** Stability answered 429: nothing is sent until `until` (epoch ms). */
  paused: [until: number];
  resumed: [];
  /** One request to Stability came back (metrics, latency). */
  call: [record: CallRecord];
}

export type PipelineEmitter = EventEmitter<PipelineEvents>;

export function createPipelineEmitter(): PipelineEmitter {
  return new EventEmitter<PipelineEvents>();
}
