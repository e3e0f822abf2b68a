import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  MessageFlags,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
  type RepliableInteraction,
} from 'discord.js';
import type { Clock } from '../clock.js';
import type { Job } from '../domain/job.js';
import type { Command, MessageCommand, SlashCommand } from '../interactions/commands.js';
import { type Component, createComponentRegistry, type HandlerResult } from '../interactions/components.js';
import { type IdProblem, type IdShape, type ParsedTarget, parseCustomId } from '../interactions/custom-id.js';
import { type ModalField, parseModalFields } from '../interactions/modal-fields.js';
import { parseCommandArgs } from '../interactions/options.js';
import type { Logger } from '../logger.js';
import { describeStabilityError } from '../stability/describe.js';
import { StabilityError } from '../stability/errors.js';
import type { Store } from '../store/store.js';
import { isStoreFault } from '../store/store-errors.js';
import { UserError } from '../user-error.js';
import { isGoneError } from './rest-errors.js';

const ID_PROBLEMS: Readonly<Record<IdProblem, string>> = {
  'not-ours': 'This button does not belong to this bot (or to a version of it that no longer exists).',
  'other-version':
    'This button comes from another version of the bot and no longer works. Use `/show` to revive the job.',
  'unknown-action':
    'This button does something this version of the bot no longer knows. Use `/show` to revive the job.',
  malformed: 'This button is damaged and cannot be used.',
};

const STORE_DOWN =
  '💾 The bot cannot read or save jobs right now (a storage problem on its side). Nothing was queued or charged; ' +
  'try again in a few minutes.';

export interface RouterDeps<Ctx> {
  commands: readonly Command<Ctx>[];
  components: readonly Component<Ctx>[];
  ctx: Ctx;
  store: Store;
  clock: Clock;
  logger: Logger;
}

export type Router = (interaction: Interaction) => Promise<void>;

/** A modal's submitted text by field id, checked against the module's own field definitions. */
function submittedFields(module: { fields: readonly ModalField[] }, interaction: ModalSubmitInteraction) {
  const submitted = new Map<string, unknown>(
    interaction.fields.fields.map((field) => [field.customId, 'value' in field ? field.value : undefined]),
  );
  return parseModalFields(module.fields, submitted);
}

/** How long a click is remembered for the double-click guard (it holds only while its job waits or runs). */
const CLICK_MEMORY_MS = 10 * 60_000;

/**
 * Routes every interaction to its command or component module, with the checks that must not depend on any module:
 * options parsed against the command's own definition, custom_ids parsed against the registered shapes, and the job
 * a button names checked against the message it was clicked on and the server it was clicked in. Errors are
 * classified here, once: the member's own (shown), the store's (shown as such), Stability's, Discord's "gone"
 * (logged and survived) and bugs (logged, with the interaction id for the operator).
 */
