import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/clock.js';
import type { Job } from '../../src/domain/job.js';
import { createLocalBackend } from '../../src/images/local-backend.js';
import { endpointKey, requestFor } from '../../src/jobs/requests.js';
import { createLogger } from '../../src/logger.js';
import { createDispatcher } from '../../src/pipeline/dispatcher.js';
import { createPipelineEmitter } from '../../src/pipeline/events.js';
import { createLatencyTracker } from '../../src/pipeline/latency.js';
import { realTimers } from '../../src/pipeline/pacer.js';
import { createWriteBehind } from '../../src/pipeline/write-behind.js';
import { createBackendGate } from '../helpers/gate.js';
import { openTestStore, type TestStore } from '../helpers/store.js';

let opened: TestStore | undefined;
let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  await opened?.close();
  opened = undefined;
  stop = undefined;
});

const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });

async function setup() {
  opened = await openTestStore('sqlite');
  const { store } = opened;
  const clock = createManualClock(1_800_000_000_000);
  const logger = createLogger({ level: 'silent', secrets: [], pretty: false }, quiet);
  const gate = createBackendGate();
  const backend = gate.wrap(createLocalBackend());
  const sent: string[] = [];
  const events = createPipelineEmitter();
  const ended: Job[] = [];
  const cancelled: string[] = [];
  events.on('ended', (job) => ended.push(job));
  events.on('cancelled', (job) => cancelled.push(job.id));
  const dispatcher = createDispatcher({
    store,
    backend: {
      ...backend,
      run: (request, options) => {
        sent.push('prompt' in request ? String(request.prompt) : request.kind);
        return backend.run(request, options);
      },
    },
    clock,
    logger,
    events,
    latency: createLatencyTracker(),
    writes: createWriteBehind({ logger, timers: realTimers, retryMs: 1_000, onStoreHealth: () => undefined }),
    pacer: { rateLimit: 100, rateWindowMs: 1_000, jitterMs: 0, lockoutMs: 60_000, maxConcurrent: 10 },
    requestFor,
    inputsFor: async () => ({}),
    estimateFor: () => 3,
    clientUserId: (id) => id,
    defaultConcurrency: 1,
    pollIntervalMs: 10_000,
    pollTimeoutMs: 60_000,
  });
  stop = () => dispatcher.stop();
  let n = 0;
  const submit = async (userId: string, prompt: string) => {
    const job = await store.jobs.create(
      {
        kind: 'imagine',
        channelId: '1',
        userId,
        userName: userId,
        params: { prompt, model: 'core', count: 1, aspectRatio: '1:1' },
        applicationId: '1',
        interactionId: String(1_000_000_000_000_000_000n + BigInt(++n)),
        interactionToken: 'token',
        uploadLimit: 10_000_000,
        estimatedCredits: 3,
      },
      clock.now(),
    );
    const placed = dispatcher.enqueue(
      { jobId: job.id, seq: job.seq, userId, calls: 1, endpoint: endpointKey(job) },
      undefined,
    );
    return { job, position: placed?.placement.position };
  };
  const endedOnce = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (ended.length < count) return;
        events.off('ended', check);
        resolve();
      };
      events.on('ended', check);
      check();
    });
  return { store, dispatcher, gate, sent, ended, cancelled, submit, endedOnce };
}

describe('cancelling a waiting job', () => {
  it('takes it out of the queue, moves the next one up, and never sends it', async () => {
    const { store, dispatcher, gate, sent, cancelled, submit, endedOnce } = await setup();
    const first = await submit('alice', 'first');
    // Alice may run one job at a time: her next two wait behind the first, which is held at the backend.
    await gate.entered(1);
    const second = await submit('alice', 'second');
    const third = await submit('alice', 'third');
    expect([second.position, third.position]).toEqual([1, 2]);

    const done = await dispatcher.cancel(second.job.id, 'Cancelled by its requester.');
    expect(done?.state).toBe('cancelled');
    expect(cancelled).toEqual([second.job.id]);
    expect(dispatcher.status(third.job.id)?.placement.position).toBe(1);
    // Once its call left, a job can no longer be cancelled.
    expect(await dispatcher.cancel(first.job.id, 'too late')).toBeUndefined();

    gate.open();
    await endedOnce(2);
    expect(sent).toEqual(['first', 'third']);
    expect((await store.jobs.get(second.job.id))?.state).toBe('cancelled');
    expect((await store.jobs.get(first.job.id))?.state).toBe('succeeded');
  });
});
