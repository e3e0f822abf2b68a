import type { Selectable } from 'kysely';
import type { DeliveryState, ImageState, Job, JobImage, JobKind, JobParams, JobState } from '../domain/job.js';
import type { JobImagesTable, JobsTable } from './schema.js';

export type JobRow = Selectable<JobsTable>;
export type ImageRow = Selectable<JobImagesTable>;

function parseList(text: string | null): string[] | undefined {
  if (text === null) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
  } catch {
    return undefined;
  }
}

export function toImage(row: ImageRow): JobImage {
  const image: JobImage = { index: row.idx, state: row.state as ImageState, credits: row.credits };
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
  if (row.credits_estimated === 1) image.creditsEstimated = true;
  if (row.sent_at !== null) image.sentAt = row.sent_at;
  if (row.generation_id !== null) image.generationId = row.generation_id;
  if (row.polled_at !== null) image.polledAt = row.polled_at;
  return image;
}

export function toJob(row: JobRow, images: readonly ImageRow[]): Job {
  const job: Job = {
    id: row.id,
    seq: row.seq,
    kind: row.kind as JobKind,
    state: row.state as JobState,
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
    images: [...images].sort((a, b) => a.idx - b.idx).map(toImage),
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
  if (row.max_concurrent !== null) job.maxConcurrent = row.max_concurrent;
  const fromDefaults = parseList(row.from_defaults);
  if (fromDefaults && fromDefaults.length > 0) job.fromDefaults = fromDefaults;
  if (row.delivery_state !== null) {
    job.delivery = { state: row.delivery_state as DeliveryState, attempts: row.delivery_attempts };
    if (row.delivery_next_at !== null) job.delivery.nextAt = row.delivery_next_at;
    if (row.delivery_error !== null) job.delivery.error = row.delivery_error;
  }
  return job;
}

/** Groups image rows by job, for loading many jobs in two queries rather than one per job. */
export function imagesByJob(rows: readonly ImageRow[]): Map<string, ImageRow[]> {
  const byJob = new Map<string, ImageRow[]>();
  for (const row of rows) {
    const list = byJob.get(row.job_id);
    if (list) list.push(row);
    else byJob.set(row.job_id, [row]);
  }
  return byJob;
}
