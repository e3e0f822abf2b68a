import type { Clock } from '../clock.js';
import type { Job } from '../domain/job.js';
import { shortDuration } from '../format/time.js';
import { type ImageBackend, type ImageResult, isPending, type StabilityRequest } from '../images/backend.js';
import type { Logger } from '../logger.js';
import { RateLimitError } from '../stability/errors.js';
import type { Fence, ImageOutcome } from '../store/job-store.js';
import type { Store } from '../store/store.js';
import { isStoreFault } from '../store/store-errors.js';
import type { HeldImage, PipelineEmitter } from './events.js';
import { createFairQueue, type Placement, type QueueEntry } from './fair-queue.js';
import type { LatencyTracker } from './latency.js';
import { applyOutcome, failureOutcome, finalState, finishedJob, resultOutcome } from './outcomes.js';
import { createPacer, type PacerSettings, realTimers, type Send, type Timers } from './pacer.js';
import type { WriteBehind } from './write-behind.js';

/** The input images a job's calls need, resolved once per job (from the store, or fetched again from Discord). */
export interface JobInputs {
  image?: Uint8Array;
  styleImage?: Uint8Array;
}

export interface DispatcherDeps {
  store: Store;
  backend: ImageBackend;
  clock: Clock;
  logger: Logger;
  events: PipelineEmitter;
  latency: LatencyTracker;
  writes: WriteBehind;
  pacer: PacerSettings;
  timers?: Timers;
  /** Wall-clock milliseconds shared by every process (quota log, sent_at). */
  epochNow?: () => number;
  /**
   * The election term this dispatcher runs in (several processes on PostgreSQL): every job start and paid call is
   * written under it, so once a successor's term begins this dispatcher can start and send nothing more.
   */
  fence?: Fence;
  /** The request that makes image `index` of `job`. */
  requestFor(job: Job, index: number, inputs: JobInputs): StabilityRequest;
  /** What the job's request needs besides its parameters; throws when a source image is gone. */
  inputsFor(job: Job): Promise<JobInputs>;
  /** What a call would cost, counted when a failure leaves the charge unknown. */
  estimateFor(job: Job): number;
  clientUserId(userId: string): string;
  /** The `concurrent` limit of jobs admitted before it was stored with them. */
  defaultConcurrency: number;
  /** Asynchronous generations: time between polls, and how long to wait in all. @unit milliseconds */
  pollIntervalMs: number;
  pollTimeoutMs: number;
}

interface Poll {
  generationId: string;
  nextAt: number;
  deadline: number;
  credits: number;
}

/** A job whose calls are being sent: what the dispatcher holds until it ends and is handed to delivery. */
interface ActiveJob {
  entry: Pick<QueueEntry, 'jobId' | 'userId'>;
  loading: Promise<Job | undefined>;
  job?: Job;
  inputs: JobInputs;
  /** Images whose paid call has not left yet. */
  pending: number[];
  /** Calls out right now. */
  outstanding: number;
  polls: Map<number, Poll>;
  held: Map<number, HeldImage>;
  slotHeld: boolean;
  failed: boolean;
}

const STORE_RETRY_MS = 2_000;

/**
 * The one place that sends jobs to Stability: a fair queue of waiting jobs, the pacer that spaces every request
 * within the quota, and the jobs in progress. It records each paid call before it leaves (never sending one twice),
 * keeps finished images in memory until delivery took them, and announces every step on `events`.
 */
