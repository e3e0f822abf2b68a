import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { JobState } from './domain/job.js';

export type Metrics = ReturnType<typeof createMetrics>;

/** Prometheus metrics on a registry of our own (no global default registry). */
export function createMetrics(sources: { jobsByState: () => Record<JobState, number>; queueDepth: () => number }) {
  const registry = new Registry();
  new Gauge({
    name: 'imagine_jobs',
    help: 'Jobs in the store by state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      for (const [state, count] of Object.entries(sources.jobsByState())) this.set({ state }, count);
    },
  });
  new Gauge({
    name: 'imagine_queue_depth',
    help: 'Jobs waiting to start',
    registers: [registry],
    collect() {
      this.set(sources.queueDepth());
    },
  });
  const latency = new Histogram({
    name: 'imagine_stability_request_seconds',
    help: 'Stability call latency by endpoint and outcome',
    labelNames: ['endpoint', 'outcome'],
    buckets: [0.5, 1, 2, 4, 8, 15, 30, 60, 120],
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'imagine_stability_rate_limited_total',
    help: '429 answers from Stability (each pauses the queue)',
    registers: [registry],
  });
  const credits = new Counter({
    name: 'imagine_credits_spent_total',
    help: 'Stability credits charged (filtered images included)',
    labelNames: ['endpoint'],
    registers: [registry],
  });
  const balance = new Gauge({
    name: 'imagine_stability_balance_credits',
    help: 'Stability account balance as last read',
    registers: [registry],
  });
  return {
    registry,
    observeCall(endpoint: string, ms: number, outcome: string, charged: number): void {
      latency.observe({ endpoint, outcome }, ms / 1000);
      if (charged > 0) credits.inc({ endpoint }, charged);
    },
    rateLimited: () => rateLimited.inc(),
    setBalance: (value: number) => balance.set(value),
  };
}
