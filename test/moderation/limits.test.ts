import { describe, expect, it } from 'vitest';
import { decodeLimitValue, formatLimitValue, parseLimitValue } from '../../src/domain/limits.js';

describe('parseLimitValue', () => {
  it('reads whole numbers within each limit’s range', () => {
    expect(parseLimitValue('jobs_per_hour', ' 12 ')).toEqual({ ok: true, value: 12 });
    expect(parseLimitValue('cooldown', '0')).toEqual({ ok: true, value: 0 });
    expect(parseLimitValue('max_count', '4')).toEqual({ ok: true, value: 4 });
  });

  it('refuses negatives, fractions, words and values over the maximum with what it takes', () => {
    for (const text of ['-1', '1.5', 'ten', '', '5']) {
      const parsed = parseLimitValue('max_count', text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.message).toContain('whole number from 0 to 4');
    }
    expect(parseLimitValue('concurrent', '11').ok).toBe(false);
  });

  it('reads yes/no for booleans', () => {
    expect(parseLimitValue('upscale', 'Yes')).toEqual({ ok: true, value: true });
    expect(parseLimitValue('upscale', 'off')).toEqual({ ok: true, value: false });
    const parsed = parseLimitValue('upscale', 'maybe');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain('`yes` or `no`');
  });

  it('reads models as "all" or a comma list checked against the known models', () => {
    expect(parseLimitValue('models', 'ALL')).toEqual({ ok: true, value: 'all' });
    expect(parseLimitValue('models', 'ultra, core,core')).toEqual({ ok: true, value: ['ultra', 'core'] });
    const parsed = parseLimitValue('models', 'core, dall-e');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain('unknown: `dall-e`');
    expect(parseLimitValue('models', ' , ').ok).toBe(false);
  });
});

describe('decodeLimitValue', () => {
  it('drops values a database edit or a removed model made invalid', () => {
    expect(decodeLimitValue('jobs_per_hour', 3)).toBe(3);
    expect(decodeLimitValue('jobs_per_hour', -3)).toBeUndefined();
    expect(decodeLimitValue('jobs_per_hour', '3')).toBeUndefined();
    expect(decodeLimitValue('upscale', 1)).toBeUndefined();
    expect(decodeLimitValue('models', ['core', 'retired-model'])).toEqual(['core']);
  });
});

describe('formatLimitValue', () => {
  it('writes values the way moderators typed them', () => {
    expect(formatLimitValue('cooldown', 30)).toBe('30 s');
    expect(formatLimitValue('upscale', false)).toBe('no');
    expect(formatLimitValue('models', 'all')).toBe('all models');
    expect(formatLimitValue('models', ['core', 'ultra'])).toBe('Stable Image Core, Stable Image Ultra');
  });
});
