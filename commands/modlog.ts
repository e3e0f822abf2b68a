import {
  ApplicationCommandOptionType,
  ChannelType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  PermissionFlagsBits,
} from 'discord.js';
import { confirmChange } from '../src/discord/confirm-change.js';
import { slashCommand } from '../src/interactions/commands.js';
import { hasManageGuild, requireModerator } from '../src/moderation/moderator.js';
import { UserError } from '../src/user-error.js';
import type { BotContext } from './context.js';

export const modlogDefinition = {
  name: 'modlog',
  description: 'Moderators: where moderator changes are posted, and who counts as a moderator',
  contexts: [InteractionContextType.Guild],
  // A first line only: a server can open the command to anyone, so the handler checks again at run time.
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'channel',
      description: 'Post every moderator change in this channel (leave empty to stop posting)',
      options: [
        {
          type: ApplicationCommandOptionType.Channel,
          name: 'channel',
          description: 'A text channel the bot can post in',
          channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'moderator-role',
      description: 'Members with this role may use moderator commands (leave empty: Manage Server only)',
      options: [{ type: ApplicationCommandOptionType.Role, name: 'role', description: 'The moderator role' }],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'nsfw-spoiler',
      description: 'Post results in age-restricted channels as spoilers (blurred until clicked)',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'mode',
          description: 'on or off',
          required: true,
          choices: [
            { name: 'on', value: 'on' },
            { name: 'off', value: 'off' },
          ],
        },
      ],
    },
  ],
} as const;

async function channel(
  interaction: ChatInputCommandInteraction,
  ctx: BotContext,
  guildId: string,
  chosen: string | undefined,
): Promise<void> {
  const previous = await ctx.moderation.modLogChannel(guildId);
  const entry = await ctx.moderation.setModLogChannel(interaction.user.id, guildId, chosen);
  if (chosen) {
    await confirmChange(
      interaction,
      ctx.moderation.audit,
      `📜 Moderator changes will be posted in <#${chosen}>. Recorded as audit #${entry.id}.`,
      entry,
    );
  } else {
    // Nothing to post in any more: the old channel learns that it was the last entry it gets.
    await confirmChange(
      interaction,
      ctx.moderation.audit,
      `📜 Moderator changes are no longer posted anywhere; they are still recorded (\`/limits history\`). Audit #${entry.id}.`,
      entry,
      previous,
    );
  }
}

async function moderatorRole(
  interaction: ChatInputCommandInteraction,
  ctx: BotContext,
  guildId: string,
  roleId: string | undefined,
): Promise<void> {
  // Naming who moderates is the server managers' decision: a role moderator must not be able to hand it to others.
  if (!hasManageGuild(interaction)) {
    throw new UserError('🔒 Only members with **Manage Server** can choose the moderator role.');
  }
  if (roleId === guildId) throw new UserError('@everyone cannot be the moderator role: everyone would be a moderator.');
  const entry = await ctx.moderation.setModeratorRole(interaction.user.id, guildId, roleId);
  await confirmChange(
    interaction,
    ctx.moderation.audit,
    roleId
      ? `🛡️ Members with <@&${roleId}> may now use moderator commands. Recorded as audit #${entry.id}.`
      : `🛡️ No moderator role: only members with Manage Server may use moderator commands. Audit #${entry.id}.`,
    entry,
  );
}

async function nsfwSpoiler(
  interaction: ChatInputCommandInteraction,
  ctx: BotContext,
  guildId: string,
  on: boolean,
): Promise<void> {
  const entry = await ctx.content.setSpoilers(interaction.user.id, guildId, on);
  await confirmChange(
    interaction,
    ctx.moderation.audit,
    on
      ? `🔞 Results of jobs started in age-restricted channels are now posted as spoilers. Audit #${entry.id}.`
      : `🔞 Results in age-restricted channels are now posted normally. Audit #${entry.id}.`,
    entry,
  );
}

export const modlog = slashCommand<BotContext, typeof modlogDefinition>(modlogDefinition, {
  async execute(interaction, args, ctx) {
    const guildId = await requireModerator(interaction, ctx.moderation, '/modlog');
    switch (args.subcommand) {
      case 'channel':
        return channel(interaction, ctx, guildId, args.channel);
      case 'moderator-role':
        return moderatorRole(interaction, ctx, guildId, args.role);
      case 'nsfw-spoiler':
        return nsfwSpoiler(interaction, ctx, guildId, args.mode === 'on');
    }
  },
});
