import { describe, expect, it } from 'vitest';
import { defaultLimits, type LimitOverrides } from '../../src/domain/limits.js';
import { resolveLimits } from '../../src/domain/resolve-limits.js';
import { HOUR_MS } from '../../src/domain/time.js';
import { checkLimits, hourSlotFreesAt, type UsageSnapshot } from '../../src/moderation/check-limits.js';

const NOW = 1_700_000_000_000;
const defaults = defaultLimits({ queuedPerUser: 5, concurrentPerUser: 2, jobsPerHour: 30, maxCount: 4 });
const idle: UsageSnapshot = { queued: 0, running: 0, hourJobTimes: [] };
const imagine = { kind: 'imagine', model: 'core', count: 1 } as const;
const limitsWith = (guild: LimitOverrides) => resolveLimits({ defaults, guild });

describe('checkLimits', () => {
  it('admits a request within every limit', () => {
    expect(checkLimits(imagine, limitsWith({}), idle, NOW)).toBeUndefined();
  });

  it('names the jobs-per-hour limit, its value, and when the oldest job leaves the rolling hour', () => {
    const oldest = NOW - 40 * 60_000;
    const usage = { ...idle, hourJobTimes: [oldest, NOW - 10 * 60_000] };
    const message = checkLimits(imagine, limitsWith({ jobs_per_hour: 2 }), usage, NOW);
    expect(message).toContain('**2 jobs per hour** (server setting)');
    expect(message).toContain(`<t:${Math.ceil((oldest + HOUR_MS) / 1000)}:R>`);
  });

  it('waits for enough jobs to leave when the limit was lowered below what was used', () => {
    const times = [NOW - 50 * 60_000, NOW - 40 * 60_000, NOW - 30 * 60_000];
    expect(hourSlotFreesAt(times, 1)).toBe(times[2]! + HOUR_MS);
    expect(hourSlotFreesAt(times, 3)).toBe(times[0]! + HOUR_MS);
    expect(hourSlotFreesAt(times, 4)).toBeUndefined();
  });

  it('refuses during the cooldown and says when it ends', () => {
    const usage = { ...idle, lastJobAt: NOW - 20_000 };
    const message = checkLimits(imagine, limitsWith({ cooldown: 60 }), usage, NOW);
    expect(message).toContain('**60 s** between jobs');
    expect(message).toContain(`<t:${Math.ceil((NOW + 40_000) / 1000)}:R>`);
    expect(checkLimits(imagine, limitsWith({ cooldown: 20 }), usage, NOW)).toBeUndefined();
  });

  it('refuses too many images, disallowed models and upscales by name', () => {
    expect(checkLimits({ ...imagine, count: 3 }, limitsWith({ max_count: 2 }), idle, NOW)).toContain('**2 per job**');
    expect(checkLimits({ ...imagine, model: 'ultra' }, limitsWith({ models: ['core'] }), idle, NOW)).toContain(
      '**Stable Image Ultra** is not an allowed model here (server setting). Allowed: Stable Image Core.',
    );
    const upscale = { kind: 'upscale', model: 'ultra', count: 1 } as const;
    // An upscale runs the upscaler, not the model of its source: only the upscale switch applies.
    expect(checkLimits(upscale, limitsWith({ models: ['core'] }), idle, NOW)).toBeUndefined();
    expect(checkLimits(upscale, limitsWith({ upscale: false }), idle, NOW)).toContain('Upscale allowed: no');
  });

  it('keeps the queued-jobs wording and refuses outright when a limit is 0', () => {
    expect(checkLimits(imagine, limitsWith({ queued: 1 }), { ...idle, queued: 1, running: 1 }, NOW)).toMatch(
      /already have \*\*1 job waiting\*\* \(limit: 1 queued per user, server setting; 1 running\)/,
    );
    expect(checkLimits(imagine, limitsWith({ concurrent: 0 }), idle, NOW)).toContain('**Concurrent jobs** is **0**');
    expect(checkLimits(imagine, limitsWith({ jobs_per_hour: 0 }), idle, NOW)).toContain('**Jobs per hour** is **0**');
  });
});
