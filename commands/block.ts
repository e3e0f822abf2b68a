import { ApplicationCommandOptionType, InteractionContextType, PermissionFlagsBits } from 'discord.js';
import { confirmChange } from '../src/discord/confirm-change.js';
import { slashCommand } from '../src/interactions/commands.js';
import { requireAuthorityOver, requireModerator } from '../src/moderation/moderator.js';
import { UserError } from '../src/user-error.js';
import type { BotContext } from './context.js';

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
} as const;

export const block = slashCommand<BotContext, typeof blockDefinition>(blockDefinition, {
  async execute(interaction, { user, reason }, ctx) {
    const guildId = await requireModerator(interaction, ctx.moderation, '/block');
    if (user.id === interaction.user.id) throw new UserError('You cannot block yourself.');
    if (user.bot) throw new UserError(`<@${user.id}> is a bot and cannot use /imagine anyway.`);
    requireAuthorityOver(interaction, user, 'block');
    const entry = await ctx.moderation.block(interaction.user.id, guildId, user.id, reason);
    await confirmChange(
      interaction,
      ctx.moderation.audit,
      `⛔ Blocked <@${user.id}>: their requests are refused with “${reason}”. Jobs already queued still run; ` +
        `\`/unblock\` lifts it. Recorded as audit #${entry.id}.`,
      entry,
    );
  },
});
