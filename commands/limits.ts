import {
  ApplicationCommandOptionType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord.js';
import { confirmChange } from '../src/discord/confirm-change.js';
import type { LimitScope } from '../src/domain/audit.js';
import { formatLimitValue, LIMIT_KEYS, LIMITS, type LimitKey, parseLimitValue } from '../src/domain/limits.js';
import { slashCommand } from '../src/interactions/commands.js';
import type { UserArg } from '../src/interactions/options.js';
import { requireAuthorityOver, requireModerator } from '../src/moderation/moderator.js';
import { historyEmbed, limitsEmbed } from '../src/render/limits-embed.js';
import { UserError } from '../src/user-error.js';
import type { BotContext } from './context.js';

const KEY_HINTS: Record<LimitKey, string> = {
  jobs_per_hour: 'rolling hour, 0–10000',
  concurrent: 'running at once per user, 0–10',
  queued: 'waiting per user, 0–100',
  max_count: 'count of one job, 0–4',
  models: 'all, or a comma list',
  upscale: 'yes / no',
  cooldown: 'seconds between jobs, 0–86400',
  image_input: 'yes / no (own images: /imagine image, /blend, apps)',
  edit_tools: 'yes / no (zoom, pan, square, region, recolor, background)',
};

const keyOption = <const R extends boolean>(required: R, description: string) =>
  ({
    type: ApplicationCommandOptionType.String,
    name: 'key',
    description,
    required,
    choices: LIMIT_KEYS.map((key) => ({ name: `${LIMITS[key].label} (${KEY_HINTS[key]})`, value: key })),
  }) as const;

const scopeOption = {
  type: ApplicationCommandOptionType.String,
  name: 'scope',
  description: 'Whom the override is for',
  required: true,
  choices: [
    { name: 'The whole server', value: 'guild' },
    { name: 'A role (give the role option)', value: 'role' },
    { name: 'A member (give the user option)', value: 'user' },
  ],
} as const;

const roleOption = {
  type: ApplicationCommandOptionType.Role,
  name: 'role',
  description: 'The role (scope role)',
} as const;
const userOption = {
  type: ApplicationCommandOptionType.User,
  name: 'user',
  description: 'The member (scope user)',
} as const;

export const limitsDefinition = {
  name: 'limits',
  description: 'Moderators: view and change what members may do with the bot',
  contexts: [InteractionContextType.Guild],
  // A first line only: a server can open the command to anyone, so every handler checks again at run time.
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'view',
      description: 'Effective limits for the server, a role or a member, and where each comes from',
      options: [
        { type: ApplicationCommandOptionType.User, name: 'user', description: 'A member (with their roles)' },
        { type: ApplicationCommandOptionType.Role, name: 'role', description: 'A role (over the server settings)' },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'set',
      description: 'Override one limit for the server, a role or a member',
      options: [
        scopeOption,
        keyOption(true, 'Which limit'),
        {
          type: ApplicationCommandOptionType.String,
          name: 'value',
          description: 'A whole number, yes/no (upscale, edit_tools), or models: all or a comma list like core,ultra',
          required: true,
          max_length: 200,
        },
        roleOption,
        userOption,
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'reset',
      description: 'Remove an override (one limit, or all of the target’s)',
      options: [scopeOption, keyOption(false, 'Which limit (leave empty for all of them)'), roleOption, userOption],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'history',
      description: 'The latest moderator changes (limits, blocks, resets, settings)',
      options: [
        { type: ApplicationCommandOptionType.User, name: 'user', description: 'Only changes about this member' },
        {
          type: ApplicationCommandOptionType.Integer,
          name: 'count',
          description: 'How many (default 10)',
          min_value: 1,
          max_value: 25,
        },
      ],
    },
  ],
} as const;

interface ScopeTarget {
  scope: LimitScope;
  targetId: string;
  /** How messages name the target. */
  mention: string;
}

interface TargetArgs {
  scope: LimitScope;
  role?: string;
  user?: UserArg;
}

/** The target of set/reset: the option named by `scope` must be given, and no other. */
function scopeTarget(interaction: ChatInputCommandInteraction, guildId: string, args: TargetArgs): ScopeTarget {
  const { scope, role, user } = args;
  if (scope === 'guild') {
    if (role || user)
      throw new UserError('Scope **server** takes no `role` or `user`. Pick scope role or user for those.');
    return { scope, targetId: guildId, mention: 'the server' };
  }
  if (scope === 'role') {
    if (!role) throw new UserError('Scope **role** needs the `role` option: pick the role to change.');
    if (user) throw new UserError('Scope **role** takes a `role`, not a `user`.');
    if (role === guildId) throw new UserError('@everyone is the whole server: use scope **server** instead.');
    return { scope, targetId: role, mention: `<@&${role}>` };
  }
  if (!user) throw new UserError('Scope **user** needs the `user` option: pick the member to change.');
  if (role) throw new UserError('Scope **user** takes a `user`, not a `role`.');
  requireAuthorityOver(interaction, user, 'change the limits of');
  return { scope, targetId: user.id, mention: `<@${user.id}>` };
}

async function view(
  interaction: ChatInputCommandInteraction,
  ctx: BotContext,
  guildId: string,
  args: { user?: UserArg; role?: string },
): Promise<void> {
  const { user, role } = args;
  if (user && role) throw new UserError('Give a `user` or a `role`, not both.');
  const { moderation } = ctx;
  let embed: ReturnType<typeof limitsEmbed>;
  if (user) {
    const roleIds = user.roleIds.filter((id) => id !== guildId);
    const block = await moderation.blockOf(guildId, user.id);
    embed = limitsEmbed({
      title: `Limits for ${user.username}`,
      description: `<@${user.id}>${roleIds.length > 0 ? ` with ${roleIds.map((id) => `<@&${id}>`).join(', ')}` : ''}`,
      limits: await moderation.effective(guildId, { kind: 'user', userId: user.id, roleIds }),
      ...(block ? { block } : {}),
    });
  } else if (role && role !== guildId) {
    const name = interaction.guild?.roles.cache.get(role)?.name ?? 'role';
    embed = limitsEmbed({
      title: `Limits for the role ${name}`,
      description: `Members holding <@&${role}> (a member's own overrides and more generous roles still win)`,
      limits: await moderation.effective(guildId, { kind: 'role', roleId: role }),
    });
  } else {
    embed = limitsEmbed({
      title: 'Server limits',
      description: 'Every member without a role or user override',
      limits: await moderation.effective(guildId, { kind: 'guild' }),
      settings: {
        modLogChannel: await moderation.modLogChannel(guildId),
        moderatorRole: await moderation.moderatorRole(guildId),
      },
    });
  }
  await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

async function set(
  interaction: ChatInputCommandInteraction,
  ctx: BotContext,
  guildId: string,
  args: TargetArgs & { key: LimitKey; value: string },
): Promise<void> {
  const target = scopeTarget(interaction, guildId, args);
  const key = args.key;
  const parsed = parseLimitValue(key, args.value);
  if (!parsed.ok) throw new UserError(parsed.message);
  const entry = await ctx.moderation.setLimit(
    interaction.user.id,
    guildId,
    target.scope,
    target.targetId,
    key,
    parsed.value,
  );
  const label = LIMITS[key].label;
  await confirmChange(
    interaction,
    ctx.moderation.audit,
    `✅ **${label}** for ${target.mention} is now **${formatLimitValue(key, parsed.value)}**. Recorded as audit #${entry.id}.`,
    entry,
  );
}

async function reset(
  interaction: ChatInputCommandInteraction,
  ctx: BotContext,
  guildId: string,
  args: TargetArgs & { key?: LimitKey },
): Promise<void> {
  const target = scopeTarget(interaction, guildId, args);
  const key = args.key;
  const entry = await ctx.moderation.resetLimits(interaction.user.id, guildId, target.scope, target.targetId, key);
  const what = key ? `**${LIMITS[key].label}**` : 'any limit';
  if (!entry) throw new UserError(`${target.mention} has no override for ${what}: nothing to reset.`);
  await confirmChange(
    interaction,
    ctx.moderation.audit,
    `↩️ Removed the override${key ? '' : 's'} of ${what} for ${target.mention}; the next level applies again. ` +
      `Recorded as audit #${entry.id}.`,
    entry,
  );
}

async function history(
  interaction: ChatInputCommandInteraction,
  ctx: BotContext,
  guildId: string,
  args: { user?: UserArg; count?: number },
): Promise<void> {
  const { user } = args;
  const entries = await ctx.moderation.audit.history(
    guildId,
    args.count ?? 10,
    user ? { kind: 'user', id: user.id } : undefined,
  );
  await interaction.reply({
    embeds: [historyEmbed(entries, user ? user.username : undefined)],
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}

export const limits = slashCommand<BotContext, typeof limitsDefinition>(limitsDefinition, {
  async execute(interaction, args, ctx) {
    const guildId = await requireModerator(interaction, ctx.moderation, '/limits');
    switch (args.subcommand) {
      case 'view':
        return view(interaction, ctx, guildId, args);
      case 'set':
        return set(interaction, ctx, guildId, args);
      case 'reset':
        return reset(interaction, ctx, guildId, args);
      case 'history':
        return history(interaction, ctx, guildId, args);
    }
  },
});
