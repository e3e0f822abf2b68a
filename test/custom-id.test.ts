import { describe, expect, it } from 'vitest';
import { ACTIONS, encodeCustomId, parseCustomId } from '../src/custom-id.js';

const JOB = 'k3f9x2m1q8';

describe('custom ids', () => {
  it('round-trips every action', () => {
    for (const action of ACTIONS) {
      const indexed = action === 'vary-subtle' || action === 'vary-strong' || action === 'upscale';
      const id = indexed ? { action, jobId: JOB, index: 2 } : { action, jobId: JOB };
      const text = encodeCustomId(id);
      expect(text.length).toBeLessThanOrEqual(100);
      expect(parseCustomId(text)).toEqual({ ok: true, value: id });
    }
  });

  it('uses the documented grammar', () => {
    expect(encodeCustomId({ action: 'vary-subtle', jobId: JOB, index: 2 })).toBe('v1:vary-subtle:k3f9x2m1q8:2');
    expect(encodeCustomId({ action: 'reroll', jobId: JOB })).toBe('v1:reroll:k3f9x2m1q8');
  });

  it('refuses to encode what it could not parse back', () => {
    expect(() => encodeCustomId({ action: 'upscale', jobId: JOB })).toThrow(/needs index/);
    expect(() => encodeCustomId({ action: 'reroll', jobId: JOB, index: 1 })).toThrow(/takes no index/);
    expect(() => encodeCustomId({ action: 'reroll', jobId: 'UPPER-CASE' })).toThrow(/not a job id/);
  });

  it('classifies anything else instead of throwing', () => {
    const cases: [unknown, string][] = [
      ['', 'malformed'],
      [undefined, 'malformed'],
      [42, 'malformed'],
      ['x'.repeat(101), 'malformed'],
      ['imagine_reroll', 'not-ours'],
      ['MJ::JOB::upsample::1::abc', 'not-ours'],
      ['v2:reroll:k3f9x2m1q8', 'other-version'],
      ['v1:explode:k3f9x2m1q8', 'unknown-action'],
      ['v1:reroll', 'malformed'],
      ['v1:reroll:k3f9x2m1q8:1', 'malformed'],
      ['v1:upscale:k3f9x2m1q8', 'malformed'],
      ['v1:upscale:k3f9x2m1q8:9', 'malformed'],
      ['v1:upscale:k3f9x2m1q8:-1', 'malformed'],
      ['v1:reroll:../../etc', 'malformed'],
      ['v1:reroll:k3f9x2m1q8:extra:parts', 'malformed'],
    ];
    for (const [input, reason] of cases) expect(parseCustomId(input), String(input)).toEqual({ ok: false, reason });
  });
});
