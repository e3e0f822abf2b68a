import { createHash } from 'node:crypto';
import type { REST } from '@discordjs/rest';
import { jobView } from '../../commands/imagine/layout.js';
import type { FetchImage } from '../attachments/download.js';
import type { Budget } from '../budget/budget.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { createDelivery } from '../discord/delivery.js';
import type { Job } from '../domain/job.js';
import type { ImageBackend } from '../images/backend.js';
import { reencodeForUpload } from '../images/upload.js';
import { perImageCredits } from '../jobs/estimate.js';
import { inputsFor } from '../jobs/inputs.js';
import { endpointKey, requestFor } from '../jobs/requests.js';
import type { JobQueue } from '../jobs/submit.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../operations/metrics.js';
import type { StoreHealth } from '../operations/store-health.js';
import { createDispatcher } from '../pipeline/dispatcher.js';
import type { Election } from '../pipeline/election.js';
import { createPipelineEmitter } from '../pipeline/events.js';
import { cancelNotice, createHandoff, JOBS_CHANNEL, jobNotice } from '../pipeline/handoff.js';
import { createLatencyTracker } from '../pipeline/latency.js';
import { createLeadership, type LeadershipHooks } from '../pipeline/leadership.js';
import type { Timers } from '../pipeline/pacer.js';
import { createProgress, type QueueStatus } from '../pipeline/progress.js';
import { createWriteBehind } from '../pipeline/write-behind.js';
import { type JobMessage, jobMessage } from '../render/job-message.js';
import type { Fence } from '../store/job-store.js';
import type { Store } from '../store/store.js';

/** Progress edits per second nearest the head, and for the longest-unrefreshed messages. */
const HEAD_EDITS = 10;
const STALE_EDITS = 10;
/** Salt of the hashed user id Stability sees (`stability-client-user-id`): the same across restarts. */
const CLIENT_USER_SALT = 'imagine-bot';
/** First edits per second of replies another process deferred (they show only "thinking…" until then). */
const FIRST_EDITS = 50;
/**
 * The dispatcher reads other processes' waiting jobs this often, and takes one nobody announced once it is this old
 * (its process may still be acknowledging it; see handoff.ts). @unit milliseconds
 */
const HANDOFF_POLL_MS = 1_000;
const HANDOFF_GRACE_MS = 5_000;

export interface PipelineDeps {
  config: Config;
  store: Store;
  health: StoreHealth;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  backend: ImageBackend;
  rest: REST;
  budget: Pick<Budget, 'settled'>;
  metrics: Metrics;
  fetchImage: FetchImage;
  legacyDir: string | undefined;
  /** Who dispatches: PostgreSQL's election, or SQLite's one process (src/app/election.ts). */
  elect(hooks: LeadershipHooks): Election;
}

/**
 * The job pipeline: the dispatcher (queue, pacer, Stability calls), durable delivery, and progress edits. Everything
 * that reacts to a job's life subscribes below, in one place: this is where to read what happens after a job is
 * queued.
 */
