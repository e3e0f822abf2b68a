import { describe, expect, it } from 'vitest';
import { FAILURE_CODES, isModerated, isRefundable, stabilityFailureCode } from '../../src/jobs/failure-codes.js';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  AuthenticationError,
  BadRequestError,
  ContentModerationError,
  InternalServerError,
  NotFoundError,
  PayloadTooLargeError,
  PaymentRequiredError,
  RateLimitError,
  StabilityError,
  UnexpectedResponseError,
  UnprocessableError,
} from '../../src/stability/errors.js';
import type { Job, JobImage } from '../../src/domain/job.js';

const failed = (errorCode: string, credits = 0): JobImage => ({ index: 0, state: 'failed', credits, errorCode });

function job(
  images: JobImage[],
  extra: Partial<Job> = {},
): Pick<Job, 'state' | 'chargedCredits' | 'errorCode' | 'images'> {
  return {
    state: 'failed',
    chargedCredits: images.reduce((sum, i) => sum + i.credits, 0),
    images,
    ...extra,
  };
}

describe('failure codes', () => {
  it('agree with each error class on whether it may have been charged', () => {
    const errors = [
      new ContentModerationError(),
      new BadRequestError(),
      new AuthenticationError(),
      new PaymentRequiredError(),
      new NotFoundError(),
      new PayloadTooLargeError(),
      new UnprocessableError(),
      new RateLimitError(),
      new InternalServerError(),
      new UnexpectedResponseError(),
      new APIConnectionError(),
      new APIConnectionTimeoutError(),
      new StabilityError(),
    ];
    for (const error of errors) {
      expect(FAILURE_CODES[stabilityFailureCode(error)].charged, error.name).toBe(error.mayHaveCharged);
    }
    expect(stabilityFailureCode(new ContentModerationError())).toBe('content_moderation');
    expect(stabilityFailureCode(new APIConnectionTimeoutError())).toBe('timeout');
  });

  it('refund a failed job only when every attempt proves nothing was charged', () => {
    expect(isRefundable(job([failed('content_moderation')]))).toBe(true);
    expect(isRefundable(job([failed('content_moderation'), failed('unprocessable')]))).toBe(true);
    expect(isRefundable(job([failed('content_moderation'), failed('server_error')]))).toBe(false);
    expect(isRefundable(job([failed('timeout')]))).toBe(false);
    // Never attempted: the job's own code decides.
    const pending: JobImage = { index: 0, state: 'pending', credits: 0 };
    expect(isRefundable(job([pending], { errorCode: 'source_unavailable' }))).toBe(true);
    expect(isRefundable(job([pending], { errorCode: 'interrupted' }))).toBe(false);
    // Filtered images are charged, and only failed jobs are refunded.
    expect(isRefundable(job([{ index: 0, state: 'filtered', credits: 3 }], { state: 'filtered' }))).toBe(false);
    expect(isRefundable(job([failed('content_moderation')], { state: 'succeeded' }))).toBe(false);
  });

  it('offer the appeal for a 403 or a filtered image, not for other failures', () => {
    expect(isModerated(job([failed('content_moderation')]))).toBe(true);
    expect(isModerated(job([{ index: 0, state: 'filtered', credits: 3 }], { state: 'filtered' }))).toBe(true);
    expect(isModerated(job([failed('server_error')]))).toBe(false);
    expect(isModerated(job([failed('content_moderation')], { state: 'queued' }))).toBe(false);
  });
});
