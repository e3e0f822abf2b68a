import { STABILITY_ERROR_TABLE } from '../stability/error-table.js';
import type { Job } from './job.js';

/**
 * Failures that are the bot's own, not a Stability answer. Stability's come from its error table (one row per way a
 * call can fail), so the refund rules, the runner and the messages read one source.
 */
const BOT_FAILURES = {
  /** Never sent: the bot was shutting down. */
  not_started: { charged: false },
  /** Never sent: the variation's or upscale's input image could not be found. */
  source_unavailable: { charged: false },
  /** The bot (or its dispatcher) stopped while the call was out: Stability may well have done and billed it. */
  interrupted: { charged: true },
  /** An asynchronous generation that never finished within the bot's patience. */
  poll_timeout: { charged: true },
  /** A bug of ours after or during the call. */
  internal: { charged: true },
} as const satisfies Record<string, { charged: boolean }>;

export const FAILURE_CODES: Readonly<Record<string, { charged: boolean }>> = {
  ...Object.fromEntries(
    Object.values(STABILITY_ERROR_TABLE).map((row) => [row.failureCode, { charged: row.mayHaveCharged }]),
  ),
  ...BOT_FAILURES,
};

export type FailureCode =
  | keyof typeof BOT_FAILURES
  | (typeof STABILITY_ERROR_TABLE)[keyof typeof STABILITY_ERROR_TABLE]['failureCode'];

export function isFailureCode(value: string): value is FailureCode {
  return Object.hasOwn(FAILURE_CODES, value);
}

const chargedFlag = (code: string | undefined): boolean | undefined =>
  code === undefined ? undefined : FAILURE_CODES[code]?.charged;

/** Whether a stored failure code leaves the charge unknown (so the estimate counts, marked as such). */
export function mayHaveCharged(code: string | undefined): boolean {
  return chargedFlag(code) === true;
}

const provesNoCharge = (code: string | undefined): boolean => chargedFlag(code) === false;

/**
 * A job that failed and provably cost nothing is refunded: it stops counting in the user's usage, hourly limit,
 * cooldown and daily totals. Every image must prove it (one ambiguous 5xx keeps the job counted), or, when no image
 * was attempted, the job's own code must.
 */
export function isRefundable(job: Pick<Job, 'state' | 'chargedCredits' | 'errorCode' | 'images'>): boolean {
  if (job.state !== 'failed' || job.chargedCredits > 0) return false;
  const attempted = job.images.filter((image) => image.state !== 'pending');
  if (attempted.length === 0) return provesNoCharge(job.errorCode);
  return attempted.every((image) => image.state === 'failed' && provesNoCharge(image.errorCode));
}

/** Stability's moderation refused it, or blurred at least one image: the requester may report a false positive. */
export function isModerated(job: Pick<Job, 'state' | 'images' | 'errorCode'>): boolean {
  if (job.state === 'queued' || job.state === 'running' || job.state === 'cancelled') return false;
  return (
    job.errorCode === 'content_moderation' ||
    job.images.some((image) => image.state === 'filtered' || image.errorCode === 'content_moderation')
  );
}
