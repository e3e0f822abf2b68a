import { describe, expect, it } from 'vitest';
import { createComponentRegistry } from '../src/interactions/components.js';
import { encodeCustomId, type IdShape, parseCustomId } from '../src/interactions/custom-id.js';

const JOB = 'k3f9x2m1q8';
const MESSAGE = '1577459910419939328';
const shapes = new Map<string, IdShape>(
  [
    { action: 'reroll', target: 'job', indexed: false },
    { action: 'upscale', target: 'job', indexed: true },
    { action: 'pick', target: 'message', indexed: true },
  ].map((shape) => [shape.action, shape as IdShape]),
);

describe('custom ids', () => {
  it('uses the documented grammar for jobs and for messages', () => {
    expect(encodeCustomId(shapes.get('upscale')!, { kind: 'job', jobId: JOB }, 2)).toBe('v1:upscale:k3f9x2m1q8:2');
    expect(encodeCustomId(shapes.get('reroll')!, { kind: 'job', jobId: JOB })).toBe('v1:reroll:k3f9x2m1q8');
    expect(encodeCustomId(shapes.get('pick')!, { kind: 'message', messageId: MESSAGE }, 9)).toBe(
      `v1:pick:m${MESSAGE}:9`,
    );
    expect(parseCustomId(`v1:pick:m${MESSAGE}:9`, shapes)).toEqual({
      ok: true,
      value: { action: 'pick', target: { kind: 'message', messageId: MESSAGE }, index: 9 },
    });
  });

  it('refuses to encode what it could not parse back', () => {
    const job = { kind: 'job', jobId: JOB } as const;
    expect(() => encodeCustomId(shapes.get('upscale')!, job)).toThrow(/needs index/);
    expect(() => encodeCustomId(shapes.get('reroll')!, job, 1)).toThrow(/takes no index/);
    expect(() => encodeCustomId(shapes.get('reroll')!, { kind: 'job', jobId: 'UPPER-CASE' })).toThrow(/not a job id/);
    expect(() => encodeCustomId(shapes.get('pick')!, job, 1)).toThrow(/acts on a message/);
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
      [`v1:reroll:m${MESSAGE}`, 'malformed'],
      ['v1:pick:mnot-a-snowflake:1', 'malformed'],
    ];
    for (const [input, reason] of cases) {
      expect(parseCustomId(input, shapes), String(input)).toEqual({ ok: false, reason });
    }
  });

  it('stops the bot at start when two modules claim one action', () => {
    const button = (action: string) => ({
      kind: 'button' as const,
      action,
      target: 'job' as const,
      indexed: false,
      createsJob: false,
      look: { label: action },
      handle: async () => undefined,
    });
    expect(() => createComponentRegistry([button('reroll'), button('info'), button('reroll')])).toThrow(
      /two components claim the action reroll/,
    );
  });
});
