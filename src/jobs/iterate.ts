import type { Attachment, Collection } from 'discord.js';
import type { BotContext } from '../context.js';
import { MODELS, type ModelId, variationModelFor } from '../stability/models.js';
import type { Job, JobImage, JobParams } from '../domain/job.js';
import { UserError } from '../user-error.js';

/** Image-to-image strength (0 keeps the input, 1 ignores it) for each variation kind. */
export function variationStrength(kind: 'vary-subtle' | 'vary-strong', model: ModelId): number {
  // Stability documents that SD 3.5 Flash only varies well between 0.94 and 0.97.
  if (MODELS[model].sd3Model === 'sd3.5-flash') return kind === 'vary-subtle' ? 0.94 : 0.97;
  return kind === 'vary-subtle' ? 0.35 : 0.7;
}

export function loadJob(ctx: BotContext, jobId: string): Job {
  const job = ctx.jobs.get(jobId);
  if (!job) {
    throw new UserError(`Job \`${jobId}\` is no longer stored, so this button cannot act on it. Run /imagine again.`);
  }
  return job;
}

export function deliveredImage(job: Job, index: number): JobImage {
  const image = job.images.find((i) => i.index === index);
  if (image?.state !== 'succeeded') {
    throw new UserError(`Image #${index + 1} of job \`${job.id}\` was not delivered, so it cannot be used.`);
  }
  return image;
}

/** Remembers the clicked message's current attachment URLs, so an evicted image can be fetched again. */
export function refreshAttachmentUrls(ctx: BotContext, job: Job, attachments: Collection<string, Attachment>): void {
  for (const attachment of attachments.values()) {
    const match = attachment.name.match(/^(?:SPOILER_)?imagine-([a-z0-9]{10})-(\d)\./);
    if (match?.[1] === job.id) ctx.jobs.setAttachmentUrl(job.id, Number(match[2]) - 1, attachment.url);
  }
}

export function rerollParams(job: Job): JobParams {
  const { seed: _seed, ...rest } = job.params;
  return rest;
}

export function variationParams(job: Job, kind: 'vary-subtle' | 'vary-strong'): JobParams {
  const model = variationModelFor(job.params.model);
  const params: JobParams = { prompt: job.params.prompt, model, count: 1, strength: variationStrength(kind, model) };
  if (job.params.negativePrompt) params.negativePrompt = job.params.negativePrompt;
  if (job.params.stylePreset) params.stylePreset = job.params.stylePreset;
  if (job.params.outputFormat) params.outputFormat = job.params.outputFormat;
  return params;
}

export function upscaleParams(job: Job): JobParams {
  const params: JobParams = { prompt: job.params.prompt, model: job.params.model, count: 1 };
  if (job.params.outputFormat) params.outputFormat = job.params.outputFormat;
  return params;
}

/** Finds the bytes of a job's source image: kept on disk, or downloaded again from its Discord message. */
export async function sourceImageOf(
  ctx: Pick<BotContext, 'jobs' | 'files' | 'download'>,
  job: Job,
): Promise<Uint8Array> {
  if (!job.sourceJobId || job.sourceIndex === undefined) throw new Error(`job ${job.id} has no source`);
  const source = ctx.jobs.get(job.sourceJobId);
  const image = source?.images.find((i) => i.index === job.sourceIndex);
  if (!source || !image) throw new Error(`source job ${job.sourceJobId} is gone`);
  const kept = image.fileName ? ctx.files.read(image.fileName) : undefined;
  if (kept) return kept;
  if (!image.attachmentUrl) throw new Error(`source image ${source.id}#${image.index} is neither kept nor posted`);
  const bytes = await ctx.download(image.attachmentUrl);
  const extension = image.mime === 'image/jpeg' ? 'jpeg' : image.mime === 'image/webp' ? 'webp' : 'png';
  ctx.files.save(source.id, image.index, bytes, extension);
  return bytes;
}
