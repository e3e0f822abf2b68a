import type {
  ButtonInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  ModalSubmitInteraction,
} from 'discord.js';
import { DiscordAPIError, MessageFlags } from 'discord.js';
import type { Clock } from '../clock.js';
import type { ContentPolicy } from '../content/content-policy.js';
import type { Job, JobKind, JobParams } from '../domain/job.js';
import { isAgeRestricted } from '../interactions/channel.js';
import { memberRoleIds } from '../interactions/member.js';
import type { Logger } from '../logger.js';
import type { QueueStatus } from '../pipeline/progress.js';
import type { WriteBehind } from '../pipeline/write-behind.js';
import { type JobView, jobMessage } from '../render/job-message.js';
import type { StoredImage } from '../store/blob-store.js';
import type { Store } from '../store/store.js';
import type { Admission } from './admission.js';
import { estimateCredits } from './estimate.js';
import { runsOnModel, usesOwnImage } from './input-requests.js';

export type JobInteraction =
  | ChatInputCommandInteraction
  | ButtonInteraction
  | ModalSubmitInteraction
  | MessageContextMenuCommandInteraction;

export interface JobInput {
  kind: JobKind;
  params: JobParams;
  sourceJobId?: string;
  sourceIndex?: number;
  fromDefaults?: string[];
  /** The member's images (downloaded and checked): kept with the job as its `input` blobs, in this order. */
  inputImages?: readonly StoredImage[];
}

/** Where the queue put a job: known at once in the process that dispatches; later (by an edit) elsewhere. */
export interface JobQueue {
  enqueue(job: Job): QueueStatus | undefined;
  cancel(jobId: string, reason: string): Promise<Job | undefined>;
  /** Edits of the job's message wait for `acknowledged`, so none can reach Discord before the first reply. */
  holdEdits(jobId: string, acknowledged: Promise<unknown>): void;
  markShown(jobId: string, status: QueueStatus): void;
}

export interface SubmitServices {
  store: Store;
  clock: Clock;
  logger: Logger;
  admission: Admission;
  content: Pick<ContentPolicy, 'spoilersInAgeRestricted'>;
  queue: JobQueue;
  /** Writes that must not fail the job when the store is down (they are held and retried). */
  writes: WriteBehind;
  /** The job's buttons as its command lays them out (Cancel while it waits). */
  view(job: Job): Promise<JobView>;
  /** Trims the kept images to the store's cap after a job brought the member's own (best effort, in the background). */
  keepWithin?(): void;
}

/** An error after a public deferral: that "thinking…" reply is deleted before the router shows the error. */
async function dropDeferred(interaction: JobInteraction, error: unknown): Promise<never> {
  if (interaction.deferred && !interaction.replied) await interaction.deleteReply().catch(() => undefined);
  throw error;
}

/**
 * An ephemeral refusal. When the interaction was deferred publicly (a slow download), the "thinking…" reply is
 * deleted first, so nobody else sees a reply that turned out to be a refusal.
 */
