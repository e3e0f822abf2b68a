import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  DiscordAPIError,
  type Interaction,
  MessageFlags,
  type ModalSubmitInteraction,
  type RepliableInteraction,
} from 'discord.js';
import type { BotContext, ButtonHandler, Command, ModalHandler } from './context.js';
import { type Action, parseCustomId } from './custom-id.js';
import { describeStabilityError } from './stability/describe.js';
import { StabilityError } from './stability/errors.js';
import { UserError } from './user-error.js';

/** Discord errors that mean the interaction or its message is gone: logged and survived, never shown. */
const GONE_CODES = new Set([10008, 10062, 40060, 50027]);

/** Buttons that create a job: a second click within this time is the same click. @unit milliseconds */
const DOUBLE_CLICK_MS = 10_000;
const JOB_ACTIONS: ReadonlySet<Action> = new Set(['reroll', 'vary-subtle', 'vary-strong', 'upscale']);

const ID_PROBLEMS = {
  'not-ours': 'This button does not belong to this bot (or to a version of it that no longer exists).',
  'other-version':
    'This button comes from another version of the bot and no longer works. Use `/show` to revive the job.',
  'unknown-action':
    'This button does something this version of the bot no longer knows. Use `/show` to revive the job.',
  malformed: 'This button is damaged and cannot be used.',
} as const;

export type Router = (interaction: Interaction) => Promise<void>;

export function createRouter(commands: readonly Command[], ctx: BotContext): Router {
  const byName = new Map(commands.map((command) => [command.data.name, command]));
  const buttons = new Map<Action, ButtonHandler>();
  const modals = new Map<Action, ModalHandler>();
  for (const command of commands) {
    for (const [action, handler] of Object.entries(command.buttons ?? {})) buttons.set(action as Action, handler);
    for (const [action, handler] of Object.entries(command.modals ?? {})) modals.set(action as Action, handler);
  }
  const recentClicks = new Map<string, number>();

  const isDoubleClick = (interaction: ButtonInteraction, action: Action): boolean => {
    if (!JOB_ACTIONS.has(action)) return false;
    const now = ctx.clock.now();
    for (const [key, at] of recentClicks) if (now - at > DOUBLE_CLICK_MS) recentClicks.delete(key);
    const key = `${interaction.user.id}:${interaction.message.id}:${interaction.customId}`;
    if (recentClicks.has(key)) return true;
    recentClicks.set(key, now);
    return false;
  };

  const chatInput = async (interaction: ChatInputCommandInteraction) => {
    const command = byName.get(interaction.commandName);
    if (!command) throw new UserError(`This bot has no /${interaction.commandName} command any more.`);
    await command.execute(interaction, ctx);
  };

  const button = async (interaction: ButtonInteraction) => {
    const parsed = parseCustomId(interaction.customId);
    if (!parsed.ok) throw new UserError(ID_PROBLEMS[parsed.reason]);
    const handler = buttons.get(parsed.value.action);
    if (!handler) throw new UserError(ID_PROBLEMS['unknown-action']);
    if (isDoubleClick(interaction, parsed.value.action)) {
      throw new UserError('Already on it: this button was just pressed and its job is queued.');
    }
    await handler(interaction, parsed.value, ctx);
  };

  const modal = async (interaction: ModalSubmitInteraction) => {
    const parsed = parseCustomId(interaction.customId);
    if (!parsed.ok) throw new UserError(ID_PROBLEMS[parsed.reason]);
    const handler = modals.get(parsed.value.action);
    if (!handler) throw new UserError(ID_PROBLEMS['unknown-action']);
    await handler(interaction, parsed.value, ctx);
  };

  /** Errors are classified here, once: user-fixable, Discord "gone", Stability, or a bug. */
  const fail = async (interaction: Interaction, error: unknown) => {
    const log = ctx.logger.child({ interactionId: interaction.id, userId: interaction.user.id });
    if (error instanceof DiscordAPIError && typeof error.code === 'number' && GONE_CODES.has(error.code)) {
      log.warn({ code: error.code }, `Discord interaction gone: ${error.message}`);
      return;
    }
    let message: string;
    if (error instanceof UserError) {
      message = error.message;
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
      if (interaction.isChatInputCommand()) await chatInput(interaction);
      else if (interaction.isButton()) await button(interaction);
      else if (interaction.isModalSubmit()) await modal(interaction);
    } catch (error) {
      await fail(interaction, error);
    }
  };
}

/** Replies, or follows up when the interaction was already answered: the one safe way to show an ephemeral note. */
export async function safeEphemeral(interaction: RepliableInteraction, content: string): Promise<void> {
  if (interaction.replied || interaction.deferred) {
    await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
  } else {
    await interaction.reply({ content, flags: MessageFlags.Ephemeral });
  }
}
