import { afterEach, describe, expect, it } from 'vitest';
import { createSystemClock } from '../../src/clock.js';
import type { Job, NewJob } from '../../src/domain/job.js';
import type { ImageBackend, ImageResult, PollPending } from '../../src/images/backend.js';
import { createLogger } from '../../src/logger.js';
import { createDispatcher, type Dispatcher } from '../../src/pipeline/dispatcher.js';
import { createPipelineEmitter } from '../../src/pipeline/events.js';
import { createLatencyTracker } from '../../src/pipeline/latency.js';
import { realTimers } from '../../src/pipeline/pacer.js';
import { createWriteBehind } from '../../src/pipeline/write-behind.js';
import { maxRequestsInWindow } from '../fakes/stability-server.js';
import { openTestStore, type TestStore } from '../helpers/store.js';

/** The quota of these tests: 2 requests in any 100 ms (no jitter allowance, so the window is exact). */
const LIMIT = 2;
const WINDOW_MS = 100;
/** How long a generation may take in these tests. */
const TIMEOUT_MS = 60_000;

let opened: TestStore | undefined;
let dispatcher: Dispatcher | undefined;
afterEach(async () => {
  await dispatcher?.stop();
  await opened?.close();
  dispatcher = undefined;
  opened = undefined;
});

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

function newJob(userId: string, kind: NewJob['kind'] = 'imagine'): NewJob {
  return {
    kind,
    channelId: '1',
    userId,
    userName: userId,
    params: { prompt: `from ${userId}`, model: 'core', count: 1 },
    applicationId: '1',
    interactionId: '1',
    interactionToken: 'token',
    uploadLimit: 10_000_000,
    estimatedCredits: 3,
  };
}

const image = (): ImageResult => ({
  bytes: PNG,
  mime: 'image/png',
  width: 64,
  height: 64,
  seed: 1,
  finishReason: 'SUCCESS',
  credits: 3,
  requestId: 'r',
});

type Call = { kind: 'run' | 'poll'; departedAt: number };

/** The calls a backend received, and a way to wait (without polling) until they satisfy a condition. */
function callLog() {
  const calls: Call[] = [];
  const waiters = new Set<{ until: (calls: Call[]) => boolean; resolve: () => void }>();
  return {
    calls,
    add(call: Call) {
      calls.push(call);
      for (const waiter of waiters) {
        if (!waiter.until(calls)) continue;
        waiters.delete(waiter);
        waiter.resolve();
      }
    },
    until: (until: (calls: Call[]) => boolean) =>
      new Promise<void>((resolve) => (until(calls) ? resolve() : waiters.add({ until, resolve }))),
  };
}
type CallLog = ReturnType<typeof callLog>;

const count = (calls: Call[], kind: Call['kind']) => calls.filter((c) => c.kind === kind).length;

/**
 * A backend like the real client: every call first prepares (a submit shrinks its image, here for `prepareMs`),
 * then leaves (`onSend`), then answers. Polls never finish, so generations keep wanting the quota.
 */
function scriptedBackend(log: CallLog, prepareMs: (n: number) => number): ImageBackend {
  let n = 0;
  const prepare = (ms: number) => new Promise<void>((resolve) => realTimers.setTimeout(resolve, ms));
  return {
    name: 'local',
    async run(_request, options) {
      await prepare(prepareMs(n++));
      options?.onSend?.();
      log.add({ kind: 'run', departedAt: realTimers.now() });
      return image();
    },
    async poll(generationId, options): Promise<PollPending> {
      options?.onSend?.();
      log.add({ kind: 'poll', departedAt: realTimers.now() });
      return { pending: true, generationId, requestId: 'r' };
    },
  };
}

async function start(
  backend: ImageBackend,
  store: TestStore['store'],
  events = createPipelineEmitter(),
): Promise<Dispatcher> {
  const logger = createLogger({ level: 'silent', secrets: [] });
  const made = createDispatcher({
    store,
    backend,
    clock: createSystemClock(),
    logger,
    events,
    latency: createLatencyTracker(),
    writes: createWriteBehind({ logger, timers: realTimers, retryMs: 1_000, onStoreHealth: () => undefined }),
    pacer: { rateLimit: LIMIT, rateWindowMs: WINDOW_MS, jitterMs: 0, lockoutMs: 1_000, maxConcurrent: 20 },
    requestFor: (job: Job) => ({ kind: 'generate', prompt: job.params.prompt, model: 'core' }),
    inputsFor: async () => ({}),
    estimateFor: () => 3,
    clientUserId: (userId) => userId,
    defaultConcurrency: 2,
    // Always due again: the polls alone would take the whole quota.
    pollIntervalMs: 1,
    pollTimeoutMs: TIMEOUT_MS,
  });
  await made.recover();
  return made;
}

