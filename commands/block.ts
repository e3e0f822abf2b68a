import {
  ApplicationCommandOptionType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext, Command } from '../src/context.js';
import { confirmChange } from '../src/moderation/announce.js';
import { requireModerator } from '../src/moderation/moderator.js';
import { UserError } from '../src/user-error.js';

export const blockDefinition = {
  name: 'block',
  description: 'Moderators: refuse a member’s requests to the bot on this server',
  contexts: [InteractionContextType.Guild],
  // A first line only: a server can open the command to anyone, so the handler checks again at run time.
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  options: [
    { type: ApplicationCommandOptionType.User, name: 'user', description: 'The member to block', required: true },
    {
      type: ApplicationCommandOptionType.String,
      name: 'reason',
      description: 'Shown to them whenever a request is refused, and in the audit trail',
      required: true,
      max_length: 300,
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const block: Command = {
  data: blockDefinition,
  async execute(interaction: ChatInputCommandInteraction, ctx: BotContext) {
    const guildId = requireModerator(interaction, ctx.moderation, '/block');
    const user = interaction.options.getUser('user', true);
    const reason = interaction.options.getString('reason', true).trim();
    if (reason.length === 0) throw new UserError('Give a reason: the member sees it when a request is refused.');
    if (user.id === interaction.user.id) throw new UserError('You cannot block yourself.');
    if (user.bot) throw new UserError(`<@${user.id}> is a bot and cannot use /imagine anyway.`);
    const entry = ctx.moderation.block(interaction.user.id, guildId, user.id, reason);
    await confirmChange(
      interaction,
      ctx.moderation.audit,
      `⛔ Blocked <@${user.id}>: their requests are refused with “${reason}”. Jobs already queued still run; ` +
        `\`/unblock\` lifts it. Recorded as audit #${entry.id}.`,
      entry,
    );
  },
};
