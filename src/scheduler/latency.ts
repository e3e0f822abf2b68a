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
    snapshot: (): Record<string, number> => Object.fromEntries(averages),
  };
}

export type LatencyTracker = ReturnType<typeof createLatencyTracker>;