export async function refuse(interaction: JobInteraction, content: string): Promise<void> {
  if (interaction.deferred || interaction.replied) {
    if (interaction.deferred && !interaction.replied) await interaction.deleteReply().catch(() => undefined);
    await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    return;
  }
  await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

/** Discord's default upload limit when an interaction does not say. @unit bytes */
const DEFAULT_UPLOAD_LIMIT = 10 * 1024 * 1024;
/**
 * Admission slower than this (PostgreSQL under a burst for one member or server, whose admissions take turns on
 * their locks) defers the reply publicly first, so Discord's 3 s deadline holds whatever the store's pace; the job or
 * its refusal then fills that reply. @unit milliseconds
 */
const SLOW_ADMISSION_MS = 1_500;

/** Awaits admission; past SLOW_ADMISSION_MS defers the reply, and resolves only once that deferral is settled too. */
async function inTime<T>(interaction: JobInteraction, admission: Promise<T>): Promise<T> {
  let deferring: Promise<unknown> | undefined;
  const timer = setTimeout(() => {
    if (!interaction.deferred && !interaction.replied) deferring = interaction.deferReply().catch(() => undefined);
  }, SLOW_ADMISSION_MS);
  try {
    return await admission;
  } finally {
    clearTimeout(timer);
    await deferring;
  }
}

/**
 * The one path every job takes: admission and the job's row in one transaction (a refusal is an ephemeral message
 * and no job), then one reply that already shows the job's place in the queue and its Cancel button — one REST call
 * acknowledges a job. Everything before the reply is local and fast, far inside Discord's 3 s; should admission be
 * slow all the same (a shared PostgreSQL under a burst), the reply is deferred first and filled in after.
 */
export async function submitJob(
  interaction: JobInteraction,
  services: SubmitServices,
  input: JobInput,
): Promise<Job | undefined> {
  const guildId = interaction.guildId ?? undefined;
  const channelNsfw = isAgeRestricted(interaction.channel);
  const estimatedCredits = estimateCredits(input.kind, input.params);
  const spoiler = channelNsfw && guildId !== undefined && (await services.content.spoilersInAgeRestricted(guildId));
  const tool = input.params.tool;
  const editPrompts = [tool?.find, tool?.into].filter((text): text is string => text !== undefined);
  const admission = services.admission.admit(
    {
      userId: interaction.user.id,
      roleIds: memberRoleIds(interaction.member, interaction.guildId),
      kind: input.kind,
      model: input.params.model,
      count: input.params.count,
      prompt: input.params.prompt,
      channelNsfw,
      estimatedCredits,
      ...(input.params.negativePrompt ? { negativePrompt: input.params.negativePrompt } : {}),
      ...(editPrompts.length > 0 ? { editPrompts } : {}),
      ...(guildId ? { guildId } : {}),
      ...((input.inputImages?.length ?? 0) > 0 || usesOwnImage(input.params) ? { imageInput: true } : {}),
      ...(runsOnModel(input.kind, input.params) ? {} : { noModel: true }),
    },
    {
      kind: input.kind,
      channelId: interaction.channelId ?? '',
      userId: interaction.user.id,
      userName: interaction.user.displayName,
      params: input.params,
      applicationId: interaction.applicationId,
      interactionId: interaction.id,
      interactionToken: interaction.token,
      uploadLimit: interaction.attachmentSizeLimit ?? DEFAULT_UPLOAD_LIMIT,
      estimatedCredits,
      spoiler,
      ...(guildId ? { guildId } : {}),
      ...(input.sourceJobId ? { sourceJobId: input.sourceJobId } : {}),
      ...(input.sourceIndex !== undefined ? { sourceIndex: input.sourceIndex } : {}),
      ...(input.fromDefaults && input.fromDefaults.length > 0 ? { fromDefaults: input.fromDefaults } : {}),
    },
    input.inputImages,
  );
  const admitted = await inTime(interaction, admission).catch((error: unknown) => dropDeferred(interaction, error));
  if (!admitted.ok) {
    await refuse(interaction, admitted.message);
    return undefined;
  }
  if (input.inputImages && input.inputImages.length > 0) services.keepWithin?.();
  const job = admitted.job;
  const { logger, clock } = services;
  logger.info(
    { jobId: job.id, kind: job.kind, userId: job.userId, guildId: job.guildId, model: job.params.model },
    'job queued',
  );
  const acknowledge = async () => {
    const status = services.queue.enqueue(job);
    const message = jobMessage(job, {
      now: clock.now(),
      ...(status ? { queue: status } : {}),
      view: await services.view(job),
    });
    if (interaction.deferred) {
      // Already acknowledged while the member's image downloaded (or admission was slow): the job fills the reply.
      const edited = await interaction.editReply({ ...message, allowedMentions: { parse: [] } });
      if (status) services.queue.markShown(job.id, status);
      return edited.id;
    }
    if (!status) {
      // Another process dispatches: it will draw the position into this reply as soon as it has the job.
      await interaction.deferReply();
      return undefined;
    }
    const reply = await interaction.reply({ ...message, allowedMentions: { parse: [] }, withResponse: true });
    services.queue.markShown(job.id, status);
    return reply.resource?.message?.id;
  };
  const acknowledged = acknowledge();
  services.queue.holdEdits(job.id, acknowledged);
  let messageId: string | undefined;
  try {
    messageId = await acknowledged;
  } catch (error) {
    // Nobody would see the result: do not spend credits on it (unless its first call already left).
    const cancelled = await services.queue.cancel(job.id, 'Discord expired the command before the bot could answer.');
    logger.warn(
      {
        jobId: job.id,
        code: error instanceof DiscordAPIError ? error.code : undefined,
        cancelled: cancelled !== undefined,
      },
      'could not acknowledge the job',
    );
    if (!(error instanceof DiscordAPIError)) throw error;
    return undefined;
  }
  // The member has their reply and the job is queued: a store that fails now delays this record, not the job.
  if (messageId) {
    const id = messageId;
    await services.writes.run(`message ${job.id}`, async () => {
      await services.store.jobs.addMessage(job.id, id, job.channelId, 'original', clock.now());
      await services.store.jobs.setMessageId(job.id, id);
    });
  }
  return job;
}
