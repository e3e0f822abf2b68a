import { parseResultAttachmentName, resultAttachmentName } from '../../../src/domain/attachments.js';
import type { Job } from '../../../src/domain/job.js';
import { reencodeForUpload } from '../../../src/images/upload.js';
import type { JobButton } from '../../../src/interactions/components.js';
import { jobEmbed } from '../../../src/render/job-embed.js';
import type { BotContext } from '../../context.js';
import { deliveredImage, rememberAttachments } from '../../images.js';
import { imageView } from '../image-layout.js';

/** Discord's default upload limit when an interaction does not say. @unit bytes */
const DEFAULT_UPLOAD_LIMIT = 10 * 1024 * 1024;

/** Image `index` of `job` as if it were a job of its own: its seed, its size, its price, its tools. */
function focused(job: Job, index: number): Job {
  const images = job.images.filter((image) => image.index === index);
  return { ...job, images, chargedCredits: images.reduce((sum, image) => sum + image.credits, 0) };
}

/**
 * Open 1–4: posts one image of a grid alone, with every tool, without any call to Stability (no upscale needed to
 * reach the tools). No new job: the message is recorded as one of the grid job's messages, so its buttons act on
 * that image of that job (the index is in each custom_id), survive restarts, and /show of the grid brings the Open
 * row back. The image comes from the store, or again from Discord.
 */
export const open: JobButton<BotContext, 'open'> = {
  kind: 'button',
  action: 'open',
  target: 'job',
  indexed: true,
  createsJob: false,
  look: { label: 'Open' },
  help: 'that image of the grid on its own, with every tool under it; free (no call to Stability)',
  async handle(interaction, { job, index = 0 }, ctx) {
    deliveredImage(job, index);
    await rememberAttachments(ctx, job, interaction.message.attachments.values());
    const deferred = await interaction.deferReply({ withResponse: true });
    // Buttons on the new message act on the job: recorded before anyone can see, let alone click, them.
    const copyId = deferred.resource?.message?.id;
    if (copyId) await ctx.store.jobs.addMessage(job.id, copyId, interaction.channelId, 'open', ctx.clock.now());
    const kept = await ctx.sourceImage(job.id, index).catch((error: unknown) => {
      ctx.logger.warn({ jobId: job.id, index, err: error }, 'an image to open is no longer available');
      return undefined;
    });
    if (!kept) {
      await interaction.editReply({
        content: `⚠️ Image #${index + 1} of job \`${job.id}\` is no longer available (its message was deleted?).`,
        allowedMentions: { parse: [] },
      });
      return;
    }
    const file = await reencodeForUpload(
      kept.bytes,
      kept.mime,
      interaction.attachmentSizeLimit ?? DEFAULT_UPLOAD_LIMIT,
    );
    const one = focused(job, index);
    const view = imageView(job, index);
    const source = job.sourceJobId ? await ctx.store.jobs.get(job.sourceJobId) : undefined;
    const embed = jobEmbed(one, {
      ...(source ? { source } : {}),
      ...(view.nextSteps ? { nextSteps: view.nextSteps } : {}),
    });
    const reply = await interaction.editReply({
      content: `🔎 <@${interaction.user.id}> opened image #${index + 1} of <@${job.userId}>'s job.`,
      embeds: [{ ...embed, title: `${embed.title ?? ''} · image #${index + 1}` }],
      components: view.components,
      files: [
        {
          name: resultAttachmentName(job.id, index, file.mime, job.spoiler ?? false),
          attachment: Buffer.from(file.bytes),
        },
      ],
      allowedMentions: { parse: [] },
    });
    if (reply.id !== copyId)
      await ctx.store.jobs.addMessage(job.id, reply.id, reply.channelId, 'open', ctx.clock.now());
    for (const attachment of reply.attachments.values()) {
      const parsed = parseResultAttachmentName(attachment.name);
      if (parsed?.jobId === job.id) await ctx.store.jobs.setAttachmentUrl(job.id, parsed.index, attachment.url);
    }
  },
};
