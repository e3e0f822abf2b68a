import { ApplicationCommandOptionType, InteractionContextType, PermissionFlagsBits } from 'discord.js';
import { confirmChange } from '../src/discord/confirm-change.js';
import { slashCommand } from '../src/interactions/commands.js';
import { requireAuthorityOver, requireModerator } from '../src/moderation/moderator.js';
import { UserError } from '../src/user-error.js';
import type { BotContext } from './context.js';

export const unblockDefinition = {
  name: 'unblock',
  description: 'Moderators: let a blocked member use the bot again',
  contexts: [InteractionContextType.Guild],
  // A first line only: a server can open the command to anyone, so the handler checks again at run time.
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  options: [
    { type: ApplicationCommandOptionType.User, name: 'user', description: 'The member to unblock', required: true },
  ],
} as const;

export const unblock = slashCommand<BotContext, typeof unblockDefinition>(unblockDefinition, {
  async execute(interaction, { user }, ctx) {
    const guildId = await requireModerator(interaction, ctx.moderation, '/unblock');
    // A block binds whoever it names, moderators included: lifting it is another moderator's call.
    if (user.id === interaction.user.id) throw new UserError('You cannot lift your own block; ask another moderator.');
    requireAuthorityOver(interaction, user, 'unblock');
    const entry = await ctx.moderation.unblock(interaction.user.id, guildId, user.id);
    if (!entry) throw new UserError(`<@${user.id}> is not blocked here.`);
    await confirmChange(
      interaction,
      ctx.moderation.audit,
      `✅ Unblocked <@${user.id}>: they can use the bot again. Recorded as audit #${entry.id}.`,
      entry,
    );
  },
});
