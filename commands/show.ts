import {
  ApplicationCommandOptionType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext, Command } from '../src/context.js';
import { attachmentName, jobMessage } from '../src/discord/job-message.js';
import { sourceImageOf } from '../src/jobs/iterate.js';
import { UserError } from '../src/user-error.js';

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
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const show: Command = {
  data: showDefinition,
  async execute(interaction: ChatInputCommandInteraction, ctx: BotContext) {
    const id = interaction.options.getString('job', true).trim().toLowerCase();
    const job = ctx.jobs.get(id);
    if (!job || job.guildId !== interaction.guildId) {
      throw new UserError(`No job \`${id}\` is stored for this server.`);
    }
    await interaction.deferReply();
    const files = [];
    for (const image of job.images) {
      if (image.state !== 'succeeded') continue;
      // The same path a variation uses: disk first, then the posted attachment.
      const probe = { ...job, sourceJobId: job.id, sourceIndex: image.index };
      const bytes = await sourceImageOf(ctx, probe).catch(() => undefined);
      if (bytes)
        files.push({
          name: attachmentName(job, image, (image.mime ?? 'image/png').split('/')[1] ?? 'png'),
          attachment: Buffer.from(bytes),
        });
    }
    const message = jobMessage(job);
    const missing = job.images.filter((i) => i.state === 'succeeded').length - files.length;
    const note = missing > 0 ? `\n(${missing} image${missing > 1 ? 's are' : ' is'} no longer available.)` : '';
    const reply = await interaction.editReply({
      content: `${message.content}\n↩️ Revived by <@${interaction.user.id}>.${note}`,
      embeds: message.embeds,
      components: message.components,
      files,
      allowedMentions: { parse: [] },
    });
    for (const attachment of reply.attachments.values()) {
      const match = attachment.name.match(/-(\d)\.[a-z]+$/);
      if (match) ctx.jobs.setAttachmentUrl(job.id, Number(match[1]) - 1, attachment.url);
    }
  },
};
