import { parseResultAttachmentName } from '../src/domain/attachments.js';
import type { Job, JobImage } from '../src/domain/job.js';
import { UserError } from '../src/user-error.js';
import type { BotContext } from './context.js';

/** The image a button acts on, which must have been delivered. */
export function deliveredImage(job: Job, index: number): JobImage {
  const image = job.images.find((i) => i.index === index);
  if (image?.state !== 'succeeded') {
    throw new UserError(`Image #${index + 1} of job \`${job.id}\` was not delivered, so it cannot be used.`);
  }
  return image;
}

/** Remembers the clicked message's current attachment URLs, so an image no longer kept can be fetched again. */
export async function rememberAttachments(
  ctx: Pick<BotContext, 'store'>,
  job: Job,
  attachments: Iterable<{ name: string; url: string }>,
): Promise<void> {
  for (const attachment of attachments) {
    const parsed = parseResultAttachmentName(attachment.name);
    if (parsed?.jobId === job.id) await ctx.store.jobs.setAttachmentUrl(job.id, parsed.index, attachment.url);
  }
}
