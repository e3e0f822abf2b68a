import {
  ApplicationCommandOptionType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  MessageFlags,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { budgetEmbed } from '../src/budget/budget-embed.js';
import { formatAmount, parseCap } from '../src/domain/budget.js';
import type { BotContext, Command } from '../src/context.js';
import { confirmChange } from '../src/moderation/announce.js';
import { isModerator, requireModerator } from '../src/moderation/moderator.js';
import { UserError } from '../src/user-error.js';

export const budgetDefinition = {
  name: 'budget',
  description: 'Today’s image budget: credits spent, reserved and left (moderators set it)',
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'view',
      description: 'Credits spent and reserved today, the caps, and when they reset (only you see it)',
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'set',
      description: 'Moderators: cap the credits spent per UTC day, for the whole server or for each member',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'scope',
          description: 'The whole server, or each member',
          required: true,
          choices: [
            { name: 'server', value: 'server' },
            { name: 'each member', value: 'member' },
          ],
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'credits',
          description: 'Credits per UTC day (1 credit = US$0.01), e.g. 500; or off',
          required: true,
          max_length: 20,
        },
      ],
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

async function view(interaction: ChatInputCommandInteraction, ctx: BotContext, guildId: string): Promise<void> {
  const status = ctx.budget.status(guildId, interaction.user.id);
  // The account balance is the operator's business: moderators see it, members see the server's budget.
  const moderator = isModerator(interaction, ctx.moderation.moderatorRole(guildId));
  const reading = ctx.balance.last();
  const balance = moderator
    ? {
        available: ctx.balance.available,
        low: ctx.balance.low(),
        warnBelow: ctx.config.balance.warnBelowCredits,
        ...(reading ? { reading } : {}),
      }
    : undefined;
  await interaction.reply({
    embeds: [budgetEmbed(status, interaction.guild?.name ?? 'this server', balance)],
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}

async function set(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const guildId = requireModerator(interaction, ctx.moderation, '/budget set');
  const scope = interaction.options.getString('scope', true) === 'member' ? 'member' : 'server';
  const parsed = parseCap(interaction.options.getString('credits', true));
  if (!parsed.ok) throw new UserError(parsed.message);
  const entry = ctx.budget.set(interaction.user.id, guildId, scope, parsed.cap);
  const what = scope === 'server' ? 'The server’s daily budget' : 'The daily budget of each member';
  await confirmChange(
    interaction,
    ctx.moderation.audit,
    parsed.cap === undefined
      ? `💸 ${what} is now **off** (no cap). Recorded as audit #${entry.id}.`
      : `💸 ${what} is now **${formatAmount(parsed.cap)} credits** per UTC day. Jobs already queued keep their ` +
          `reservation; new ones must fit what is left. Recorded as audit #${entry.id}.`,
    entry,
  );
}

export const budget: Command = {
  data: budgetDefinition,
  async execute(interaction: ChatInputCommandInteraction, ctx: BotContext) {
    const guildId = interaction.guildId;
    if (!guildId) throw new UserError('/budget works in a server: budgets are counted per server.');
    switch (interaction.options.getSubcommand()) {
      case 'view':
        return view(interaction, ctx, guildId);
      case 'set':
        return set(interaction, ctx);
      default:
        throw new UserError('Unknown /budget subcommand.');
    }
  },
};