export function createDispatcher(deps: DispatcherDeps) {
  const timers = deps.timers ?? realTimers;
  const epochNow = deps.epochNow ?? (() => Date.now());
  const queue = createFairQueue();
  const active = new Map<string, ActiveJob>();
  const inFlight = new Set<Promise<void>>();
  let storeDownUntil = 0;
  let pollTimer: { cancel(): void } | undefined;
  let stopped = false;
  /** Superseded (lost the election): nothing more is sent, written or announced; the successor takes it from here. */
  let fenced = false;
  /** The last slot went to a poll: a waiting submit goes next. */
  let lastTookPoll = false;

  const log = deps.logger;

  const releaseSlot = (run: ActiveJob) => {
    if (!run.slotHeld) return;
    run.slotHeld = false;
    queue.release(run.entry.userId);
    // The member's next job may start now.
    pacer.wake();
  };

  const track = (promise: Promise<void>) => {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise));
  };

  const storeFailed = (error: unknown, what: string): boolean => {
    if (!isStoreFault(error)) return false;
    log.error({ err: error }, `${what}: the store cannot be written; waiting for it before sending anything`);
    storeDownUntil = timers.now() + STORE_RETRY_MS;
    timers.setTimeout(() => pacer.wake(), STORE_RETRY_MS);
    return true;
  };

  const finish = async (run: ActiveJob): Promise<void> => {
    const job = run.job;
    if (!job || fenced) return;
    const final = finalState(job.images);
    const now = deps.clock.now();
    const ended = finishedJob(job, final, now);
    active.delete(job.id);
    releaseSlot(run);
    await deps.writes.run(`finish ${job.id}`, () =>
      deps.store.jobs.finish(job.id, final.state, now, final.charged, final.error, final.ending),
    );
    deps.events.emit('ended', ended, run.held);
    deps.events.emit('moved');
  };

  const settle = async (run: ActiveJob, index: number, outcome: ImageOutcome, image?: HeldImage) => {
    const job = run.job;
    if (!job || fenced) return;
    if (image) {
      run.held.set(index, image);
      const width = outcome.width;
      const height = outcome.height;
      await deps.writes.run(`image ${job.id}#${index}`, () =>
        deps.store.blobs.save(
          job.id,
          'result',
          index,
          { ...image, ...(width ? { width } : {}), ...(height ? { height } : {}) },
          deps.clock.now(),
        ),
      );
    }
    await deps.writes.run(`outcome ${job.id}#${index}`, () => deps.store.jobs.recordImage(job.id, index, outcome));
    job.images = job.images.map((i) => (i.index === index ? applyOutcome(i, outcome) : i));
    // Every outcome known, not only every call back: another image may still be awaiting its writes (a store whose
    // writes finish out of order, as PostgreSQL's pool does), and ending now would deliver the job without it.
    const known = job.images.every((i) => i.state !== 'pending');
    if (known && run.pending.length === 0 && run.outstanding === 0 && run.polls.size === 0) {
      await finish(run);
    } else {
      deps.events.emit('image', job, index);
    }
  };

  const record = (endpoint: string, started: number, outcome: string, credits: number) => {
    const ms = timers.now() - started;
    deps.events.emit('call', { endpoint, ms, outcome, credits });
    return ms;
  };

  const handleResult = async (run: ActiveJob, job: Job, index: number, result: ImageResult, credits: number) => {
    const outcome = resultOutcome(result, credits);
    const held = outcome.state === 'succeeded' ? { bytes: result.bytes, mime: result.mime } : undefined;
    await settle(run, index, outcome, held);
    if (result.inputFitted) {
      log.info({ jobId: job.id, index, fitted: result.inputFitted }, 'input image fitted to the endpoint limits');
    }
  };

  const fail = async (run: ActiveJob, job: Job, index: number, error: unknown) => {
    const { outcome, cause } = failureOutcome(error, deps.estimateFor(job));
    log.warn(
      { jobId: job.id, index, userId: job.userId, code: outcome.errorCode, requestId: outcome.requestId },
      `Stability call failed: ${cause}`,
    );
    await settle(run, index, outcome);
  };

  /** One paid call: recorded as sent before it leaves, so no process ever sends it again. */
  const submit = (run: ActiveJob, index: number) => async (depart: () => void) => {
    const job = await run.loading;
    if (!job || run.failed) return;
    run.outstanding++;
    let out = true;
    // The call is back: it no longer counts as outstanding when its outcome decides whether the job is over.
    const back = () => {
      if (out) run.outstanding--;
      out = false;
    };
    try {
      const at = epochNow();
      let recorded: boolean;
      try {
        // One transaction: the quota log never misses a call that left, nor counts one that did not.
        recorded = await deps.store.transaction(async (tx) => {
          if (!(await tx.jobs.markSent(job.id, index, at, deps.fence))) return false;
          await tx.dispatch.logRequest(at);
          return true;
        });
      } catch (error) {
        if (!storeFailed(error, 'recording a call')) throw error;
        run.pending.unshift(index);
        return;
      }
      if (!recorded) {
        // A successor's term began: it owns this job now, and this call must not leave.
        fence('a newer dispatcher term began (found when recording a call)');
        return;
      }
      // Superseded while the record was being written: the successor counts the call as out, so not sending it
      // can only spare a charge.
      if (fenced) return;
      const request = deps.requestFor(job, index, run.inputs);
      const endpoint = request.kind === 'generate' ? request.model : request.kind;
      const started = timers.now();
      let result: Awaited<ReturnType<ImageBackend['run']>>;
      try {
        // The pacer counts the call from `depart`: when it leaves, after its image was loaded and shrunk.
        result = await deps.backend.run(request, { clientUserId: deps.clientUserId(job.userId), onSend: depart });
      } catch (error) {
        back();
        if (error instanceof RateLimitError) {
          // A 429 proves nothing ran: the call goes back first in line, and nothing leaves during the lockout.
          record(endpoint, started, 'rate_limited', 0);
          run.pending.unshift(index);
          pacer.pause();
          return;
        }
        record(endpoint, started, error instanceof Error ? error.name : 'error', 0);
        await fail(run, job, index, error);
        return;
      }
      back();
      if (isPending(result)) {
        record(endpoint, started, 'pending', result.credits);
        run.polls.set(index, {
          generationId: result.generationId,
          nextAt: timers.now() + deps.pollIntervalMs,
          deadline: timers.now() + deps.pollTimeoutMs,
          credits: result.credits,
        });
        await deps.writes.run(`generation ${job.id}#${index}`, () =>
          deps.store.jobs.setGenerationId(job.id, index, result.generationId),
        );
        // Waiting on a generation holds no slot: the member's next job may start meanwhile.
        if (run.pending.length === 0) releaseSlot(run);
        schedulePolls();
        return;
      }
      deps.latency.record(endpoint, record(endpoint, started, result.finishReason, result.credits));
      await handleResult(run, job, index, result, result.credits);
    } finally {
      back();
    }
  };

  /** One poll of an asynchronous generation: free and safe to repeat, but still a request against the quota. */
  const poll = (run: ActiveJob, index: number, state: Poll) => async (depart: () => void) => {
    const job = await run.loading;
    if (!job || fenced) return;
    run.outstanding++;
    let out = true;
    const back = () => {
      if (out) run.outstanding--;
      out = false;
    };
    try {
      await deps.writes.run(`polled ${job.id}#${index}`, () =>
        deps.store.jobs.markPolled(job.id, index, deps.clock.now()),
      );
      await deps.store.dispatch.logRequest(epochNow()).catch(() => undefined);
      const started = timers.now();
      try {
        const options = { clientUserId: deps.clientUserId(job.userId), onSend: depart };
        const result = await deps.backend.poll(state.generationId, options);
        back();
        if (isPending(result)) {
          record('results', started, 'pending', 0);
          if (timers.now() < state.deadline) return;
          run.polls.delete(index);
          await settle(run, index, {
            state: 'failed',
            credits: state.credits,
            creditsEstimated: true,
            error: `Stability did not finish this image within ${shortDuration(deps.pollTimeoutMs)}, so the bot stopped waiting for it (estimated — may have been charged).`,
            errorCode: 'poll_timeout',
          });
          return;
        }
        record('results', started, result.finishReason, state.credits);
        run.polls.delete(index);
        await handleResult(run, job, index, result, state.credits);
      } catch (error) {
        back();
        if (error instanceof RateLimitError) {
          pacer.pause();
          return;
        }
        record('results', started, error instanceof Error ? error.name : 'error', 0);
        const expired = error instanceof Error && error.name === 'GenerationNotFoundError';
        if (!expired && timers.now() < state.deadline) return;
        run.polls.delete(index);
        await fail(run, job, index, error);
      }
    } finally {
      state.nextAt = timers.now() + deps.pollIntervalMs;
      back();
      schedulePolls();
    }
  };

  const schedulePolls = () => {
    pollTimer?.cancel();
    pollTimer = undefined;
    let soonest = Number.POSITIVE_INFINITY;
    for (const run of active.values())
      for (const state of run.polls.values()) soonest = Math.min(soonest, state.nextAt);
    if (!Number.isFinite(soonest) || stopped) return;
    pollTimer = timers.setTimeout(() => pacer.wake(), Math.max(0, soonest - timers.now()));
  };

  const begin = (entry: QueueEntry): ActiveJob => {
    const run: ActiveJob = {
      entry,
      inputs: {},
      pending: Array.from({ length: entry.calls }, (_, i) => i),
      outstanding: 0,
      polls: new Map(),
      held: new Map(),
      slotHeld: true,
      failed: false,
      loading: Promise.resolve(undefined),
    };
    active.set(entry.jobId, run);
    run.loading = (async () => {
      let started: boolean;
      try {
        started = await deps.store.jobs.markRunning(entry.jobId, deps.clock.now(), deps.fence);
      } catch (error) {
        if (!storeFailed(error, 'starting a job')) throw error;
        active.delete(entry.jobId);
        releaseSlot(run);
        queue.add(entry, deps.defaultConcurrency);
        return undefined;
      }
      const job = started && !fenced ? await deps.store.jobs.get(entry.jobId) : undefined;
      if (!job) {
        // Cancelled (here or by another process) before its first call, or a successor took over: nothing was sent.
        active.delete(entry.jobId);
        releaseSlot(run);
        deps.events.emit('moved');
        return undefined;
      }
      run.job = job;
      deps.events.emit('started', job);
      deps.events.emit('moved');
      try {
        run.inputs = await deps.inputsFor(job);
      } catch (error) {
        log.warn({ jobId: job.id, err: error }, 'source image unavailable');
        run.failed = true;
        run.pending = [];
        for (const image of job.images) {
          await settle(run, image.index, {
            state: 'failed',
            credits: 0,
            error: 'the source image is no longer available (its message was deleted?)',
            errorCode: 'source_unavailable',
          });
        }
        return undefined;
      }
      return job;
    })();
    return run;
  };

  /** A poll that is due. */
  const takePoll = (now: number): Send | undefined => {
    for (const run of active.values()) {
      for (const [index, state] of run.polls) {
        if (state.nextAt <= now && run.outstanding === 0) {
          state.nextAt = Number.POSITIVE_INFINITY;
          return trackCall(poll(run, index, state));
        }
      }
    }
    return undefined;
  };

  /** The next call of a running job, or a new job. */
  const takeSubmit = (now: number): Send | undefined => {
    for (const run of active.values()) {
      const index = run.pending.shift();
      if (index !== undefined) return trackCall(submit(run, index));
    }
    if (now < storeDownUntil) return undefined;
    const entry = queue.next();
    if (!entry) return undefined;
    const run = begin(entry);
    const index = run.pending.shift();
    return index === undefined ? undefined : trackCall(submit(run, index));
  };

  /**
   * What the pacer sends in the slot that just opened: a poll due or a submit. While both wait they take turns, so
   * many generations polling cannot hold the queue off the quota (nor a long queue the polls).
   */
  const take = (): Send | undefined => {
    if (stopped) return undefined;
    const now = timers.now();
    if (lastTookPoll) {
      const submitted = takeSubmit(now);
      if (submitted) lastTookPoll = false;
      return submitted ?? takePoll(now);
    }
    const polled = takePoll(now);
    if (polled) lastTookPoll = true;
    return polled ?? takeSubmit(now);
  };

  const trackCall = (send: Send) => (depart: () => void) => {
    const promise = send(depart).catch((error: unknown) => log.error({ err: error }, 'dispatching a call failed'));
    track(promise);
    return promise;
  };

  const pacer = createPacer(
    deps.pacer,
    deps.clock,
    take,
    {
      onPause: (until) => {
        log.warn({ until: new Date(until).toISOString() }, 'Stability answered 429: queue paused for the lockout');
        void deps.store.dispatch.set('lockout_until', String(until), deps.clock.now()).catch(() => undefined);
        deps.events.emit('paused', until);
        deps.events.emit('moved');
      },
      onResume: () => {
        log.info('Stability lockout over: queue resumed');
        deps.events.emit('resumed');
        deps.events.emit('moved');
      },
    },
    timers,
  );

  /** Stops at once, without waiting or writing anything more: what is out stays recorded as out, for the successor. */
  const fence = (reason: string): void => {
    if (fenced) return;
    fenced = true;
    stopped = true;
    pollTimer?.cancel();
    log.error({ reason }, 'no longer the dispatcher: stopped sending at once');
    void pacer.stop();
  };

  /** A pacer slot lasts for a request's whole flight; the ETA spreads calls over whichever is slower. */
  const callInterval = (endpoint: string) =>
    Math.max(
      (deps.pacer.rateWindowMs + deps.pacer.jitterMs) / deps.pacer.rateLimit,
      deps.latency.estimate(endpoint) / deps.pacer.maxConcurrent,
    );

  const eta = (entry: QueueEntry, placement: Placement): number => {
    const pauseLeft = Math.max(0, pacer.pausedUntil() - deps.clock.now());
    return pauseLeft + placement.callsAhead * callInterval(entry.endpoint) + deps.latency.slowest();
  };

  return {
    events: deps.events,

    /** A committed job joins the queue (once: again is a no-op); returns where it stands while it waits. */
    enqueue(entry: QueueEntry, limit: number | undefined): { placement: Placement; etaMs: number } | undefined {
      // Known already (another process's notice and its own commit can both bring it): never start it twice.
      if (active.has(entry.jobId)) return undefined;
      if (queue.has(entry.jobId)) {
        const placement = queue.placement(entry.jobId);
        return placement && { placement, etaMs: eta(entry, placement) };
      }
      queue.add(entry, limit ?? deps.defaultConcurrency);
      deps.events.emit('queued', entry);
      deps.events.emit('moved');
      const placement = queue.placementOfNewest(entry.jobId);
      pacer.wake();
      return placement ? { placement, etaMs: eta(entry, placement) } : undefined;
    },

    /** Cancels a waiting job: false once its first call left (or it ended). */
    async cancel(jobId: string, reason: string): Promise<Job | undefined> {
      const entry = queue.remove(jobId);
      if (!(await deps.store.jobs.cancel(jobId, reason, deps.clock.now()))) {
        // Started meanwhile (or another process ran it): it is no longer ours to cancel.
        if (entry && !active.has(jobId)) queue.add(entry, deps.defaultConcurrency);
        return undefined;
      }
      const job = await deps.store.jobs.get(jobId);
      if (job) deps.events.emit('cancelled', job);
      deps.events.emit('moved');
      return job;
    },

    /** Where a waiting job stands now, and when it should start. */
    status(jobId: string): { placement: Placement; etaMs: number; pausedUntil: number } | undefined {
      const placement = queue.placement(jobId);
      if (!placement) return undefined;
      const entry = queue.order()[placement.position - 1];
      if (!entry) return undefined;
      return { placement, etaMs: eta(entry, placement), pausedUntil: pacer.pausedUntil() };
    },

    /** Every waiting job in start order, with its ETA never below that of any job ahead of it. */
    waiting(): { entry: QueueEntry; placement: Placement; etaMs: number }[] {
      let floor = 0;
      return queue.order().map((entry, i) => {
        const placement = { position: i + 1, callsAhead: 0 };
        const exact = queue.placement(entry.jobId) ?? placement;
        floor = Math.max(floor, eta(entry, exact));
        return { entry, placement: exact, etaMs: floor };
      });
    },

    /** Image progress of a running job, for its message. */
    progress(jobId: string): { done: number; total: number } | undefined {
      const job = active.get(jobId)?.job;
      if (!job) return undefined;
      return { done: job.images.filter((i) => i.state !== 'pending').length, total: job.images.length };
    },

    /** A finished image still held for delivery (the store may not have it yet). */
    held(jobId: string): ReadonlyMap<number, HeldImage> | undefined {
      return active.get(jobId)?.held;
    },

    /** Whether the job waits here or runs here. */
    has: (jobId: string) => queue.has(jobId) || active.has(jobId),
    waitingIds: (): string[] => queue.order().map((entry) => entry.jobId),

    /** A waiting job left the queue elsewhere (cancelled by another process): forgotten here; false if unknown. */
    drop(jobId: string): boolean {
      if (!queue.remove(jobId)) return false;
      deps.events.emit('moved');
      return true;
    },

    size: () => queue.size(),
    activeCount: () => active.size,
    /** The jobs running now (a lockout holds their remaining calls too, and their messages say so). */
    runningIds: (): string[] => [...active.keys()],
    pausedUntil: () => pacer.pausedUntil(),
    pacerMinTime: pacer.minTime,
    inWindow: () => pacer.inWindow(),

    /**
     * Takes over the store's queue (at start, or when this process becomes the dispatcher): the lockout in force,
     * what was sent lately, jobs that were running (finished, or polled on when asynchronous), then every waiting
     * job in commit order. Dispatching starts at once; nothing here waits for Discord.
     */
    async recover(): Promise<{ requeued: number; interrupted: number; polling: number }> {
      const now = epochNow();
      const lockout = Number(await deps.store.dispatch.get('lockout_until'));
      if (Number.isFinite(lockout) && lockout > deps.clock.now()) pacer.pause(lockout);
      const windowStart = now - deps.pacer.rateWindowMs - deps.pacer.jitterMs;
      pacer.seed(await deps.store.dispatch.requestsSince(windowStart), now);
      await deps.store.dispatch.pruneRequests(now - 10 * 60_000);
      let interrupted = 0;
      let polling = 0;
      for (const job of await deps.store.jobs.running()) {
        const run: ActiveJob = {
          entry: { jobId: job.id, userId: job.userId },
          job,
          loading: Promise.resolve(job),
          inputs: {},
          pending: [],
          outstanding: 0,
          polls: new Map(),
          held: new Map(),
          slotHeld: false,
          failed: false,
        };
        active.set(job.id, run);
        for (const image of job.images) {
          if (image.state !== 'pending') continue;
          if (image.generationId) {
            // The 10 s spacing and the 10-minute deadline run from the last poll and the submit, not from this start.
            const sincePoll =
              image.polledAt === undefined ? Number.POSITIVE_INFINITY : deps.clock.now() - image.polledAt;
            const sinceSent = image.sentAt === undefined ? 0 : Math.max(0, now - image.sentAt);
            run.polls.set(image.index, {
              generationId: image.generationId,
              nextAt: timers.now() + Math.max(0, deps.pollIntervalMs - sincePoll),
              deadline: timers.now() + deps.pollTimeoutMs - sinceSent,
              credits: deps.estimateFor(job),
            });
            polling++;
          } else if (image.sentAt === undefined) {
            run.pending.push(image.index);
          } else {
            // Out when the process died: Stability may have made (and billed) it; a paid call is never sent again.
            interrupted++;
            const outcome: ImageOutcome = {
              state: 'failed',
              credits: deps.estimateFor(job),
              creditsEstimated: true,
              error:
                'the bot restarted while this job was running. It was not sent again, so it cannot be charged twice ' +
                '(estimated — may have been charged once). Press 🔄 Reroll to try again.',
              errorCode: 'interrupted',
            };
            await deps.writes.run(`interrupted ${job.id}#${image.index}`, () =>
              deps.store.jobs.recordImage(job.id, image.index, outcome),
            );
            job.images = job.images.map((i) => (i.index === image.index ? applyOutcome(i, outcome) : i));
          }
        }
        if (run.pending.length > 0) {
          run.slotHeld = true;
          queue.hold(job.userId, job.maxConcurrent ?? deps.defaultConcurrency);
          run.inputs = await deps.inputsFor(job).catch(() => ({}));
        }
        if (run.pending.length === 0 && run.polls.size === 0) await finish(run);
      }
      const entries = await deps.store.jobs.queuedEntries();
      for (const entry of entries) {
        queue.add(
          { jobId: entry.id, seq: entry.seq, userId: entry.userId, calls: entry.calls, endpoint: entry.model },
          entry.maxConcurrent ?? deps.defaultConcurrency,
        );
      }
      deps.events.emit('moved');
      schedulePolls();
      pacer.wake();
      return { requeued: entries.length, interrupted, polling };
    },

    /**
     * This process lost the election: stops at once — nothing more is sent, and what comes back of the calls already
     * out is neither written nor delivered, because the successor has taken those jobs over (as interrupted).
     */
    abandon(reason: string): void {
      fence(reason);
    },
    fenced: () => fenced,

    /** Sends nothing more (waiting jobs stay queued in the store); resolves when the calls already out are back. */
    async stop(): Promise<void> {
      stopped = true;
      pollTimer?.cancel();
      await pacer.stop();
      await Promise.allSettled([...inFlight]);
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
