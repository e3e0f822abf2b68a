import type { Job } from './job.js';

/**
 * Why a job or one of its images failed, as stored in `error_code`. `charged: false` means the failure proves nothing
 * was billed (Stability refused before doing the work, or the call never left the bot); `true` means it may have been.
 */
export const FAILURE_CODES = {
  content_moderation: { charged: false },
  bad_request: { charged: false },
  unauthorized: { charged: false },
  payment_required: { charged: false },
  not_found: { charged: false },
  payload_too_large: { charged: false },
  unprocessable: { charged: false },
  rate_limited: { charged: false },
  stability_error: { charged: false },
  server_error: { charged: true },
  unexpected_response: { charged: true },
  connection: { charged: true },
  timeout: { charged: true },
  /** Refused by the bot's own checks before anything was sent (an input over an endpoint's limits…). */
  refused_locally: { charged: false },
  /** The connection failed before the request left (refused, unknown host): Stability never saw it. */
  unreachable: { charged: false },
  /** Never sent: the bot was shutting down. */
  not_started: { charged: false },
  /** An asynchronous generation that Stability no longer knows (expired after 24 h) or that never finished. */
  expired: { charged: true },
  poll_timeout: { charged: true },
  /** Never sent: the variation's or upscale's input image could not be found. */
  source_unavailable: { charged: false },
  /** The bot restarted while the call was out: Stability may well have done (and billed) it. */
  interrupted: { charged: true },
  /** A bug of ours after or during the call. */
  internal: { charged: true },
} as const satisfies Record<string, { charged: boolean }>;

export type FailureCode = keyof typeof FAILURE_CODES;

export function isFailureCode(value: string): value is FailureCode {
  return Object.hasOwn(FAILURE_CODES, value);
}

/** Whether a stored failure code leaves the charge unknown (so the estimate counts, marked as such). */
export function mayHaveCharged(code: string | undefined): boolean {
  return code !== undefined && isFailureCode(code) && FAILURE_CODES[code].charged;
}

const provesNoCharge = (code: string | undefined): boolean =>
  code !== undefined && isFailureCode(code) && !FAILURE_CODES[code].charged;

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
