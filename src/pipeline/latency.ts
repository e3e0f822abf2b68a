/** Recent call latency per endpoint (exponentially weighted), for honest ETAs. */
export function createLatencyTracker(initialMs = 8000, weight = 0.2) {
  const averages = new Map<string, number>();
  return {
    record(endpoint: string, ms: number): void {
      const previous = averages.get(endpoint);
      averages.set(endpoint, previous === undefined ? ms : previous + weight * (ms - previous));
    },
    /** @unit milliseconds */
    estimate(endpoint: string): number {
      return averages.get(endpoint) ?? initialMs;
    },
    /** The slowest endpoint's estimate: a job's own call may be the slowest kind, whatever is ahead of it. */
    slowest(): number {
      let max = averages.size === 0 ? initialMs : 0;
      for (const ms of averages.values()) max = Math.max(max, ms);
      return max;
    },
    snapshot: (): Record<string, number> => Object.fromEntries(averages),
  };
}

export type LatencyTracker = ReturnType<typeof createLatencyTracker>;
