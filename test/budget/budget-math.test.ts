import { describe, expect, it } from 'vitest';
import {
  alertLevel,
  CHEAPEST_JOB_CREDITS,
  fitsBudget,
  nextUtcMidnight,
  parseCap,
  remainingCredits,
} from '../../src/domain/budget.js';

describe('budget arithmetic', () => {
  it('admits a job only while spent + reserved + its estimate stays within the cap', () => {
    expect(fitsBudget(undefined, { spent: 1e6, reserved: 0 }, 8)).toEqual({ ok: true });
    expect(fitsBudget(15, { spent: 6, reserved: 6 }, 3)).toEqual({ ok: true });
    expect(fitsBudget(15, { spent: 6, reserved: 9 }, 3)).toEqual({ ok: false, remaining: 0, exhausted: true });
    // Room for a Core image, not for an Ultra one: refused, but the budget is not "used up".
    expect(fitsBudget(15, { spent: 6, reserved: 5 }, 8)).toEqual({ ok: false, remaining: 4, exhausted: false });
    // Half credits add up exactly: 2.5 + 6.5 + 3.5 + 2.5 = 15.
    expect(fitsBudget(15, { spent: 9, reserved: 3.5 }, 2.5)).toEqual({ ok: true });
  });

  it('never overshoots: a burst admitted one by one stops at the cap', () => {
    const cap = 20;
    const use = { spent: 0, reserved: 0 };
    let admitted = 0;
    for (let i = 0; i < 10; i++) {
      if (!fitsBudget(cap, use, 3).ok) continue;
      use.reserved += 3;
      admitted++;
    }
    expect(admitted).toBe(6);
    expect(use.reserved).toBeLessThanOrEqual(cap);
    expect(remainingCredits(cap, use)).toBe(2);
  });

  it('never reports a negative remainder after a cap was lowered below what is used', () => {
    expect(remainingCredits(10, { spent: 12, reserved: 3 })).toBe(0);
    expect(fitsBudget(0, { spent: 0, reserved: 0 }, 2.5)).toEqual({ ok: false, remaining: 0, exhausted: true });
  });

  it('reaches 80 % and 100 % — 100 % also when what is left cannot pay for the cheapest job', () => {
    expect(CHEAPEST_JOB_CREDITS).toBe(2);
    expect(alertLevel(undefined, { spent: 100, reserved: 0 })).toBeUndefined();
    expect(alertLevel(15, { spent: 9, reserved: 2 })).toBeUndefined();
    expect(alertLevel(15, { spent: 9, reserved: 3 })).toBe(80);
    expect(alertLevel(15, { spent: 15, reserved: 0 })).toBe(100);
    expect(alertLevel(10, { spent: 0, reserved: 9 })).toBe(100);
    // A cap of 0 is a pause a moderator chose, not a budget running out.
    expect(alertLevel(0, { spent: 0, reserved: 0 })).toBeUndefined();
  });

  it('resets at the next midnight UTC', () => {
    expect(nextUtcMidnight(Date.UTC(2026, 2, 31, 23, 59, 59))).toBe(Date.UTC(2026, 3, 1));
    expect(nextUtcMidnight(Date.UTC(2026, 2, 31))).toBe(Date.UTC(2026, 3, 1));
  });

  it('reads caps as moderators type them', () => {
    expect(parseCap('500')).toEqual({ ok: true, cap: 500 });
    expect(parseCap(' 62.5 ')).toEqual({ ok: true, cap: 62.5 });
    expect(parseCap('0')).toEqual({ ok: true, cap: 0 });
    expect(parseCap('OFF')).toEqual({ ok: true, cap: undefined });
    expect(parseCap('-3')).toMatchObject({ ok: false });
    expect(parseCap('1e9')).toMatchObject({ ok: false });
    expect(parseCap('12.25')).toMatchObject({ ok: false, message: expect.stringContaining('`12.25`') });
  });
});
