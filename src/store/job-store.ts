import { randomBytes } from 'node:crypto';
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Delivery, ImageState, Job, JobState, NewJob } from '../domain/job.js';
import { TERM_KEY } from './dispatch-store.js';
import { imagesByJob, type JobRow, toJob } from './job-rows.js';
import type { Dialect } from './migrations/types.js';
import type { DB } from './schema.js';

export interface ImageOutcome {
  state: Exclude<ImageState, 'pending'>;
  seed?: number;
  finishReason?: string;
  credits: number;
  /** The credits are an estimate: the call may have been charged, and nobody can know. */
  creditsEstimated?: boolean;
  requestId?: string;
  width?: number;
  height?: number;
  mime?: string;
  fileName?: string;
  fileBytes?: number;
  error?: string;
  errorCode?: string;
}

/** How a job ended, beyond its state and message. */
export interface JobEnding {
  errorCode?: string;
  /** Failed without a charge: no longer counted in the user's usage and limits. */
  refunded?: boolean;
}

/** What the dispatcher keeps per waiting job: enough to order and pace it, not the whole row. */
export interface QueuedEntry {
  id: string;
  seq: number;
  userId: string;
  kind: string;
  /** API calls the job makes (its image count). */
  calls: number;
  model: string;
  maxConcurrent: number | undefined;
  /** @unit epoch milliseconds (the app clock) */
  createdAt: number;
}

/**
 * The dispatcher term a write belongs to (store.dispatch.beginTerm). A write carrying an older term than the store's
 * changes nothing: a dispatcher that lost its election can neither start a job nor send a call its successor also
 * would.
 */
export interface Fence {
  term: number;
}

export type MessageKind = 'original' | 'channel' | 'show' | 'report' | 'open';

export type JobStore = ReturnType<typeof createJobStore>;

/** 10 base-36 characters: short enough for custom_ids and logs, ~51 bits of randomness. */
export function newJobId(): string {
  const n = randomBytes(8).readBigUInt64BE() % 36n ** 10n;
  return n.toString(36).padStart(10, '0');
}

const ACTIVE: JobState[] = ['queued', 'running'];

