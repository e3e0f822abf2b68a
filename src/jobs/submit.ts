import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  DiscordAPIError,
  MessageFlags,
  type ModalSubmitInteraction,
} from 'discord.js';
import { isAgeRestricted } from '../content/channel.js';
import type { BotContext } from '../context.js';
import { memberRoleIds } from '../moderation/member.js';
import { MODELS, UPSCALE_FAST_CREDITS } from '../stability/models.js';
import type { Job, JobKind, JobParams } from '../domain/job.js';

export type JobInteraction = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

export interface JobInput {
  kind: JobKind;
  params: JobParams;
  sourceJobId?: string;
  sourceIndex?: number;
}

/** Discord's default upload limit when an interaction does not say. @unit bytes */
const DEFAULT_UPLOAD_LIMIT = 10 * 1024 * 1024;

export function estimateCredits(kind: JobKind, params: JobParams): number {
  if (kind === 'upscale') return UPSCALE_FAST_CREDITS * params.count;
  return MODELS[params.model].credits * params.count;
}

/**
 * The one path every job takes: admission (ephemeral refusal, no job) → commit the job → defer publicly → queue.
 * Everything before the defer is local and fast, far inside Discord's 3 s.
 */
export async function submitJob(
  interaction: JobInteraction,
  ctx: BotContext,
  input: JobInput,
): Promise<Job | undefined> {
  const channelNsfw = isAgeRestricted(interaction.channel);
  const estimatedCredits = estimateCredits(input.kind, input.params);
  const request = {
    userId: interaction.user.id,
    roleIds: memberRoleIds(interaction.member, interaction.guildId),
    kind: input.kind,
    model: input.params.model,
    count: input.params.count,
    prompt: input.params.prompt,
    channelNsfw,
    estimatedCredits,
    ...(input.params.negativePrompt ? { negativePrompt: input.params.negativePrompt } : {}),
    ...(interaction.guildId ? { guildId: interaction.guildId } : {}),
  };
  const verdict = ctx.admission.check(request);
  if (!verdict.ok) {
    await interaction.reply({ content: verdict.message, flags: MessageFlags.Ephemeral });
    return undefined;
  }
  const job = ctx.jobs.create({
    kind: input.kind,
    channelId: interaction.channelId ?? '',
    userId: interaction.user.id,
    userName: interaction.user.username,
    params: input.params,
    applicationId: interaction.applicationId,
    interactionId: interaction.id,
    interactionToken: interaction.token,
    uploadLimit: interaction.attachmentSizeLimit ?? DEFAULT_UPLOAD_LIMIT,
    estimatedCredits,
    spoiler: channelNsfw && interaction.guildId !== null && ctx.content.spoilersInAgeRestricted(interaction.guildId),
    ...(interaction.guildId ? { guildId: interaction.guildId } : {}),
    ...(input.sourceJobId ? { sourceJobId: input.sourceJobId } : {}),
    ...(input.sourceIndex !== undefined ? { sourceIndex: input.sourceIndex } : {}),
  });
  // Same tick as the check: nothing else can be admitted in between, so the budget's reservation holds.
  ctx.admission.admitted(job, verdict);
  try {
    await interaction.deferReply();
  } catch (error) {
    // Nobody would see the result: do not spend credits on it.
    ctx.jobs.cancel(job.id, 'Discord expired the command before the bot could answer');
    if (error instanceof DiscordAPIError) {
      ctx.logger.warn({ jobId: job.id, code: error.code }, 'could not defer; job cancelled before it was queued');
      return undefined;
    }
    throw error;
  }
  ctx.logger.info(
    { jobId: job.id, kind: job.kind, userId: job.userId, guildId: job.guildId, model: job.params.model },
    'job queued',
  );
  ctx.runner.enqueue(job);
  void ctx.publisher.publish(job.id);
  return job;
}