/** Jobs running a generation that is polled, as a restarted bot finds them. */
async function polling(store: TestStore['store'], count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const job = await store.jobs.create(newJob(`poller${i}`, 'upscale-creative'), Date.now());
    await store.jobs.markRunning(job.id, Date.now());
    await store.jobs.markSent(job.id, 0, Date.now());
    await store.jobs.setGenerationId(job.id, 0, `${i}`.padEnd(64, 'a'));
  }
}

describe('the dispatcher under the quota', () => {
  it('counts a call from when it leaves, so calls that spend long preparing never crowd a window', async () => {
    opened = await openTestStore('sqlite');
    for (let i = 0; i < 8; i++) await opened.store.jobs.create(newJob(`user${i}`), Date.now());
    const log = callLog();
    // Slow and fast preparations alternate: counted at their slots, the slow ones would land among later ones.
    dispatcher = await start(
      scriptedBackend(log, (n) => (n % 2 === 0 ? 150 : 0)),
      opened.store,
    );
    await log.until((calls) => count(calls, 'run') === 8);
    expect(
      maxRequestsInWindow(
        log.calls.map((c) => c.departedAt),
        WINDOW_MS,
      ),
    ).toBeLessThanOrEqual(LIMIT);
  });

  it('lets polls and submits take turns, so generations polling cannot starve the queue', async () => {
    opened = await openTestStore('sqlite');
    await polling(opened.store, 3);
    for (let i = 0; i < 6; i++) await opened.store.jobs.create(newJob(`user${i}`), Date.now());
    const log = callLog();
    dispatcher = await start(
      scriptedBackend(log, () => 0),
      opened.store,
    );
    // Every submit, or (if polls starved them) far more polls than turns would have given.
    await log.until((calls) => count(calls, 'run') === 6 || count(calls, 'poll') >= 30);
    const kinds = log.calls.map((c) => c.kind);
    expect(count(log.calls, 'run')).toBe(6);
    const lastRun = kinds.lastIndexOf('run');
    // Until the last submit, never two polls in a row: each slot a poll took, the next went to a waiting submit.
    for (let i = 1; i <= lastRun; i++) {
      expect(kinds[i] === 'poll' && kinds[i - 1] === 'poll', kinds.join(' ')).toBe(false);
    }
    expect(kinds.slice(0, lastRun + 1).filter((k) => k === 'poll').length).toBeGreaterThanOrEqual(5);
    expect(
      maxRequestsInWindow(
        log.calls.map((c) => c.departedAt),
        WINDOW_MS,
      ),
    ).toBeLessThanOrEqual(LIMIT);
  });
});

describe('a generation found running after a restart', () => {
  it('keeps the deadline its submit started: one last poll, then the job ends with the timeout, never resubmitted', async () => {
    opened = await openTestStore('sqlite');
    const job = await opened.store.jobs.create(newJob('alice', 'upscale-creative'), Date.now());
    await opened.store.jobs.markRunning(job.id, Date.now());
    // Submitted longer ago than the timeout: a restart must not hand it a fresh 60 s.
    await opened.store.jobs.markSent(job.id, 0, Date.now() - TIMEOUT_MS - 1_000);
    await opened.store.jobs.setGenerationId(job.id, 0, 'f'.repeat(64));
    const log = callLog();
    const events = createPipelineEmitter();
    const ended = new Promise<Job>((resolve) => events.on('ended', (finished) => resolve(finished)));
    dispatcher = await start(
      scriptedBackend(log, () => 0),
      opened.store,
      events,
    );
    const finished = await ended;
    expect(log.calls.map((c) => c.kind)).toEqual(['poll']);
    expect(finished.state).toBe('failed');
    expect(finished.images[0]?.errorCode).toBe('poll_timeout');
    expect(finished.error).toMatch(/^Stability did not finish this image within 60 s, so the bot stopped waiting/);
  });
});