export function createRouter<Ctx>(deps: RouterDeps<Ctx>): Router {
  const slash = new Map<string, SlashCommand<Ctx>>();
  const apps = new Map<string, MessageCommand<Ctx>>();
  for (const command of deps.commands) {
    const names = command.kind === 'slash' ? slash : apps;
    if (names.has(command.data.name)) throw new Error(`two commands are named ${command.data.name}`);
    if (command.kind === 'slash') slash.set(command.data.name, command);
    else apps.set(command.data.name, command);
  }
  const components = createComponentRegistry(deps.components);
  const shapes = new Map<string, IdShape>([...components].map(([action, c]) => [action, c]));
  /**
   * Clicks that made (or are making) a job, by member, message and button: the same click again is answered, not
   * repeated — but only while that job actually waits or runs.
   */
  const clicks = new Map<string, { at: number; settled: Promise<Job | undefined> }>();

  /**
   * Claims the click at once (before anything awaits, so a second click in the same instant finds it), then waits
   * for the previous claim's handler to finish: if it made a job that still waits or runs, this click is the same
   * one and is answered so; if it made none (a refusal) or its job ended, this click is a new request.
   */
  const claimClick = async (key: string): Promise<{ release(made: HandlerResult): void }> => {
    const now = deps.clock.now();
    for (const [k, click] of clicks) if (now - click.at > CLICK_MEMORY_MS) clicks.delete(k);
    const previous = clicks.get(key);
    let settle: (job: Job | undefined) => void = () => undefined;
    const claim = { at: now, settled: new Promise<Job | undefined>((resolve) => (settle = resolve)) };
    clicks.set(key, claim);
    const release = (made: HandlerResult) => {
      settle(made ?? undefined);
      if (!made && clicks.get(key) === claim) clicks.delete(key);
    };
    const earlier = previous ? await previous.settled : undefined;
    const job = earlier ? await deps.store.jobs.get(earlier.id) : undefined;
    if (job?.state === 'queued' || job?.state === 'running') {
      // Later clicks compare with the same first job.
      settle(job);
      const where = job.state === 'queued' ? 'is waiting in the queue' : 'is being made right now';
      throw new UserError(`Already on it: this button's job \`${job.id}\` ${where}.`);
    }
    return { release };
  };

  /** The job a component names, if it is the clicked message's job on this server; else a refusal. */
  const ownJob = async (
    jobId: string,
    interaction: ButtonInteraction | ModalSubmitInteraction,
  ): Promise<Job | undefined> => {
    const job = await deps.store.jobs.get(jobId);
    if (!job) return undefined;
    if ((job.guildId ?? null) !== interaction.guildId) {
      throw new UserError('This button does not belong to a job of this server.');
    }
    // Every job button and form is opened from a message of the job; one that claims a job without a message
    // (only a forged modal can) has nothing to be checked against, so it is refused.
    const message = interaction.message;
    const own =
      message !== null &&
      (message.interactionMetadata?.id === job.interactionId ||
        message.id === job.messageId ||
        (await deps.store.jobs.isJobMessage(job.id, message.id)));
    if (!own) {
      throw new UserError('This button does not belong to the job of this message. Use `/show` to revive that job.');
    }
    return job;
  };

  const command = async (interaction: ChatInputCommandInteraction) => {
    const found = slash.get(interaction.commandName);
    if (!found) throw new UserError(`This bot has no /${interaction.commandName} command any more.`);
    const args = parseCommandArgs(found.data, interaction.options.data);
    await found.execute(interaction, args, deps.ctx);
  };

  const component = async (interaction: ButtonInteraction | ModalSubmitInteraction) => {
    const parsed = parseCustomId(interaction.customId, shapes);
    if (!parsed.ok) throw new UserError(ID_PROBLEMS[parsed.reason]);
    const module = components.get(parsed.value.action);
    const kind = interaction.isButton() ? 'button' : 'modal';
    if (!module || module.kind !== kind) throw new UserError(ID_PROBLEMS['unknown-action']);
    const { target, index } = parsed.value;
    const indexed = index === undefined ? {} : { index };
    const clickKey =
      interaction.isButton() && module.kind === 'button' && module.createsJob
        ? `${interaction.user.id}:${interaction.message.id}:${interaction.customId}`
        : undefined;
    const click = clickKey ? await claimClick(clickKey) : undefined;
    let made: HandlerResult;
    try {
      made = await dispatch(interaction, module, target, indexed);
    } finally {
      // A refusal made no job: the next click is a new request, not "already on it".
      click?.release(made);
    }
  };

  const dispatch = async (
    interaction: ButtonInteraction | ModalSubmitInteraction,
    module: Component<Ctx>,
    target: ParsedTarget,
    indexed: { index?: number },
  ): Promise<HandlerResult> => {
    let made: HandlerResult;
    if (target.kind === 'job') {
      const job = await ownJob(target.jobId, interaction);
      if (!job) {
        if (interaction.isButton() && module.kind === 'button' && module.target === 'job' && module.whenMissing) {
          await module.whenMissing(interaction, target.jobId, deps.ctx);
          return;
        }
        throw new UserError(
          `Job \`${target.jobId}\` is no longer stored, so this button cannot act on it. Run /imagine again.`,
        );
      }
      if (module.target !== 'job') throw new UserError(ID_PROBLEMS.malformed);
      if (interaction.isButton() && module.kind === 'button')
        made = await module.handle(interaction, { job, ...indexed }, deps.ctx);
      else if (interaction.isModalSubmit() && module.kind === 'modal')
        made = await module.handle(
          interaction,
          { job, ...indexed, fields: submittedFields(module, interaction) },
          deps.ctx,
        );
    } else {
      if (module.target !== 'message') throw new UserError(ID_PROBLEMS.malformed);
      const messageTarget = { messageId: target.messageId, ...indexed };
      if (interaction.isButton() && module.kind === 'button')
        made = await module.handle(interaction, messageTarget, deps.ctx);
      else if (interaction.isModalSubmit() && module.kind === 'modal')
        made = await module.handle(
          interaction,
          { ...messageTarget, fields: submittedFields(module, interaction) },
          deps.ctx,
        );
    }
    return made;
  };

  const fail = async (interaction: Interaction, error: unknown) => {
    const log = deps.logger.child({ interactionId: interaction.id, userId: interaction.user.id });
    if (isGoneError(error)) {
      log.warn({ code: (error as { code?: unknown }).code }, 'Discord interaction gone');
      return;
    }
    let message: string;
    if (error instanceof UserError) {
      message = error.message;
    } else if (isStoreFault(error)) {
      log.error({ err: error }, 'the store failed during an interaction');
      message = STORE_DOWN;
    } else if (error instanceof StabilityError) {
      message = describeStabilityError(error).summary;
      log.warn({ err: error }, 'Stability error in an interaction');
    } else {
      log.error({ err: error }, 'interaction handler failed');
      message = `Something went wrong on the bot's side. The operator can find it in the log as interaction ${interaction.id}.`;
    }
    if (!interaction.isRepliable()) return;
    await safeEphemeral(interaction, message).catch((replyError: unknown) =>
      log.warn({ err: replyError }, 'could not tell the user about an error'),
    );
  };

  return async (interaction) => {
    try {
      if (interaction.isChatInputCommand()) await command(interaction);
      else if (interaction.isMessageContextMenuCommand()) {
        const found = apps.get(interaction.commandName);
        if (!found) throw new UserError(`This bot has no app called “${interaction.commandName}” any more.`);
        await found.execute(interaction, deps.ctx);
      } else if (interaction.isAutocomplete()) {
        await slash.get(interaction.commandName)?.autocomplete?.(interaction, deps.ctx);
      } else if (interaction.isButton() || interaction.isModalSubmit()) await component(interaction);
    } catch (error) {
      await fail(interaction, error);
    }
  };
}

/** Replies, or follows up when the interaction was already answered: the one safe way to show an ephemeral note. */
export async function safeEphemeral(interaction: RepliableInteraction, content: string): Promise<void> {
  if (interaction.replied || interaction.deferred) {
    await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  } else {
    await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  }
}

/** The requester, or a member allowed to manage messages in this channel. */
export function mayManage(interaction: ButtonInteraction, requesterId: string | undefined): boolean {
  return (
    (requesterId !== undefined && interaction.user.id === requesterId) ||
    (interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages) ?? false)
  );
}