/** The jobs table and its images: the durable queue and every job's history. */
export function createJobStore(db: Kysely<DB>, dialect: Dialect = 'sqlite') {
  /**
   * The term is still current. On PostgreSQL the term's row is share-locked until the write commits, so a successor's
   * beginTerm waits for it and then sees it; a write that comes after beginTerm finds the newer term and does nothing.
   */
  const inTerm = (fence: Fence) => (eb: ExpressionBuilder<DB, 'jobs' | 'job_images'>) => {
    const current = eb
      .selectFrom('dispatcher_state')
      .select('key')
      .where('key', '=', TERM_KEY)
      .where('value', '=', String(fence.term));
    return eb.exists(dialect === 'postgres' ? current.forShare() : current);
  };

  const load = async (rows: readonly JobRow[]): Promise<Job[]> => {
    if (rows.length === 0) return [];
    const images = await db
      .selectFrom('job_images')
      .selectAll()
      .where(
        'job_id',
        'in',
        rows.map((row) => row.id),
      )
      .execute();
    const byJob = imagesByJob(images);
    return rows.map((row) => toJob(row, byJob.get(row.id) ?? []));
  };

  const get = async (id: string): Promise<Job | undefined> => {
    const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const images = await db.selectFrom('job_images').selectAll().where('job_id', '=', id).execute();
    return toJob(row, images);
  };

  return {
    get,

    async create(input: NewJob, now: number): Promise<Job> {
      const id = newJobId();
      await db
        .insertInto('jobs')
        .values({
          id,
          kind: input.kind,
          state: 'queued',
          guild_id: input.guildId ?? null,
          channel_id: input.channelId,
          user_id: input.userId,
          user_name: input.userName,
          params: JSON.stringify(input.params),
          source_job_id: input.sourceJobId ?? null,
          source_index: input.sourceIndex ?? null,
          application_id: input.applicationId,
          interaction_id: input.interactionId,
          interaction_token: input.interactionToken,
          message_id: null,
          upload_limit: input.uploadLimit,
          estimated_credits: input.estimatedCredits,
          charged_credits: 0,
          error: null,
          error_code: null,
          refunded: 0,
          spoiler: input.spoiler ? 1 : 0,
          created_at: now,
          started_at: null,
          finished_at: null,
          max_concurrent: input.maxConcurrent ?? null,
          delivery_state: null,
          delivery_attempts: 0,
          delivery_next_at: null,
          delivery_error: null,
          from_defaults:
            input.fromDefaults && input.fromDefaults.length > 0 ? JSON.stringify(input.fromDefaults) : null,
        })
        .execute();
      await db
        .insertInto('job_images')
        .values(
          Array.from({ length: input.params.count }, (_, idx) => ({
            job_id: id,
            idx,
            state: 'pending',
            seed: null,
            finish_reason: null,
            credits: 0,
            request_id: null,
            width: null,
            height: null,
            mime: null,
            file_name: null,
            file_bytes: null,
            attachment_url: null,
            error: null,
            error_code: null,
            sent_at: null,
            credits_estimated: 0,
            generation_id: null,
            polled_at: null,
          })),
        )
        .execute();
      return (await get(id)) as Job;
    },

    /** Jobs in one state, oldest first (the order they were committed). */
    async listByState(state: JobState): Promise<Job[]> {
      const rows = await db.selectFrom('jobs').selectAll().where('state', '=', state).orderBy('seq').execute();
      return load(rows);
    },

    /** The waiting jobs in commit order, compactly: a restart with thousands waiting must not load every row. */
    async queuedEntries(afterSeq = 0): Promise<QueuedEntry[]> {
      const rows = await db
        .selectFrom('jobs')
        .select(['id', 'seq', 'user_id', 'kind', 'params', 'max_concurrent', 'created_at'])
        .where('state', '=', 'queued')
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .execute();
      return rows.map((row) => {
        const params = JSON.parse(row.params) as { count?: number; model?: string };
        return {
          id: row.id,
          seq: row.seq,
          userId: row.user_id,
          kind: row.kind,
          calls: params.count ?? 1,
          model: params.model ?? 'core',
          maxConcurrent: row.max_concurrent ?? undefined,
          createdAt: row.created_at,
        };
      });
    },

    /** Moves a queued job to running; false if it was cancelled (or started) meanwhile, or `fence` is stale. */
    async markRunning(id: string, now: number, fence?: Fence): Promise<boolean> {
      const result = await db
        .updateTable('jobs')
        .set({ state: 'running', started_at: now })
        .where('id', '=', id)
        .where('state', '=', 'queued')
        .$if(fence !== undefined, (qb) => qb.where(inTerm(fence as Fence)))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /**
     * The paid call of one image is about to leave: recorded before it goes, for failover and "sent once". False
     * (and nothing recorded) when `fence` is stale: the call must not leave.
     */
    async markSent(jobId: string, index: number, at: number, fence?: Fence): Promise<boolean> {
      const result = await db
        .updateTable('job_images')
        .set({ sent_at: at })
        .where('job_id', '=', jobId)
        .where('idx', '=', index)
        .$if(fence !== undefined, (qb) => qb.where(inTerm(fence as Fence)))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async setGenerationId(jobId: string, index: number, generationId: string): Promise<void> {
      await db
        .updateTable('job_images')
        .set({ generation_id: generationId })
        .where('job_id', '=', jobId)
        .where('idx', '=', index)
        .execute();
    },

    async markPolled(jobId: string, index: number, at: number): Promise<void> {
      await db
        .updateTable('job_images')
        .set({ polled_at: at })
        .where('job_id', '=', jobId)
        .where('idx', '=', index)
        .execute();
    },

    /** Cancels a job that has not started; false if it already runs or ended. */
    async cancel(id: string, reason: string, now: number): Promise<boolean> {
      const result = await db
        .updateTable('jobs')
        .set({ state: 'cancelled', error: reason, finished_at: now })
        .where('id', '=', id)
        .where('state', '=', 'queued')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Settles a pending image; an image already settled (by a successor dispatcher, say) keeps its outcome. */
    async recordImage(jobId: string, index: number, outcome: ImageOutcome): Promise<void> {
      await db
        .updateTable('job_images')
        .set({
          state: outcome.state,
          seed: outcome.seed ?? null,
          finish_reason: outcome.finishReason ?? null,
          credits: outcome.credits,
          credits_estimated: outcome.creditsEstimated ? 1 : 0,
          request_id: outcome.requestId ?? null,
          width: outcome.width ?? null,
          height: outcome.height ?? null,
          mime: outcome.mime ?? null,
          file_name: outcome.fileName ?? null,
          file_bytes: outcome.fileBytes ?? null,
          error: outcome.error ?? null,
          error_code: outcome.errorCode ?? null,
        })
        .where('job_id', '=', jobId)
        .where('idx', '=', index)
        .where('state', '=', 'pending')
        .execute();
    },

    /**
     * Ends a job with the credits its images cost (estimates included). A job that ran has a result to deliver, so
     * its delivery becomes pending in the same write: a crash right after cannot lose it.
     */
    async finish(
      id: string,
      state: Exclude<JobState, 'queued' | 'running'>,
      now: number,
      charged: number,
      error?: string,
      ending: JobEnding = {},
    ): Promise<void> {
      await db
        .updateTable('jobs')
        .set({
          state,
          error: error ?? null,
          finished_at: now,
          error_code: ending.errorCode ?? null,
          refunded: ending.refunded ? 1 : 0,
          charged_credits: charged,
          delivery_state: 'pending',
          delivery_attempts: 0,
          delivery_next_at: now,
          delivery_error: null,
        })
        .where('id', '=', id)
        .execute();
    },

    /** The running jobs, with their images, for a dispatcher taking over after a crash. */
    async running(): Promise<Job[]> {
      const rows = await db.selectFrom('jobs').selectAll().where('state', '=', 'running').orderBy('seq').execute();
      return load(rows);
    },

    async setDelivery(id: string, delivery: Delivery): Promise<void> {
      await db
        .updateTable('jobs')
        .set({
          delivery_state: delivery.state,
          delivery_attempts: delivery.attempts,
          delivery_next_at: delivery.nextAt ?? null,
          delivery_error: delivery.error ?? null,
        })
        .where('id', '=', id)
        .execute();
    },

    /** Ended jobs whose result has not reached Discord yet, oldest first. */
    async pendingDeliveries(limit: number): Promise<Job[]> {
      const rows = await db
        .selectFrom('jobs')
        .selectAll()
        .where('delivery_state', '=', 'pending')
        .orderBy('seq')
        .limit(limit)
        .execute();
      return load(rows);
    },

    async countByState(): Promise<Record<JobState, number>> {
      const counts: Record<JobState, number> = {
        queued: 0,
        running: 0,
        succeeded: 0,
        filtered: 0,
        failed: 0,
        cancelled: 0,
      };
      const rows = await db
        .selectFrom('jobs')
        .select((eb) => ['state', eb.fn.countAll<number>().as('n')])
        .groupBy('state')
        .execute();
      for (const row of rows) counts[row.state as JobState] = Number(row.n);
      return counts;
    },

    async setMessageId(id: string, messageId: string): Promise<void> {
      await db.updateTable('jobs').set({ message_id: messageId }).where('id', '=', id).execute();
    },

    /** Records a message the bot posted for the job: buttons on it may act on the job. */
    async addMessage(
      jobId: string,
      messageId: string,
      channelId: string,
      kind: MessageKind,
      now: number,
    ): Promise<void> {
      await db
        .insertInto('job_messages')
        .values({ job_id: jobId, message_id: messageId, channel_id: channelId, kind, at: now })
        .onConflict((oc) => oc.columns(['job_id', 'message_id']).doNothing())
        .execute();
    },

    /** Whether the bot posted this message for this job (its original, a channel delivery, a /show copy…). */
    async isJobMessage(jobId: string, messageId: string): Promise<boolean> {
      const row = await db
        .selectFrom('job_messages')
        .select('job_id')
        .where('job_id', '=', jobId)
        .where('message_id', '=', messageId)
        .executeTakeFirst();
      return row !== undefined;
    },

    async setAttachmentUrl(id: string, index: number, url: string): Promise<void> {
      await db
        .updateTable('job_images')
        .set({ attachment_url: url })
        .where('job_id', '=', id)
        .where('idx', '=', index)
        .execute();
    },

    /** Counts of a user's unfinished jobs in one guild (or DMs when guildId is undefined). */
    async activeCounts(guildId: string | undefined, userId: string): Promise<{ queued: number; running: number }> {
      const rows = await db
        .selectFrom('jobs')
        .select((eb) => ['state', eb.fn.countAll<number>().as('n')])
        .where('user_id', '=', userId)
        .where('state', 'in', ACTIVE)
        .where('guild_id', guildId === undefined ? 'is' : '=', guildId ?? null)
        .groupBy('state')
        .execute();
      return {
        queued: Number(rows.find((r) => r.state === 'queued')?.n ?? 0),
        running: Number(rows.find((r) => r.state === 'running')?.n ?? 0),
      };
    },
  };
}
