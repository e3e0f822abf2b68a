import type { RawFile, REST } from '@discordjs/rest';
import { Routes, SnowflakeUtil } from 'discord.js';
import type { Clock } from '../clock.js';
import { parseResultAttachmentName, resultAttachmentName } from '../domain/attachments.js';
import type { Delivery, Job } from '../domain/job.js';
import { messageLink } from '../format/links.js';
import type { Logger } from '../logger.js';
import type { HeldImage } from '../pipeline/events.js';
import type { Timers } from '../pipeline/pacer.js';
import type { WriteBehind } from '../pipeline/write-behind.js';
import { deliveredElsewhere, type JobMessage, undeliverable } from '../render/job-message.js';
import type { Store } from '../store/store.js';
import { classifyRestError, restErrorCode } from './rest-errors.js';

/** Interaction tokens die 15 minutes after the interaction; stop a little before, so a slow upload cannot cross. */
const TOKEN_LIFETIME_MS = 15 * 60_000;
const TOKEN_MARGIN_MS = 30_000;
/** Retries: 1 s, 2 s, 4 s … up to this. @unit milliseconds */
const MAX_BACKOFF_MS = 60_000;
/** After this long of failed attempts, delivery gives up and says so (the job stays reachable with /show). */
const GIVE_UP_AFTER_MS = 24 * 3_600_000;

type Outcome = 'delivered' | 'failed' | 'retry';

interface SentMessage {
  id: string;
  attachments?: { filename: string; url: string }[];
}

export interface DeliveryDeps {
  rest: REST;
  store: Store;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  writes: WriteBehind;
  /** The job's final message (content, embeds, its buttons). */
  render(job: Job): Promise<JobMessage>;
  /** Shrinks an image that is over the upload limit (keeping transparency). */
  fitUpload(bytes: Uint8Array, mime: string, limit: number): Promise<{ bytes: Uint8Array; mime: string }>;
}

export type JobDelivery = ReturnType<typeof createDelivery>;

/**
 * Gets every finished job's result to its member, as a durable step of its own: the paid call is never repeated,
 * but posting its result is, with backoff, until it lands. Through the interaction token while that lives; after
 * that as a channel message mentioning the member, sent with a nonce Discord enforces so a retried post cannot
 * appear twice. Pending deliveries are in the store and resume after a restart. Progress edits of waiting messages
 * go through the same per-job chain, so a late one can never hide a result.
 */
