import { InteractionContextType, MessageFlags } from 'discord.js';
import { slashCommand } from '../src/interactions/commands.js';
import { memberRoleIds } from '../src/interactions/member.js';
import { usageEmbed } from '../src/render/usage-embed.js';
import { UserError } from '../src/user-error.js';
import type { BotContext } from './context.js';

export const usageDefinition = {
  name: 'usage',
  description: 'Your jobs and credits today, and what your limits still allow (only you see it)',
  contexts: [InteractionContextType.Guild],
} as const;

export const usage = slashCommand<BotContext, typeof usageDefinition>(usageDefinition, {
  async execute(interaction, _args, ctx) {
    const guildId = interaction.guildId;
    if (!guildId) throw new UserError('/usage works in a server: limits and usage are counted per server.');
    const report = await ctx.moderation.usageReport(
      guildId,
      interaction.user.id,
      memberRoleIds(interaction.member, guildId),
    );
    await interaction.reply({
      embeds: [usageEmbed(report, interaction.guild?.name ?? 'this server')],
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
});
