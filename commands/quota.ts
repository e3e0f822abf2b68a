import { ApplicationCommandOptionType, InteractionContextType, PermissionFlagsBits } from 'discord.js';
import { confirmChange } from '../src/discord/confirm-change.js';
import { plural } from '../src/format/text.js';
import { slashCommand } from '../src/interactions/commands.js';
import { requireAuthorityOver, requireModerator } from '../src/moderation/moderator.js';
import type { BotContext } from './context.js';

export const quotaDefinition = {
  name: 'quota',
  description: 'Moderators: manage a member’s counted usage',
  contexts: [InteractionContextType.Guild],
  // A first line only: a server can open the command to anyone, so the handler checks again at run time.
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'reset',
      description: 'Forget a member’s jobs of the last hour and their cooldown (their job history stays)',
      options: [{ type: ApplicationCommandOptionType.User, name: 'user', description: 'The member', required: true }],
    },
  ],
} as const;

export const quota = slashCommand<BotContext, typeof quotaDefinition>(quotaDefinition, {
  async execute(interaction, { user }, ctx) {
    const guildId = await requireModerator(interaction, ctx.moderation, '/quota');
    requireAuthorityOver(interaction, user, 'reset the usage of');
    const entry = await ctx.moderation.resetQuota(interaction.user.id, guildId, user.id);
    const before = entry.before as { jobsLastHour: number };
    await confirmChange(
      interaction,
      ctx.moderation.audit,
      `🔁 Reset the counted usage of <@${user.id}>: their ${plural(before.jobsLastHour, 'job')} ` +
        `of the last hour and any cooldown no longer count. Recorded as audit #${entry.id}.`,
      entry,
    );
  },
});
