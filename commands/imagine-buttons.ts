import {
  type APIEmbed,
  type ButtonInteraction,
  ComponentType,
  MessageFlags,
  PermissionFlagsBits,
  TextInputStyle,
} from 'discord.js';
import type { BotContext, ButtonHandler, ModalHandler } from '../src/context.js';
import { encodeCustomId, type ParsedId } from '../src/custom-id.js';
import { formatCredits, jobEmbed } from '../src/discord/job-embed.js';
import { jobMessage } from '../src/discord/job-message.js';
import {
  deliveredImage,
  loadJob,
  refreshAttachmentUrls,
  rerollParams,
  upscaleParams,
  variationParams,
} from '../src/jobs/iterate.js';
import { submitJob } from '../src/jobs/submit.js';
import type { Job, JobParams } from '../src/domain/job.js';
import { UserError } from '../src/user-error.js';

/** The requester, or a member allowed to manage messages in this channel. */
function mayManage(interaction: ButtonInteraction, job: Job): boolean {
  return (
    interaction.user.id === job.userId ||
    (interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages) ?? false)
  );
}

const reroll: ButtonHandler = async (interaction, id, ctx) => {
  const job = loadJob(ctx, id.jobId);
  await submitJob(interaction, ctx, { kind: 'reroll', params: rerollParams(job), sourceJobId: job.id });
};

const vary =
  (kind: 'vary-subtle' | 'vary-strong'): ButtonHandler =>
  async (interaction, id, ctx) => {
    const job = loadJob(ctx, id.jobId);
    const index = id.index ?? 0;
    deliveredImage(job, index);
    refreshAttachmentUrls(ctx, job, interaction.message.attachments);
    await submitJob(interaction, ctx, {
      kind,
      params: variationParams(job, kind),
      sourceJobId: job.id,
      sourceIndex: index,
    });
  };

const upscale: ButtonHandler = async (interaction, id, ctx) => {
  const job = loadJob(ctx, id.jobId);
  const index = id.index ?? 0;
  deliveredImage(job, index);
  refreshAttachmentUrls(ctx, job, interaction.message.attachments);
  await submitJob(interaction, ctx, {
    kind: 'upscale',
    params: upscaleParams(job),
    sourceJobId: job.id,
    sourceIndex: index,
  });
};

/** A modal cannot follow a defer, so remix answers with the modal itself and queues on submit. */
const remix: ButtonHandler = async (interaction, id, ctx) => {
  const job = loadJob(ctx, id.jobId);
  await interaction.showModal({
    custom_id: encodeCustomId({ action: 'remix-submit', jobId: job.id }),
    title: 'Remix: edit the prompt and run again',
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: 'prompt',
            label: 'Prompt',
            style: TextInputStyle.Paragraph,
            required: true,
            max_length: 2000,
            value: job.params.prompt.slice(0, 2000),
          },
        ],
      },
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: 'negative_prompt',
            label: 'Negative prompt',
            style: TextInputStyle.Paragraph,
            required: false,
            max_length: 2000,
            ...(job.params.negativePrompt ? { value: job.params.negativePrompt.slice(0, 2000) } : {}),
          },
        ],
      },
    ],
  });
};

const remixSubmit: ModalHandler = async (interaction, id, ctx) => {
  const job = loadJob(ctx, id.jobId);
  const prompt = interaction.fields.getTextInputValue('prompt').trim();
  if (prompt.length === 0) throw new UserError('The prompt is empty. Describe what you want to see.');
  const negative = interaction.fields.getTextInputValue('negative_prompt').trim();
  const { negativePrompt: _old, ...rest } = rerollParams(job);
  const params: JobParams = { ...rest, prompt, ...(negative ? { negativePrompt: negative } : {}) };
  await submitJob(interaction, ctx, { kind: 'remix', params, sourceJobId: job.id });
};

function infoEmbed(job: Job, ctx: BotContext): APIEmbed {
  const embed = jobEmbed(job, job.sourceJobId ? ctx.jobs.get(job.sourceJobId) : undefined);
  const lines = [
    `**Job** \`${job.id}\` · ${job.kind} · ${job.state}`,
    `**Created** <t:${Math.floor(job.createdAt / 1000)}:f>`,
    `**Credits** estimated ${formatCredits(job.estimatedCredits)}, charged ${formatCredits(job.chargedCredits)}`,
    ...job.images.map(
      (image) =>
        `#${image.index + 1}: ${image.state}${image.seed === undefined ? '' : ` · seed \`${image.seed}\``}` +
        `${image.width ? ` · ${image.width}×${image.height}` : ''}${image.error ? ` · ${image.error}` : ''}`,
    ),
  ];
  return {
    ...embed,
    title: 'Job details',
    description: `${embed.description ?? ''}\n\n${lines.join('\n')}`.slice(0, 4096),
  };
}

const info: ButtonHandler = async (interaction, id, ctx) => {
  const job = loadJob(ctx, id.jobId);
  await interaction.reply({ embeds: [infoEmbed(job, ctx)], flags: MessageFlags.Ephemeral });
};

const remove: ButtonHandler = async (interaction, id, ctx) => {
  const job = ctx.jobs.get(id.jobId);
  if (job && !mayManage(interaction, job)) {
    throw new UserError(
      'Only the person who asked for this image, or a moderator who can manage messages, can delete it.',
    );
  }
  await interaction.deferUpdate();
  // @original of a component interaction is the message the button sits on; deleting through the click's own token
  // needs no channel permission.
  await interaction.deleteReply();
  ctx.logger.info({ jobId: id.jobId, by: interaction.user.id }, 'job message deleted');
};

const cancel: ButtonHandler = async (interaction, id: ParsedId, ctx) => {
  const job = loadJob(ctx, id.jobId);
  if (interaction.user.id !== job.userId) throw new UserError('Only the person who asked for this job can cancel it.');
  const cancelled = ctx.runner.cancel(job.id, `cancelled by ${interaction.user.username}`);
  if (!cancelled) {
    throw new UserError(
      job.state === 'queued'
        ? 'This job is starting and can no longer be cancelled.'
        : 'This job has already started or ended.',
    );
  }
  const message = jobMessage(cancelled);
  // Through the job's edit chain, so a progress edit already on its way cannot land after (and hide) this one.
  await ctx.publisher.serialize(job.id, async () => {
    await interaction.update({ content: message.content, embeds: message.embeds, components: message.components });
  });
};

export const imagineButtons = {
  reroll,
  'vary-subtle': vary('vary-subtle'),
  'vary-strong': vary('vary-strong'),
  upscale,
  remix,
  info,
  delete: remove,
  cancel,
};

export const imagineModals = { 'remix-submit': remixSubmit };
