import { isRefundable } from '../domain/failure.js';
import type { Job, JobImage, JobState } from '../domain/job.js';
import type { ImageResult } from '../images/backend.js';
import { describeStabilityError } from '../stability/describe.js';
import { StabilityError } from '../stability/errors.js';
import type { ImageOutcome, JobEnding } from '../store/job-store.js';

/** What one image's failure is stored as; `estimate` is what the call would have cost, counted when it may have. */
export function failureOutcome(error: unknown, estimate: number): { outcome: ImageOutcome; cause: string } {
  if (error instanceof StabilityError) {
    const described = describeStabilityError(error);
    const outcome: ImageOutcome = {
      state: 'failed',
      credits: described.mayHaveCharged ? estimate : 0,
      error: described.summary,
      errorCode: described.failureCode,
    };
    if (described.mayHaveCharged) outcome.creditsEstimated = true;
    if (error.requestId) outcome.requestId = error.requestId;
    return { outcome, cause: described.cause };
  }
  return {
    outcome: {
      state: 'failed',
      credits: estimate,
      creditsEstimated: true,
      error: 'an internal error occurred (the operator has the details)',
      errorCode: 'internal',
    },
    cause: error instanceof Error ? error.message : String(error),
  };
}

export function resultOutcome(result: ImageResult, credits: number): ImageOutcome {
  const common = {
    seed: result.seed,
    finishReason: result.finishReason,
    credits,
    requestId: result.requestId,
    width: result.width,
    height: result.height,
  };
  if (result.finishReason === 'CONTENT_FILTERED') return { state: 'filtered', ...common };
  return { state: 'succeeded', ...common, mime: result.mime, fileBytes: result.bytes.byteLength };
}

/** The job's image as it now stands, for the in-memory snapshot delivery draws from. */
export function applyOutcome(image: JobImage, outcome: ImageOutcome): JobImage {
  const next: JobImage = { index: image.index, state: outcome.state, credits: outcome.credits };
  if (image.sentAt !== undefined) next.sentAt = image.sentAt;
  if (image.attachmentUrl !== undefined) next.attachmentUrl = image.attachmentUrl;
  if (outcome.creditsEstimated) next.creditsEstimated = true;
  if (outcome.seed !== undefined) next.seed = outcome.seed;
  if (outcome.finishReason !== undefined) next.finishReason = outcome.finishReason;
  if (outcome.requestId !== undefined) next.requestId = outcome.requestId;
  if (outcome.width !== undefined) next.width = outcome.width;
  if (outcome.height !== undefined) next.height = outcome.height;
  if (outcome.mime !== undefined) next.mime = outcome.mime;
  if (outcome.error !== undefined) next.error = outcome.error;
  if (outcome.errorCode !== undefined) next.errorCode = outcome.errorCode;
  return next;
}

export interface FinalState {
  state: Exclude<JobState, 'queued' | 'running' | 'cancelled'>;
  error?: string;
  ending: JobEnding;
  charged: number;
}

/** How a job ends from its images: delivered if any image is, filtered if any was blurred, else failed. */
export function finalState(images: readonly JobImage[]): FinalState {
  const charged = images.reduce((sum, image) => sum + image.credits, 0);
  if (images.some((i) => i.state === 'succeeded')) return { state: 'succeeded', ending: {}, charged };
  if (images.some((i) => i.state === 'filtered')) return { state: 'filtered', ending: {}, charged };
  const failed = images.find((i) => i.error);
  const errorCode = failed?.errorCode;
  const refunded = isRefundable({ state: 'failed', chargedCredits: charged, images: [...images], errorCode });
  return {
    state: 'failed',
    error: failed?.error ?? 'no image could be made',
    ending: { ...(errorCode ? { errorCode } : {}), refunded },
    charged,
  };
}

/** The snapshot after `finish`, as the store now holds it (or will, once a failing store takes writes again). */
export function finishedJob(job: Job, final: FinalState, now: number): Job {
  const next: Job = {
    ...job,
    state: final.state,
    chargedCredits: final.charged,
    finishedAt: now,
    delivery: { state: 'pending', attempts: 0, nextAt: now },
  };
  if (final.error !== undefined) next.error = final.error;
  else delete next.error;
  if (final.ending.errorCode !== undefined) next.errorCode = final.ending.errorCode;
  if (final.ending.refunded) next.refunded = true;
  return next;
}
