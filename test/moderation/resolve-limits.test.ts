import { describe, expect, it } from 'vitest';
import { defaultLimits, type LimitValues } from '../../src/domain/limits.js';
import { limitValues, resolveLimits } from '../../src/domain/resolve-limits.js';

const defaults: LimitValues = defaultLimits({ queuedPerUser: 5, concurrentPerUser: 2, jobsPerHour: 30, maxCount: 4 });

describe('resolveLimits', () => {
  it('falls back to the operator defaults, with every other limit open', () => {
    const limits = resolveLimits({ defaults });
    expect(limitValues(limits)).toEqual({
      jobs_per_hour: 30,
      concurrent: 2,
      queued: 5,
      max_count: 4,
      models: 'all',
      upscale: true,
      cooldown: 0,
      image_input: true,
      edit_tools: true,
    });
    expect(limits.jobs_per_hour.source).toEqual({ kind: 'default' });
  });

  it('takes the guild setting over the default', () => {
    const limits = resolveLimits({ defaults, guild: { jobs_per_hour: 3 } });
    expect(limits.jobs_per_hour).toEqual({ value: 3, source: { kind: 'guild' } });
    expect(limits.queued.source).toEqual({ kind: 'default' });
  });

  it('takes a role override over the guild setting, even a stricter one', () => {
    const limits = resolveLimits({
      defaults,
      guild: { jobs_per_hour: 10, max_count: 4 },
      roles: [{ roleId: 'newcomer', overrides: { jobs_per_hour: 2 } }],
    });
    expect(limits.jobs_per_hour).toEqual({ value: 2, source: { kind: 'role', roleIds: ['newcomer'] } });
    expect(limits.max_count).toEqual({ value: 4, source: { kind: 'guild' } });
  });

  it('picks the most generous of several roles, per limit and in the right direction', () => {
    const limits = resolveLimits({
      defaults,
      guild: { cooldown: 60 },
      roles: [
        { roleId: 'a', overrides: { jobs_per_hour: 5, cooldown: 30, upscale: false, models: ['core'] } },
        { roleId: 'b', overrides: { jobs_per_hour: 20, cooldown: 120, upscale: true, models: ['ultra'] } },
        { roleId: 'c', overrides: {} },
      ],
    });
    expect(limits.jobs_per_hour).toEqual({ value: 20, source: { kind: 'role', roleIds: ['b'] } });
    // A shorter cooldown is the generous one.
    expect(limits.cooldown).toEqual({ value: 30, source: { kind: 'role', roleIds: ['a'] } });
    expect(limits.upscale).toEqual({ value: true, source: { kind: 'role', roleIds: ['b'] } });
    // Models are a union, in the bot's own order.
    expect(limits.models).toEqual({ value: ['ultra', 'core'], source: { kind: 'role', roleIds: ['a', 'b'] } });
  });

  it('lets "all" models from any role win over lists', () => {
    const limits = resolveLimits({
      defaults,
      roles: [
        { roleId: 'a', overrides: { models: ['core'] } },
        { roleId: 'b', overrides: { models: 'all' } },
      ],
    });
    expect(limits.models.value).toBe('all');
  });

  it('takes the user override over everything, even when a role is more generous', () => {
    const limits = resolveLimits({
      defaults,
      guild: { max_count: 2 },
      roles: [{ roleId: 'artist', overrides: { max_count: 4 } }],
      user: { max_count: 1 },
    });
    expect(limits.max_count).toEqual({ value: 1, source: { kind: 'user' } });
  });

  it('treats an override of 0 as a value, not as missing', () => {
    const limits = resolveLimits({ defaults, guild: { jobs_per_hour: 10 }, user: { jobs_per_hour: 0 } });
    expect(limits.jobs_per_hour).toEqual({ value: 0, source: { kind: 'user' } });
  });
});