export function createDelivery(deps: DeliveryDeps) {
  const { rest, store, clock, logger } = deps;
  const chains = new Map<string, Promise<void>>();
  const finals = new Set<string>();
  const progressQueued = new Set<string>();
  const retries = new Map<string, { cancel(): void }>();
  let stopped = false;

  const tokenAlive = (job: Job) =>
    job.interactionToken !== undefined &&
    clock.now() < SnowflakeUtil.timestampFrom(job.interactionId) + TOKEN_LIFETIME_MS - TOKEN_MARGIN_MS;

  const serialize = (jobId: string, task: () => Promise<void>): Promise<void> => {
    const previous = chains.get(jobId) ?? Promise.resolve();
    const next = previous
      .then(task)
      .catch((error: unknown) => logger.error({ err: error, jobId }, 'job message task failed'));
    chains.set(jobId, next);
    void next.finally(() => {
      if (chains.get(jobId) === next) chains.delete(jobId);
    });
    return next;
  };

  const filesOf = async (job: Job, held: ReadonlyMap<number, HeldImage> | undefined): Promise<RawFile[]> => {
    if (job.state !== 'succeeded') return [];
    const files: RawFile[] = [];
    for (const image of job.images) {
      if (image.state !== 'succeeded') continue;
      const source = held?.get(image.index) ?? (await store.blobs.read(job.id, 'result', image.index));
      if (!source) {
        logger.warn({ jobId: job.id, index: image.index }, 'a delivered image is no longer stored; posting the rest');
        continue;
      }
      const fitted = await deps.fitUpload(source.bytes, source.mime, job.uploadLimit);
      files.push({
        name: resultAttachmentName(job.id, image.index, fitted.mime, job.spoiler ?? false),
        data: Buffer.from(fitted.bytes),
      });
    }
    return files;
  };

  const body = (message: JobMessage, files: RawFile[], mention?: string) => ({
    content: message.content,
    embeds: message.embeds,
    components: message.components,
    attachments: files.map((file, index) => ({ id: String(index), filename: file.name })),
    allowed_mentions: mention ? { parse: [], users: [mention] } : { parse: [] },
  });

  const remember = async (job: Job, sent: SentMessage, kind: 'original' | 'channel') => {
    const now = clock.now();
    await deps.writes.run(`message ${job.id}`, async () => {
      await store.jobs.addMessage(job.id, sent.id, job.channelId, kind, now);
      if (kind === 'original' && sent.id !== job.messageId) await store.jobs.setMessageId(job.id, sent.id);
      for (const attachment of sent.attachments ?? []) {
        const parsed = parseResultAttachmentName(attachment.filename);
        if (parsed?.jobId === job.id) await store.jobs.setAttachmentUrl(job.id, parsed.index, attachment.url);
      }
    });
  };

  const setState = (job: Job, delivery: Delivery) =>
    deps.writes.run(`delivery ${job.id}`, () => store.jobs.setDelivery(job.id, delivery));

  /** One try: the result is on Discord, can never be (and the member was told where possible), or try again. */
  const attempt = async (job: Job, held: ReadonlyMap<number, HeldImage> | undefined): Promise<Outcome> => {
    const message = await deps.render(job);
    const files = await filesOf(job, held);
    if (tokenAlive(job)) {
      try {
        const route = Routes.webhookMessage(job.applicationId, job.interactionToken ?? '', '@original');
        const sent = (await rest.patch(route, { body: body(message, files), files, auth: false })) as SentMessage;
        await remember(job, sent, 'original');
        return 'delivered';
      } catch (error) {
        const kind = classifyRestError(error);
        logger.warn({ jobId: job.id, code: restErrorCode(error), kind }, 'delivery through the interaction failed');
        if (kind === 'transient') return 'retry';
        if (kind === 'invalid') return giveUp(job, 'Discord refused the message', error);
        // gone: the token or the message died early; the channel still works.
      }
    }
    try {
      const sent = (await rest.post(Routes.channelMessages(job.channelId), {
        body: {
          ...body(message, files, job.userId),
          // Discord keeps one message per author and nonce for a few minutes: a retried post returns the first.
          nonce: `ib-${job.id}`,
          enforce_nonce: true,
          ...(job.messageId ? { message_reference: { message_id: job.messageId, fail_if_not_exists: false } } : {}),
        },
        files,
      })) as SentMessage;
      await remember(job, sent, 'channel');
      if (job.messageId) {
        // The original no longer claims to be generating; its buttons moved to the delivered message.
        const elsewhere = deliveredElsewhere(job, messageLink(job.guildId, job.channelId, sent.id));
        await rest
          .patch(Routes.channelMessage(job.channelId, job.messageId), {
            body: { ...elsewhere, allowed_mentions: { parse: [] } },
          })
          .catch((error: unknown) =>
            logger.info(
              { jobId: job.id, code: restErrorCode(error) },
              'could not mark the original message as delivered',
            ),
          );
      }
      return 'delivered';
    } catch (error) {
      const kind = classifyRestError(error);
      if (kind === 'transient') {
        logger.warn({ jobId: job.id, code: restErrorCode(error) }, 'channel delivery failed for now; will retry');
        return 'retry';
      }
      return giveUp(
        job,
        kind === 'forbidden' ? 'I may not post in that channel any more' : 'Discord refused the message',
        error,
      );
    }
  };

  /** Delivery is impossible: say why in the log, and tell the member where possible that /show brings it back. */
  const giveUp = async (job: Job, reason: string, error?: unknown): Promise<'failed'> => {
    logger.error(
      { jobId: job.id, channelId: job.channelId, userId: job.userId, code: restErrorCode(error) },
      `cannot deliver job ${job.id}: ${reason}`,
    );
    await setState(job, { state: 'failed', attempts: job.delivery?.attempts ?? 0, error: reason });
    if (tokenAlive(job)) {
      const notice = undeliverable(job, reason);
      const route = Routes.webhookMessage(job.applicationId, job.interactionToken ?? '', '@original');
      await rest
        .patch(route, { body: { ...notice, allowed_mentions: { parse: [] } }, auth: false })
        .catch(() => logger.warn({ jobId: job.id }, 'could not tell the member about the failed delivery'));
    }
    return 'failed';
  };

  const run = async (job: Job, held: ReadonlyMap<number, HeldImage> | undefined): Promise<void> => {
    retries.get(job.id)?.cancel();
    retries.delete(job.id);
    if (stopped) return;
    const attempts = (job.delivery?.attempts ?? 0) + 1;
    let outcome: Outcome;
    try {
      outcome = await attempt(job, held);
    } catch (error) {
      logger.error({ err: error, jobId: job.id }, 'delivery attempt crashed; will retry');
      outcome = 'retry';
    }
    if (outcome !== 'retry') {
      finals.delete(job.id);
      if (outcome === 'delivered') {
        const now = clock.now();
        await setState(job, { state: 'delivered', attempts });
        logger.info({ jobId: job.id, attempts, state: job.state, ms: now - (job.finishedAt ?? now) }, 'job delivered');
      }
      return;
    }
    const startedAt = job.finishedAt ?? clock.now();
    if (clock.now() - startedAt > GIVE_UP_AFTER_MS) {
      await giveUp(job, 'Discord kept failing for a day');
      return;
    }
    const delay = Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** Math.min(attempts - 1, 16));
    const next: Job = { ...job, delivery: { state: 'pending', attempts, nextAt: clock.now() + delay } };
    await setState(next, next.delivery ?? { state: 'pending', attempts });
    retries.set(
      job.id,
      deps.timers.setTimeout(() => {
        void serialize(job.id, () => run(next, held));
      }, delay),
    );
  };

  return {
    tokenAlive,
    serialize,

    /** Every edit of the job's message waits for `first` (its first reply), so none reaches Discord before it. */
    hold(jobId: string, first: Promise<unknown>): void {
      const previous = chains.get(jobId) ?? Promise.resolve();
      const next = Promise.all([previous, first]).then(
        () => undefined,
        () => undefined,
      );
      chains.set(jobId, next);
      void next.finally(() => {
        if (chains.get(jobId) === next) chains.delete(jobId);
      });
    },

    /** Hands a finished job over; its images may still be only in memory (a failing store). */
    deliver(job: Job, held?: ReadonlyMap<number, HeldImage>): Promise<void> {
      finals.add(job.id);
      return serialize(job.id, () => run(job, held));
    },

    /** Deliveries a previous process left pending (a crash, a Discord outage across a restart). */
    async resumePending(): Promise<number> {
      const pending = await store.jobs.pendingDeliveries(10_000);
      for (const job of pending) void this.deliver(job);
      return pending.length;
    },

    /**
     * Shows a waiting or running job's progress. Best effort and coalesced: one waits per job at most, and none is
     * sent once the job's result is on its way (it would hide the result).
     */
    progress(jobId: string, draw: () => Promise<{ job: Job; message: JobMessage } | undefined>): Promise<void> {
      if (progressQueued.has(jobId) || finals.has(jobId)) return Promise.resolve();
      progressQueued.add(jobId);
      return serialize(jobId, async () => {
        progressQueued.delete(jobId);
        if (finals.has(jobId) || stopped) return;
        const drawn = await draw();
        if (!drawn) return;
        const { job, message } = drawn;
        const payload = { body: { ...message, allowed_mentions: { parse: [] } } };
        try {
          if (tokenAlive(job)) {
            await rest.patch(Routes.webhookMessage(job.applicationId, job.interactionToken ?? '', '@original'), {
              ...payload,
              auth: false,
            });
          } else if (job.messageId) {
            await rest.patch(Routes.channelMessage(job.channelId, job.messageId), payload);
          }
        } catch (error) {
          logger.debug({ jobId, code: restErrorCode(error) }, 'progress edit failed');
        }
      });
    },

    pendingRetries: () => retries.size,

    stop(): void {
      stopped = true;
      for (const retry of retries.values()) retry.cancel();
      retries.clear();
    },

    /** Waits for every delivery already under way (used on shutdown, within its grace). */
    async settle(): Promise<void> {
      await Promise.allSettled([...chains.values()]);
    },
  };
}