export function buildPipeline(deps: PipelineDeps) {
  const { store, clock, logger } = deps;
  const events = createPipelineEmitter();
  const latency = createLatencyTracker();
  const writes = createWriteBehind({ logger, timers: deps.timers, retryMs: 2_000, onStoreHealth: deps.health.report });
  const imageDeps = {
    store,
    clock,
    fetchImage: deps.fetchImage,
    ...(deps.legacyDir ? { legacyDir: deps.legacyDir } : {}),
  };
  const makeDispatcher = (fence: Fence | undefined) =>
    createDispatcher({
      ...(fence ? { fence } : {}),
      store,
      backend: deps.backend,
      clock,
      logger,
      events,
      latency,
      writes,
      timers: deps.timers,
      pacer: {
        rateLimit: deps.config.stability.rateLimit,
        rateWindowMs: deps.config.stability.rateWindowMs,
        jitterMs: deps.config.stability.rateJitterMs,
        lockoutMs: deps.config.stability.lockoutMs,
        maxConcurrent: deps.config.stability.maxConcurrent,
      },
      requestFor,
      inputsFor: (job) => inputsFor(imageDeps, job),
      estimateFor: (job) => perImageCredits(job.kind, job.params.model, job.params.input),
      clientUserId: (userId) => createHash('sha256').update(`${CLIENT_USER_SALT}:${userId}`).digest('hex').slice(0, 32),
      defaultConcurrency: deps.config.limits.concurrentPerUser,
      // Asynchronous generations: polled every 10 s by default (Stability's advice), for 10 minutes.
      pollIntervalMs: deps.config.stability.pollIntervalMs,
      pollTimeoutMs: deps.config.stability.pollTimeoutMs,
    });

  const leadership = createLeadership({
    logger,
    elect: deps.elect,
    beginTerm: async () =>
      store.dialect === 'postgres' ? { term: await store.dispatch.beginTerm(clock.now()) } : undefined,
    makeDispatcher,
    makeHandoff: (current) =>
      store.dialect === 'postgres'
        ? createHandoff({
            store,
            dispatcher: current,
            clock,
            timers: deps.timers,
            logger,
            pollMs: HANDOFF_POLL_MS,
            graceMs: HANDOFF_GRACE_MS,
            onCancelledElsewhere: (jobId) => void redrawCancelled(jobId),
          })
        : undefined,
    // The dispatcher owns retrying deliveries: what a predecessor left pending is its now.
    onTakeover: () =>
      void delivery
        .resumePending()
        .then((pending) => pending > 0 && logger.info({ pending }, 'resuming deliveries left pending'))
        .catch((error: unknown) => logger.error({ err: error }, 'could not read the pending deliveries')),
  });
  const current = () => leadership.current();

  /** The dispatcher of this process's term as the rest of the app reads it: empty while another process dispatches. */
  const dispatcher = {
    waiting: () => current()?.waiting() ?? [],
    status: (jobId: string) => current()?.status(jobId),
    progress: (jobId: string) => current()?.progress(jobId),
    held: (jobId: string) => current()?.held(jobId),
    size: () => current()?.size() ?? 0,
    activeCount: () => current()?.activeCount() ?? 0,
    runningIds: () => current()?.runningIds() ?? [],
    pausedUntil: () => current()?.pausedUntil() ?? 0,
    inWindow: () => current()?.inWindow() ?? 0,
  };

  const statusOf = (jobId: string): QueueStatus | undefined => {
    const status = dispatcher.status(jobId);
    return status && { position: status.placement.position, etaMs: status.etaMs, pausedUntil: status.pausedUntil };
  };

  /** A job's message as it stands: its state, its place or progress, and its buttons. */
  const render = async (job: Job, queue?: QueueStatus): Promise<JobMessage> => {
    const source = job.sourceJobId ? await store.jobs.get(job.sourceJobId) : undefined;
    const place = job.state === 'queued' ? (queue ?? statusOf(job.id)) : undefined;
    const done = job.state === 'running' ? dispatcher.progress(job.id) : undefined;
    const progress = done && { ...done, pausedUntil: dispatcher.pausedUntil() };
    return jobMessage(job, {
      now: clock.now(),
      ...(source ? { source } : {}),
      ...(place ? { queue: place } : {}),
      ...(progress ? { progress } : {}),
      view: jobView(job),
    });
  };

  const delivery = createDelivery({
    rest: deps.rest,
    store,
    clock,
    timers: deps.timers,
    logger,
    writes,
    render: (job) => render(job),
    fitUpload: (bytes, mime, limit) => reencodeForUpload(bytes, mime, limit),
  });

  const redraw = (jobId: string, queue?: QueueStatus) =>
    delivery.progress(jobId, async () => {
      const job = await store.jobs.get(jobId);
      if (!job || (job.state !== 'queued' && job.state !== 'running')) return undefined;
      return { job, message: await render(job, queue) };
    });

  /** The cancelled state of a job's message, through its edit chain: behind any progress edit already on its way. */
  const redrawCancelled = (jobId: string) =>
    delivery.progress(jobId, async () => {
      const job = await store.jobs.get(jobId);
      if (job?.state !== 'cancelled') return undefined;
      return { job, message: await render(job) };
    });

  const progress = createProgress({
    clock,
    timers: deps.timers,
    waiting: () =>
      dispatcher.waiting().map(({ entry, placement, etaMs }) => ({
        jobId: entry.jobId,
        status: { position: placement.position, etaMs, pausedUntil: dispatcher.pausedUntil() },
      })),
    edit: (jobId, status) => redraw(jobId, status),
    headEdits: HEAD_EDITS,
    staleEdits: STALE_EDITS,
    firstEdits: FIRST_EDITS,
    minIntervalMs: 5_000,
    sweepMs: 1_000,
  });

  // Who reacts to a job's life, in one place.
  events.on('started', (job) => void redraw(job.id));
  events.on('image', (job) => void redraw(job.id));
  events.on('ended', (job, held) => {
    deps.budget.settled(job);
    void delivery.deliver(job, held);
  });
  events.on('cancelled', (job) => deps.budget.settled(job));
  events.on('moved', () => progress.changed());
  // Waiting messages learn of a lockout from the next sweep; running ones are redrawn now, and again when it ends.
  const redrawRunning = () => {
    for (const jobId of dispatcher.runningIds()) void redraw(jobId);
  };
  events.on('paused', redrawRunning);
  events.on('resumed', redrawRunning);
  events.on('call', (call) => {
    deps.metrics.observeCall(call.endpoint, call.ms, call.outcome, call.credits);
    if (call.outcome === 'rate_limited') deps.metrics.rateLimited();
  });

  /** Another process dispatches: the store's conditional cancel decides, and the dispatcher hears of it. */
  const cancelElsewhere = async (jobId: string, reason: string) => {
    if (!(await store.jobs.cancel(jobId, reason, clock.now()))) return undefined;
    await store
      .notify(JOBS_CHANNEL, cancelNotice(jobId))
      .catch((error: unknown) => logger.warn({ err: error, jobId }, 'could not tell the dispatcher of a cancel'));
    const job = await store.jobs.get(jobId);
    if (job) events.emit('cancelled', job);
    return job;
  };

  const queue: JobQueue = {
    // Undefined while another process dispatches: the reply is deferred and the dispatcher draws the position.
    enqueue: (job) => {
      const placed = current()?.enqueue(
        { jobId: job.id, seq: job.seq, userId: job.userId, calls: job.params.count, endpoint: endpointKey(job) },
        job.maxConcurrent,
      );
      return (
        placed && { position: placed.placement.position, etaMs: placed.etaMs, pausedUntil: dispatcher.pausedUntil() }
      );
    },
    cancel: (jobId, reason) => current()?.cancel(jobId, reason) ?? cancelElsewhere(jobId, reason),
    holdEdits: (jobId, first) => {
      if (current()?.has(jobId)) {
        delivery.hold(jobId, first);
        return;
      }
      // Only once the reply is deferred: the dispatcher's first edit must not reach Discord before it.
      void first.then(
        () =>
          store
            .notify(JOBS_CHANNEL, jobNotice(jobId))
            .catch((error: unknown) =>
              logger.warn({ err: error, jobId }, 'could not announce a job; the dispatcher finds it by polling'),
            ),
        () => undefined,
      );
    },
    markShown: (jobId, status) => progress.markShown(jobId, status),
  };

  return { events, dispatcher, leadership, delivery, progress, writes, queue, render, latency };
}

export type Pipeline = ReturnType<typeof buildPipeline>;
