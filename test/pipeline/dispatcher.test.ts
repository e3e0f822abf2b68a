import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/clock.js';
import type { Job } from '../../src/domain/job.js';
import { isPending } from '../../src/images/backend.js';
import { createLocalBackend } from '../../src/images/local-backend.js';
import { endpointKey, requestFor } from '../../src/jobs/requests.js';
import { createLogger } from '../../src/logger.js';
import { createDispatcher } from '../../src/pipeline/dispatcher.js';
import { createPipelineEmitter } from '../../src/pipeline/events.js';
import { createLatencyTracker } from '../../src/pipeline/latency.js';
import { realTimers } from '../../src/pipeline/pacer.js';
import { createWriteBehind } from '../../src/pipeline/write-behind.js';
import type { Fence } from '../../src/store/job-store.js';
import type { Store } from '../../src/store/store.js';
import { createBackendGate } from '../helpers/gate.js';
import { DIALECTS, type Dialect, openTestStore, type TestStore } from '../helpers/store.js';
import { newJob } from '../store/jobs.js';

let opened: TestStore | undefined;
let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  await opened?.close();
  opened = undefined;
  stop = undefined;
});

const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });

const NOW = 1_800_000_000_000;

interface SetupOptions {
  dialect?: Dialect;
  /** What a predecessor left in the store, written before this dispatcher exists; returns this one's term. */
  before?: (store: Store) => Promise<Fence | undefined>;
  /** The store as the dispatcher sees it (one whose writes are slow, say). */
  wrapStore?: (store: Store) => Store;
}

