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

export const unblockDefinition = {
  name: 'unblock',
  description: 'Moderators: let a blocked member use the bot again',
  contexts: [InteractionContextType.Guild],
  // A first line only: a server can open the command to anyone, so the handler checks again at run time.
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  options: [
    { type: ApplicationCommandOptionType.User, name: 'user', description: 'The member to unblock', required: true },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const unblock: Command = {
  data: unblockDefinition,
  async execute(interaction: ChatInputCommandInteraction, ctx: BotContext) {
    const guildId = requireModerator(interaction, ctx.moderation, '/unblock');
    const user = interaction.options.getUser('user', true);
    const entry = ctx.moderation.unblock(interaction.user.id, guildId, user.id);
    if (!entry) throw new UserError(`<@${user.id}> is not blocked here.`);
    await confirmChange(
      interaction,
      ctx.moderation.audit,
      `✅ Unblocked <@${user.id}>: they can use the bot again. Recorded as audit #${entry.id}.`,
      entry,
    );
  },
};
