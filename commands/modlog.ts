import {
  ApplicationCommandOptionType,
  ChannelType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext, Command } from '../src/context.js';
import { confirmChange } from '../src/moderation/announce.js';
import { hasManageGuild, requireModerator } from '../src/moderation/moderator.js';
import { UserError } from '../src/user-error.js';

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
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

async function channel(interaction: ChatInputCommandInteraction, ctx: BotContext, guildId: string): Promise<void> {
  const chosen = interaction.options.getChannel('channel');
  const previous = ctx.moderation.modLogChannel(guildId);
  const entry = ctx.moderation.setModLogChannel(interaction.user.id, guildId, chosen?.id);
  if (chosen) {
    await confirmChange(
      interaction,
      ctx.moderation.audit,
      `📜 Moderator changes will be posted in <#${chosen.id}>. Recorded as audit #${entry.id}.`,
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
): Promise<void> {
  // Naming who moderates is the server managers' decision: a role moderator must not be able to hand it to others.
  if (!hasManageGuild(interaction)) {
    throw new UserError('🔒 Only members with **Manage Server** can choose the moderator role.');
  }
  const role = interaction.options.getRole('role');
  if (role?.id === guildId)
    throw new UserError('@everyone cannot be the moderator role: everyone would be a moderator.');
  const entry = ctx.moderation.setModeratorRole(interaction.user.id, guildId, role?.id);
  await confirmChange(
    interaction,
    ctx.moderation.audit,
    role
      ? `🛡️ Members with <@&${role.id}> may now use moderator commands. Recorded as audit #${entry.id}.`
      : `🛡️ No moderator role: only members with Manage Server may use moderator commands. Audit #${entry.id}.`,
    entry,
  );
}

async function nsfwSpoiler(interaction: ChatInputCommandInteraction, ctx: BotContext, guildId: string): Promise<void> {
  const on = interaction.options.getString('mode', true) === 'on';
  const entry = ctx.content.setSpoilers(interaction.user.id, guildId, on);
  await confirmChange(
    interaction,
    ctx.moderation.audit,
    on
      ? `🔞 Results of jobs started in age-restricted channels are now posted as spoilers. Audit #${entry.id}.`
      : `🔞 Results in age-restricted channels are now posted normally. Audit #${entry.id}.`,
    entry,
  );
}

export const modlog: Command = {
  data: modlogDefinition,
  async execute(interaction: ChatInputCommandInteraction, ctx: BotContext) {
    const guildId = requireModerator(interaction, ctx.moderation, '/modlog');
    switch (interaction.options.getSubcommand()) {
      case 'channel':
        return channel(interaction, ctx, guildId);
      case 'moderator-role':
        return moderatorRole(interaction, ctx, guildId);
      case 'nsfw-spoiler':
        return nsfwSpoiler(interaction, ctx, guildId);
      default:
        throw new UserError('Unknown /modlog subcommand.');
    }
  },
};