async function setup({ dialect = 'sqlite', before, wrapStore }: SetupOptions = {}) {
  opened = await openTestStore(dialect, NOW);
  const { store } = opened;
  const fence = await before?.(store);
  const clock = createManualClock(NOW);
  const logger = createLogger({ level: 'silent', secrets: [], pretty: false }, quiet);
  const gate = createBackendGate();
  const backend = gate.wrap(createLocalBackend());
  const sent: string[] = [];
  /** When each call and poll left (performance.now()), in the order of `sent`. */
  const sentAt: number[] = [];
  const events = createPipelineEmitter();
  const ended: Job[] = [];
  const cancelled: string[] = [];
  events.on('ended', (job) => ended.push(job));
  events.on('cancelled', (job) => cancelled.push(job.id));
  const dispatcher = createDispatcher({
    ...(fence ? { fence } : {}),
    store: wrapStore ? wrapStore(store) : store,
    backend: {
      ...backend,
      run: (request, options) => {
        sent.push('prompt' in request ? String(request.prompt) : request.kind);
        sentAt.push(performance.now());
        return backend.run(request, options);
      },
      // Every stored generation is ready when polled: the local renderer's picture for a plain prompt.
      poll: async (generationId) => {
        sent.push(`poll ${generationId}`);
        sentAt.push(performance.now());
        const result = await backend.run({ kind: 'generate', model: 'core', prompt: 'polled', outputFormat: 'png' });
        if (isPending(result)) throw new Error('the local renderer answered a generate call as pending');
        return { ...result, credits: 0 };
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
  const submit = async (userId: string, prompt: string, count = 1) => {
    const job = await store.jobs.create(
      {
        kind: 'imagine',
        channelId: '1',
        userId,
        userName: userId,
        params: { prompt, model: 'core', count, aspectRatio: '1:1' },
        applicationId: '1',
        interactionId: String(1_000_000_000_000_000_000n + BigInt(++n)),
        interactionToken: 'token',
        uploadLimit: 10_000_000,
        estimatedCredits: 3,
      },
      clock.now(),
    );
    const placed = dispatcher.enqueue(
      { jobId: job.id, seq: job.seq, userId, calls: count, endpoint: endpointKey(job) },
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
  return { store, dispatcher, events, gate, sent, sentAt, ended, cancelled, submit, endedOnce };
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

describe.each(DIALECTS)('a dispatcher taking over from a predecessor on %s', (dialect) => {
  it('keeps its lockout, polls a stored generation, fails the call that was out as interrupted, then runs the queue in order', async () => {
    const LOCKOUT_MS = 1_000;
    const generation = 'a'.repeat(64);
    const ids: Record<string, string> = {};
    const { store, dispatcher, gate, sent, sentAt, endedOnce } = await setup({
      dialect,
      async before(store) {
        const old = { term: await store.dispatch.beginTerm(NOW) };
        const polled = await store.jobs.create(newJob('alice'), NOW);
        const out = await store.jobs.create(newJob('bob'), NOW);
        for (const job of [polled, out]) {
          await store.jobs.markRunning(job.id, NOW, old);
          await store.jobs.markSent(job.id, 0, NOW, old);
        }
        await store.jobs.setGenerationId(polled.id, 0, generation);
        ids.polled = polled.id;
        ids.out = out.id;
        ids.carol = (await store.jobs.create(newJob('carol'), NOW + 1)).id;
        ids.dave = (await store.jobs.create(newJob('dave'), NOW + 2)).id;
        // The predecessor got a 429 just before it died: Stability's lockout still runs.
        await store.dispatch.set('lockout_until', String(NOW + LOCKOUT_MS), NOW);
        return { term: await store.dispatch.beginTerm(NOW + 1) };
      },
    });
    gate.open();
    const recoveredAt = performance.now();
    expect(await dispatcher.recover()).toEqual({ requeued: 2, interrupted: 1, polling: 1 });
    expect(dispatcher.pausedUntil()).toBe(NOW + LOCKOUT_MS);
    expect((await store.jobs.get(ids.out ?? ''))?.images[0]).toMatchObject({
      state: 'failed',
      errorCode: 'interrupted',
      creditsEstimated: true,
    });

    // The waiting jobs keep their commit order (two members: which call leaves first is then up to the store).
    expect(dispatcher.waiting().map((w) => w.entry.jobId)).toEqual([ids.carol, ids.dave]);

    await endedOnce(4);
    // Nothing left before the lockout was over (a lower bound: the pacer may only be later, never earlier).
    for (const at of sentAt) expect(at - recoveredAt).toBeGreaterThanOrEqual(LOCKOUT_MS);
    // The generation is polled, never submitted again, and the call that was out is not sent again.
    expect([...sent].sort()).toEqual(['a picture for carol', 'a picture for dave', `poll ${generation}`]);
    for (const id of [ids.polled, ids.carol, ids.dave])
      expect((await store.jobs.get(id ?? ''))?.state).toBe('succeeded');
    expect((await store.jobs.get(ids.out ?? ''))?.state).toBe('failed');
  });
});

describe.each(DIALECTS)('a job of several images on %s', (dialect) => {
  it('ends once every image is recorded, whichever image’s writes land first', async () => {
    let releaseFirst: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    const { dispatcher, events, gate, ended, submit, endedOnce } = await setup({
      dialect,
      // Image 0's outcome is written last, though its call came back first.
      wrapStore: (store) => ({
        ...store,
        jobs: {
          ...store.jobs,
          recordImage: async (jobId, index, outcome) => {
            if (index === 0) await firstHeld;
            return store.jobs.recordImage(jobId, index, outcome);
          },
        },
      }),
    });
    const { job } = await submit('alice', 'two images', 2);
    await gate.entered(2);
    const secondKnown = new Promise<string>((resolve) => {
      events.on('image', (_job, index) => index === 1 && resolve('image'));
      events.on('ended', () => resolve('ended'));
    });
    gate.open();
    try {
      // The second image is recorded while the first still waits for its write: the job is not over yet.
      expect(await secondKnown).toBe('image');
      expect(ended).toEqual([]);
    } finally {
      // Also when an expectation failed, so the dispatcher's stop does not wait on the held write.
      releaseFirst();
    }
    await endedOnce(1);
    expect(ended.map((j) => [j.id, j.images.map((i) => i.state)])).toEqual([[job.id, ['succeeded', 'succeeded']]]);
    expect(dispatcher.activeCount()).toBe(0);
  });
});
