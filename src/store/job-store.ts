import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Db } from './database.js';
import type { ImageState, Job, JobImage, JobParams, JobState, NewJob } from './job-types.js';

interface JobRow {
  seq: number;
  id: string;
  kind: Job['kind'];
  state: JobState;
  guild_id: string | null;
  channel_id: string;
  user_id: string;
  user_name: string;
  params: string;
  source_job_id: string | null;
  source_index: number | null;
  application_id: string;
  interaction_id: string;
  interaction_token: string | null;
  message_id: string | null;
  upload_limit: number;
  estimated_credits: number;
  charged_credits: number;
  error: string | null;
  error_code: string | null;
  refunded: number;
  spoiler: number;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

interface ImageRow {
  job_id: string;
  idx: number;
  state: ImageState;
  seed: number | null;
  finish_reason: string | null;
  credits: number;
  request_id: string | null;
  width: number | null;
  height: number | null;
  mime: string | null;
  file_name: string | null;
  attachment_url: string | null;
  error: string | null;
  error_code: string | null;
}

export interface ImageOutcome {
  state: Exclude<ImageState, 'pending'>;
  seed?: number;
  finishReason?: string;
  credits: number;
  requestId?: string;
  width?: number;
  height?: number;
  mime?: string;
  fileName?: string;
  fileBytes?: number;
  error?: string;
  /** Why it failed, machine-readable (src/jobs/failure-codes.ts). */
  errorCode?: string;
}

/** How a job ended, beyond its state and message. */
export interface JobEnding {
  errorCode?: string;
  /** Failed without a charge: no longer counted in the user's usage and limits. */
  refunded?: boolean;
}

export type JobStore = ReturnType<typeof createJobStore>;

/** 10 base-36 characters: short enough for custom_ids and logs, ~51 bits of randomness. */
export function newJobId(): string {
  const n = randomBytes(8).readBigUInt64BE() % 36n ** 10n;
  return n.toString(36).padStart(10, '0');
}

export function createJobStore(db: Db, clock: Clock) {
  const insertJob = db.prepare(`
    INSERT INTO jobs (id, kind, state, guild_id, channel_id, user_id, user_name, params, source_job_id, source_index,
      application_id, interaction_id, interaction_token, upload_limit, estimated_credits, spoiler, created_at)
    VALUES (@id, @kind, 'queued', @guildId, @channelId, @userId, @userName, @params, @sourceJobId, @sourceIndex,
      @applicationId, @interactionId, @interactionToken, @uploadLimit, @estimatedCredits, @spoiler, @createdAt)`);
  const insertImage = db.prepare("INSERT INTO job_images (job_id, idx, state) VALUES (?, ?, 'pending')");
  const selectJob = db.prepare('SELECT * FROM jobs WHERE id = ?');
  const selectImages = db.prepare('SELECT * FROM job_images WHERE job_id = ? ORDER BY idx');

  const toJob = (row: JobRow): Job => {
    const job: Job = {
      id: row.id,
      seq: row.seq,
      kind: row.kind,
      state: row.state,
      channelId: row.channel_id,
      userId: row.user_id,
      userName: row.user_name,
      params: JSON.parse(row.params) as JobParams,
      applicationId: row.application_id,
      interactionId: row.interaction_id,
      uploadLimit: row.upload_limit,
      estimatedCredits: row.estimated_credits,
      chargedCredits: row.charged_credits,
      createdAt: row.created_at,
      images: (selectImages.all(row.id) as ImageRow[]).map(toImage),
    };
    if (row.guild_id !== null) job.guildId = row.guild_id;
    if (row.source_job_id !== null) job.sourceJobId = row.source_job_id;
    if (row.source_index !== null) job.sourceIndex = row.source_index;
    if (row.interaction_token !== null) job.interactionToken = row.interaction_token;
    if (row.message_id !== null) job.messageId = row.message_id;
    if (row.error !== null) job.error = row.error;
    if (row.error_code !== null) job.errorCode = row.error_code;
    if (row.refunded === 1) job.refunded = true;
    if (row.spoiler === 1) job.spoiler = true;
    if (row.started_at !== null) job.startedAt = row.started_at;
    if (row.finished_at !== null) job.finishedAt = row.finished_at;
    return job;
  };

  const get = (id: string): Job | undefined => {
    const row = selectJob.get(id) as JobRow | undefined;
    return row ? toJob(row) : undefined;
  };

  return {
    create(input: NewJob): Job {
      const id = newJobId();
      db.transaction(() => {
        insertJob.run({
          id,
          kind: input.kind,
          guildId: input.guildId ?? null,
          channelId: input.channelId,
          userId: input.userId,
          userName: input.userName,
          params: JSON.stringify(input.params),
          sourceJobId: input.sourceJobId ?? null,
          sourceIndex: input.sourceIndex ?? null,
          applicationId: input.applicationId,
          interactionId: input.interactionId,
          interactionToken: input.interactionToken,
          uploadLimit: input.uploadLimit,
          estimatedCredits: input.estimatedCredits,
          spoiler: input.spoiler ? 1 : 0,
          createdAt: clock.now(),
        });
        for (let i = 0; i < input.params.count; i++) insertImage.run(id, i);
      })();
      return get(id) as Job;
    },

    get,

    /** Jobs in one state, oldest first (the order they were committed). */
    listByState(state: JobState): Job[] {
      return (db.prepare('SELECT * FROM jobs WHERE state = ? ORDER BY seq').all(state) as JobRow[]).map(toJob);
    },

    /** Moves a queued job to running; false if it was cancelled (or started) meanwhile. */
    markRunning(id: string): boolean {
      const result = db
        .prepare("UPDATE jobs SET state = 'running', started_at = ? WHERE id = ? AND state = 'queued'")
        .run(clock.now(), id);
      return result.changes === 1;
    },

    /** Cancels a job that has not started; false if it already runs or ended. */
    cancel(id: string, reason: string): boolean {
      const result = db
        .prepare("UPDATE jobs SET state = 'cancelled', error = ?, finished_at = ? WHERE id = ? AND state = 'queued'")
        .run(reason, clock.now(), id);
      return result.changes === 1;
    },

    recordImage(jobId: string, index: number, outcome: ImageOutcome): void {
      db.prepare(`
        UPDATE job_images SET state = @state, seed = @seed, finish_reason = @finishReason, credits = @credits,
          request_id = @requestId, width = @width, height = @height, mime = @mime, file_name = @fileName,
          file_bytes = @fileBytes, error = @error, error_code = @errorCode
        WHERE job_id = @jobId AND idx = @index`).run({
        jobId,
        index,
        state: outcome.state,
        seed: outcome.seed ?? null,
        finishReason: outcome.finishReason ?? null,
        credits: outcome.credits,
        requestId: outcome.requestId ?? null,
        width: outcome.width ?? null,
        height: outcome.height ?? null,
        mime: outcome.mime ?? null,
        fileName: outcome.fileName ?? null,
        fileBytes: outcome.fileBytes ?? null,
        error: outcome.error ?? null,
        errorCode: outcome.errorCode ?? null,
      });
    },

    /** Ends a job; the charged credits are the sum of its images'. */
    finish(id: string, state: Exclude<JobState, 'queued' | 'running'>, error?: string, ending: JobEnding = {}): Job {
      db.prepare(`
        UPDATE jobs SET state = ?, error = ?, finished_at = ?, error_code = ?, refunded = ?,
          charged_credits = (SELECT COALESCE(SUM(credits), 0) FROM job_images WHERE job_id = jobs.id)
        WHERE id = ?`).run(state, error ?? null, clock.now(), ending.errorCode ?? null, ending.refunded ? 1 : 0, id);
      return get(id) as Job;
    },

    countByState(): Record<JobState, number> {
      const counts: Record<JobState, number> = {
        queued: 0,
        running: 0,
        succeeded: 0,
        filtered: 0,
        failed: 0,
        cancelled: 0,
      };
      for (const row of db.prepare('SELECT state, COUNT(*) AS n FROM jobs GROUP BY state').all() as {
        state: JobState;
        n: number;
      }[]) {
        counts[row.state] = row.n;
      }
      return counts;
    },

    setMessageId(id: string, messageId: string): void {
      db.prepare('UPDATE jobs SET message_id = ? WHERE id = ?').run(messageId, id);
    },

    setAttachmentUrl(id: string, index: number, url: string): void {
      db.prepare('UPDATE job_images SET attachment_url = ? WHERE job_id = ? AND idx = ?').run(url, id, index);
    },

    /** Counts of a user's unfinished jobs in one guild (or DMs when guildId is undefined). */
    activeCounts(guildId: string | undefined, userId: string): { queued: number; running: number } {
      const rows = db
        .prepare(
          "SELECT state, COUNT(*) AS n FROM jobs WHERE guild_id IS ? AND user_id = ? AND state IN ('queued','running') GROUP BY state",
        )
        .all(guildId ?? null, userId) as { state: JobState; n: number }[];
      return {
        queued: rows.find((r) => r.state === 'queued')?.n ?? 0,
        running: rows.find((r) => r.state === 'running')?.n ?? 0,
      };
    },
  };
}

export function imageOf(job: Job, index: number): JobImage | undefined {
  return job.images.find((image) => image.index === index);
}

function toImage(row: ImageRow): JobImage {
  const image: JobImage = { index: row.idx, state: row.state, credits: row.credits };
  if (row.seed !== null) image.seed = row.seed;
  if (row.finish_reason !== null) image.finishReason = row.finish_reason;
  if (row.request_id !== null) image.requestId = row.request_id;
  if (row.width !== null) image.width = row.width;
  if (row.height !== null) image.height = row.height;
  if (row.mime !== null) image.mime = row.mime;
  if (row.file_name !== null) image.fileName = row.file_name;
  if (row.attachment_url !== null) image.attachmentUrl = row.attachment_url;
  if (row.error !== null) image.error = row.error;
  if (row.error_code !== null) image.errorCode = row.error_code;
  return image;
}
