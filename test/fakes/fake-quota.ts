/** The real service's quota: 150 requests in any 10 s, then 60 s of 429s. */
export interface FakeQuota {
  /** Requests allowed in any sliding window. */
  limit: number;
  /** Window length in milliseconds. */
  windowMs: number;
  /** How long every request is refused after the limit is exceeded, in milliseconds. */
  lockoutMs: number;
}

/** A sliding-window limiter counted at arrival; exceeding it starts a lockout during which everything is refused. */
export interface QuotaGate {
  refuses(now: number): boolean;
  set(quota: FakeQuota | undefined): void;
}

export function createQuotaGate(initial: FakeQuota | undefined): QuotaGate {
  let quota = initial;
  let window: number[] = [];
  let lockedUntil = Number.NEGATIVE_INFINITY;
  return {
    refuses(now) {
      if (quota === undefined) return false;
      if (now < lockedUntil) return true;
      const { windowMs } = quota;
      window = window.filter((time) => now - time < windowMs);
      window.push(now);
      if (window.length <= quota.limit) return false;
      lockedUntil = now + quota.lockoutMs;
      window = [];
      return true;
    },
    set(next) {
      quota = next;
      window = [];
      lockedUntil = Number.NEGATIVE_INFINITY;
    },
  };
}

/** The most requests that fall within any `windowMs`-long span (two requests share a window when < windowMs apart). */
export function maxRequestsInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
