import { ApplicationCommandOptionType, InteractionContextType } from 'discord.js';
import { parseResultAttachmentName, resultAttachmentName } from '../src/domain/attachments.js';
import { slashCommand } from '../src/interactions/commands.js';
import { UserError } from '../src/user-error.js';
import type { BotContext } from './context.js';

export const showDefinition = {
  name: 'show',
  description: 'Post a stored job again with working buttons',
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'job',
      description: 'The job id (shown under every result and in ℹ️ Info)',
      required: true,
      min_length: 10,
      max_length: 10,
    },
  ],
} as const;

/** `/show`: a job of this server again, with its images and live buttons (for deleted or buried messages). */
export const show = slashCommand<BotContext, typeof showDefinition>(showDefinition, {
  async execute(interaction, args, ctx) {
    const id = args.job.toLowerCase();
    const job = await ctx.store.jobs.get(id);
    if (!job || (job.guildId ?? null) !== interaction.guildId) {
      throw new UserError(`No job \`${id}\` is stored for this server.`);
    }
    const deferred = await interaction.deferReply({ withResponse: true });
    // Buttons on this copy act on the job, as on its original: recorded before anyone can click them.
    const copyId = deferred.resource?.message?.id;
    if (copyId) await ctx.store.jobs.addMessage(job.id, copyId, interaction.channelId, 'show', ctx.clock.now());
    const files = [];
    for (const image of job.images) {
      if (image.state !== 'succeeded') continue;
      const kept = await ctx.sourceImage(job.id, image.index).catch(() => undefined);
      if (kept) {
        files.push({
          name: resultAttachmentName(job.id, image.index, kept.mime, job.spoiler ?? false),
          attachment: Buffer.from(kept.bytes),
        });
      }
    }
    const message = await ctx.render(job);
    const missing = job.images.filter((i) => i.state === 'succeeded').length - files.length;
    const note = missing > 0 ? `\n(${missing} image${missing > 1 ? 's are' : ' is'} no longer available.)` : '';
    const reply = await interaction.editReply({
      ...message,
      content: `${message.content}\n↩️ Revived by <@${interaction.user.id}>.${note}`,
      files,
      allowedMentions: { parse: [] },
    });
    if (reply.id !== copyId)
      await ctx.store.jobs.addMessage(job.id, reply.id, reply.channelId, 'show', ctx.clock.now());
    for (const attachment of reply.attachments.values()) {
      const parsed = parseResultAttachmentName(attachment.name);
      if (parsed?.jobId === job.id) await ctx.store.jobs.setAttachmentUrl(job.id, parsed.index, attachment.url);
    }
  },
});
