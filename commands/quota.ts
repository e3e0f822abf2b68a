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
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const quota: Command = {
  data: quotaDefinition,
  async execute(interaction: ChatInputCommandInteraction, ctx: BotContext) {
    const guildId = requireModerator(interaction, ctx.moderation, '/quota');
    if (interaction.options.getSubcommand() !== 'reset') throw new UserError('Unknown /quota subcommand.');
    const user = interaction.options.getUser('user', true);
    const entry = ctx.moderation.resetQuota(interaction.user.id, guildId, user.id);
    const before = entry.before as { jobsLastHour: number };
    await confirmChange(
      interaction,
      ctx.moderation.audit,
      `🔁 Reset the counted usage of <@${user.id}>: their ${before.jobsLastHour} job${before.jobsLastHour === 1 ? '' : 's'} ` +
        `of the last hour and any cooldown no longer count. Recorded as audit #${entry.id}.`,
      entry,
    );
  },
};
