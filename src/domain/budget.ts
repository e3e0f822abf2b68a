import { MODELS, UPSCALE_FAST_CREDITS } from '../stability/models.js';
import { DAY_MS, startOfUtcDay } from './time.js';

/** Credits are sums of halves (2.5, 6.5): exact in floating point, but compare with room for rounding anyway. */
const EPSILON = 1e-9;

/** The cheapest job there is (one image of the cheapest model, or one fast upscale): less left than this is "used up". */
export const CHEAPEST_JOB_CREDITS = Math.min(UPSCALE_FAST_CREDITS, ...Object.values(MODELS).map((m) => m.credits));

/** The mod-log alert levels, in percent of the cap. */
export const ALERT_LEVELS = [80, 100] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** A day's credits under one budget: charged by ended jobs, and reserved (estimated) by queued and running ones. */
export type BudgetScope = 'server' | 'member';

export interface BudgetLine extends BudgetUse {
  cap?: number;
  /** Undefined without a cap. */
  remaining?: number;
}

export interface BudgetStatus {
  /** Start of the UTC day counted. @unit epoch milliseconds */
  day: number;
  resetsAt: number;
  server: BudgetLine;
  /** The member's own day, under the per-member cap (when a member was asked about). */
  member?: BudgetLine;
  memberCap?: number;
}

export interface BudgetUse {
  spent: number;
  reserved: number;
}

/** When today's budgets reset: the next midnight UTC. */
export function nextUtcMidnight(at: number): number {
  return startOfUtcDay(at) + DAY_MS;
}

/** Credits still free under a cap (never negative, even after a moderator lowered the cap). */
export function remainingCredits(cap: number, use: BudgetUse): number {
  const left = cap - use.spent - use.reserved;
  return left > EPSILON ? left : 0;
}

export type BudgetFit = { ok: true } | { ok: false; remaining: number; exhausted: boolean };

/**
 * Whether a job estimated at `estimate` credits fits: reserved + spent + estimate ≤ cap. Because every queued job
 * holds its estimate until it settles, jobs admitted this way can never together overshoot the cap.
 */
export function fitsBudget(cap: number | undefined, use: BudgetUse, estimate: number): BudgetFit {
  if (cap === undefined) return { ok: true };
  const remaining = remainingCredits(cap, use);
  if (estimate <= remaining + EPSILON) return { ok: true };
  return { ok: false, remaining, exhausted: remaining + EPSILON < CHEAPEST_JOB_CREDITS };
}

/**
 * The highest alert level reached: 100 once spent + reserved reaches the cap or what is left cannot pay for even the
 * cheapest job (a 10-credit cap with three 3-credit jobs is used up at 9), 80 from 80 % on. A cap of 0 is a
 * moderator's pause, not a budget running out: no alert.
 */
export function alertLevel(cap: number | undefined, use: BudgetUse): AlertLevel | undefined {
  if (cap === undefined || cap <= 0) return undefined;
  const used = use.spent + use.reserved;
  if (used + EPSILON >= cap || remainingCredits(cap, use) + EPSILON < CHEAPEST_JOB_CREDITS) return 100;
  if (used + EPSILON >= cap * 0.8) return 80;
  return undefined;
}

/**
 * Reads a cap as typed in `/budget set`: a number of credits (≥ 0, at most one decimal), or `off`/`none` to remove
 * it. Returns an error message for anything else.
 */
export function parseCap(text: string): { ok: true; cap: number | undefined } | { ok: false; message: string } {
  const value = text.trim().toLowerCase();
  if (['off', 'none', 'unlimited', 'no'].includes(value)) return { ok: true, cap: undefined };
  if (!/^\d{1,7}(\.\d)?$/.test(value)) {
    return {
      ok: false,
      message: `A budget is a number of credits (e.g. \`500\` or \`62.5\`), or \`off\`; got \`${text.slice(0, 50)}\`.`,
    };
  }
  return { ok: true, cap: Number(value) };
}

export interface BalanceReading {
  credits: number;
  /** @unit epoch milliseconds */
  at: number;
}
