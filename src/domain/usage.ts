import type { Block } from './audit.js';
import type { EffectiveLimits } from './resolve-limits.js';

export interface DayTotals {
  /** Jobs started (cancelled and refunded ones left out: they cost nothing). */
  jobs: number;
  /** Credits Stability charged for them (estimates of calls that may have been charged included). */
  credits: number;
  /** Estimated credits of those still queued or running. */
  pendingCredits: number;
}

export interface UsageReport {
  today: DayTotals;
  queued: number;
  running: number;
  /** Counted jobs in the rolling hour. */
  hourUsed: number;
  /** When another job fits in the hour again (undefined: it fits now). */
  hourFreesAt?: number;
  cooldownEndsAt?: number;
  limits: EffectiveLimits;
  block?: Block;
}
