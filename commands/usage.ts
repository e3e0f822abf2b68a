import {
  type ChatInputCommandInteraction,
  InteractionContextType,
  MessageFlags,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext, Command } from '../src/context.js';
import { memberRoleIds } from '../src/moderation/member.js';
import { usageEmbed } from '../src/moderation/usage-embed.js';
import { UserError } from '../src/user-error.js';

export const usageDefinition = {
  name: 'usage',
  description: 'Your jobs and credits today, and what your limits still allow (only you see it)',
  contexts: [InteractionContextType.Guild],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const usage: Command = {
  data: usageDefinition,
  async execute(interaction: ChatInputCommandInteraction, ctx: BotContext) {
    const guildId = interaction.guildId;
    if (!guildId) throw new UserError('/usage works in a server: limits and usage are counted per server.');
    const report = ctx.moderation.usageReport(guildId, interaction.user.id, memberRoleIds(interaction.member, guildId));
    await interaction.reply({
      embeds: [usageEmbed(report, interaction.guild?.name ?? 'this server')],
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
};
