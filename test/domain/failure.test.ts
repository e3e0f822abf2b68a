import { describe, expect, it } from 'vitest';
import { FAILURE_CODES, isModerated, isRefundable, mayHaveCharged } from '../../src/domain/failure.js';
import type { Job, JobImage } from '../../src/domain/job.js';
import { STABILITY_ERROR_TABLE } from '../../src/stability/error-table.js';

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
  it('take whether a Stability failure may have charged from its one error table', () => {
    for (const row of Object.values(STABILITY_ERROR_TABLE)) {
      expect(FAILURE_CODES[row.failureCode]?.charged, row.failureCode).toBe(row.mayHaveCharged);
      expect(mayHaveCharged(row.failureCode), row.failureCode).toBe(row.mayHaveCharged);
    }
    expect(mayHaveCharged('content_moderation')).toBe(false);
    expect(mayHaveCharged('timeout')).toBe(true);
    expect(mayHaveCharged('interrupted')).toBe(true);
    expect(mayHaveCharged('source_unavailable')).toBe(false);
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
