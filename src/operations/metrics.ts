import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { JobState } from '../domain/job.js';

export type Metrics = ReturnType<typeof createMetrics>;

/** Prometheus metrics on a registry of our own (no global default registry). */
export interface MetricSources {
  jobsByState: () => Promise<Record<JobState, number>>;
  queueDepth: () => number;
}

export function createMetrics() {
  const registry = new Registry();
  let sources: MetricSources | undefined;
  new Gauge({
    name: 'imagine_jobs',
    help: 'Jobs in the store by state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      if (!sources) return;
      for (const [state, count] of Object.entries(await sources.jobsByState())) this.set({ state }, count);
    },
  });
  new Gauge({
    name: 'imagine_queue_depth',
    help: 'Jobs waiting to start',
    registers: [registry],
    collect() {
      if (sources) this.set(sources.queueDepth());
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
    /** What the gauges read, once the store and the pipeline exist. */
    watch(from: MetricSources): void {
      sources = from;
    },
    observeCall(endpoint: string, ms: number, outcome: string, charged: number): void {
      latency.observe({ endpoint, outcome }, ms / 1000);
      if (charged > 0) credits.inc({ endpoint }, charged);
    },
    rateLimited: () => rateLimited.inc(),
    /** Every series carries the shards this process runs, so several processes' metrics stay apart. */
    setShards: (ids: readonly number[]) => registry.setDefaultLabels({ shards: ids.join(',') }),
    setBalance: (value: number) => balance.set(value),
  };
}
