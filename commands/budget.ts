import {
  ApplicationCommandOptionType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  MessageFlags,
} from 'discord.js';
import { confirmChange } from '../src/discord/confirm-change.js';
import { type BudgetScope, parseCap } from '../src/domain/budget.js';
import { formatAmount } from '../src/format/credits.js';
import { slashCommand } from '../src/interactions/commands.js';
import { isModerator, requireModerator } from '../src/moderation/moderator.js';
import { budgetEmbed } from '../src/render/budget-embed.js';
import { UserError } from '../src/user-error.js';
import type { BotContext } from './context.js';

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
} as const;

async function view(interaction: ChatInputCommandInteraction, ctx: BotContext, guildId: string): Promise<void> {
  const status = await ctx.budget.status(guildId, interaction.user.id);
  // The account balance is the operator's business: moderators see it, members see the server's budget.
  const moderator = isModerator(interaction, await ctx.moderation.moderatorRole(guildId));
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

async function set(
  interaction: ChatInputCommandInteraction,
  ctx: BotContext,
  scope: BudgetScope,
  credits: string,
): Promise<void> {
  const guildId = await requireModerator(interaction, ctx.moderation, '/budget set');
  const parsed = parseCap(credits);
  if (!parsed.ok) throw new UserError(parsed.message);
  const entry = await ctx.budget.set(interaction.user.id, guildId, scope, parsed.cap);
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

export const budget = slashCommand<BotContext, typeof budgetDefinition>(budgetDefinition, {
  async execute(interaction, args, ctx) {
    const guildId = interaction.guildId;
    if (!guildId) throw new UserError('/budget works in a server: budgets are counted per server.');
    if (args.subcommand === 'view') return view(interaction, ctx, guildId);
    return set(interaction, ctx, args.scope, args.credits);
  },
});
