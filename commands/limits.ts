import {
  type APIApplicationCommandRoleOption,
  type APIApplicationCommandStringOption,
  type APIApplicationCommandUserOption,
  ApplicationCommandOptionType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext, Command } from '../src/context.js';
import { confirmChange } from '../src/moderation/announce.js';
import { formatLimitValue, LIMIT_KEYS, LIMITS, type LimitKey, parseLimitValue } from '../src/domain/limits.js';
import { historyEmbed, limitsEmbed } from '../src/moderation/limits-embed.js';
import { memberRoleIds } from '../src/moderation/member.js';
import { requireModerator } from '../src/moderation/moderator.js';
import type { LimitScope } from '../src/store/moderation-store.js';
import { UserError } from '../src/user-error.js';

const KEY_HINTS: Record<LimitKey, string> = {
  jobs_per_hour: 'rolling hour, 0–10000',
  concurrent: 'running at once per user, 0–10',
  queued: 'waiting per user, 0–100',
  max_count: 'count of one job, 0–4',
  models: 'all, or a comma list',
  upscale: 'yes / no',
  cooldown: 'seconds between jobs, 0–86400',
};

const keyOption = (required: boolean, description: string): APIApplicationCommandStringOption => ({
  type: ApplicationCommandOptionType.String,
  name: 'key',
  description,
  required,
  choices: LIMIT_KEYS.map((key) => ({ name: `${LIMITS[key].label} (${KEY_HINTS[key]})`, value: key })),
});

const scopeOption: APIApplicationCommandStringOption = {
  type: ApplicationCommandOptionType.String,
  name: 'scope',
  description: 'Whom the override is for',
  required: true,
  choices: [
    { name: 'The whole server', value: 'guild' },
    { name: 'A role (give the role option)', value: 'role' },
    { name: 'A member (give the user option)', value: 'user' },
  ],
};

const roleOption: APIApplicationCommandRoleOption = {
  type: ApplicationCommandOptionType.Role,
  name: 'role',
  description: 'The role (scope role)',
};
const userOption: APIApplicationCommandUserOption = {
  type: ApplicationCommandOptionType.User,
  name: 'user',
  description: 'The member (scope user)',
};

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
          description: 'A whole number, yes/no (upscale), or models: all or a comma list like core,ultra',
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
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

interface ScopeTarget {
  scope: LimitScope;
  targetId: string;
  /** How messages name the target. */
  mention: string;
}

/** The target of set/reset: the option named by `scope` must be given, and no other. */
function scopeTarget(interaction: ChatInputCommandInteraction, guildId: string): ScopeTarget {
  const scope = interaction.options.getString('scope', true) as LimitScope;
  const role = interaction.options.getRole('role');
  const user = interaction.options.getUser('user');
  if (scope === 'guild') {
    if (role || user)
      throw new UserError('Scope **server** takes no `role` or `user`. Pick scope role or user for those.');
    return { scope, targetId: guildId, mention: 'the server' };
  }
  if (scope === 'role') {
    if (!role) throw new UserError('Scope **role** needs the `role` option: pick the role to change.');
    if (user) throw new UserError('Scope **role** takes a `role`, not a `user`.');
    if (role.id === guildId) throw new UserError('@everyone is the whole server: use scope **server** instead.');
    return { scope, targetId: role.id, mention: `<@&${role.id}>` };
  }
  if (!user) throw new UserError('Scope **user** needs the `user` option: pick the member to change.');
  if (role) throw new UserError('Scope **user** takes a `user`, not a `role`.');
  return { scope, targetId: user.id, mention: `<@${user.id}>` };
}

async function view(interaction: ChatInputCommandInteraction, ctx: BotContext, guildId: string): Promise<void> {
  const user = interaction.options.getUser('user');
  const role = interaction.options.getRole('role');
  if (user && role) throw new UserError('Give a `user` or a `role`, not both.');
  const { moderation } = ctx;
  let embed: ReturnType<typeof limitsEmbed>;
  if (user) {
    const roleIds = memberRoleIds(interaction.options.getMember('user'), guildId);
    const block = moderation.blockOf(guildId, user.id);
    embed = limitsEmbed({
      title: `Limits for ${user.username}`,
      description: `<@${user.id}>${roleIds.length > 0 ? ` with ${roleIds.map((id) => `<@&${id}>`).join(', ')}` : ''}`,
      limits: moderation.effective(guildId, { kind: 'user', userId: user.id, roleIds }),
      ...(block ? { block } : {}),
    });
  } else if (role && role.id !== guildId) {
    embed = limitsEmbed({
      title: `Limits for the role ${role.name}`,
      description: `Members holding <@&${role.id}> (a member's own overrides and more generous roles still win)`,
      limits: moderation.effective(guildId, { kind: 'role', roleId: role.id }),
    });
  } else {
    embed = limitsEmbed({
      title: 'Server limits',
      description: 'Every member without a role or user override',
      limits: moderation.effective(guildId, { kind: 'guild' }),
      settings: { modLogChannel: moderation.modLogChannel(guildId), moderatorRole: moderation.moderatorRole(guildId) },
    });
  }
  await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

async function set(interaction: ChatInputCommandInteraction, ctx: BotContext, guildId: string): Promise<void> {
  const target = scopeTarget(interaction, guildId);
  const key = interaction.options.getString('key', true) as LimitKey;
  if (!LIMIT_KEYS.includes(key)) throw new UserError(`Unknown limit \`${key}\`.`);
  const parsed = parseLimitValue(key, interaction.options.getString('value', true));
  if (!parsed.ok) throw new UserError(parsed.message);
  const entry = ctx.moderation.setLimit(interaction.user.id, guildId, target.scope, target.targetId, key, parsed.value);
  const label = LIMITS[key].label;
  await confirmChange(
    interaction,
    ctx.moderation.audit,
    `✅ **${label}** for ${target.mention} is now **${formatLimitValue(key, parsed.value)}**. Recorded as audit #${entry.id}.`,
    entry,
  );
}

async function reset(interaction: ChatInputCommandInteraction, ctx: BotContext, guildId: string): Promise<void> {
  const target = scopeTarget(interaction, guildId);
  const key = (interaction.options.getString('key') ?? undefined) as LimitKey | undefined;
  const entry = ctx.moderation.resetLimits(interaction.user.id, guildId, target.scope, target.targetId, key);
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

async function history(interaction: ChatInputCommandInteraction, ctx: BotContext, guildId: string): Promise<void> {
  const user = interaction.options.getUser('user');
  const count = interaction.options.getInteger('count') ?? 10;
  const entries = ctx.moderation.audit.history(guildId, count, user ? { kind: 'user', id: user.id } : undefined);
  await interaction.reply({
    embeds: [historyEmbed(entries, user ? user.username : undefined)],
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}

export const limits: Command = {
  data: limitsDefinition,
  async execute(interaction: ChatInputCommandInteraction, ctx: BotContext) {
    const guildId = requireModerator(interaction, ctx.moderation, '/limits');
    switch (interaction.options.getSubcommand()) {
      case 'view':
        return view(interaction, ctx, guildId);
      case 'set':
        return set(interaction, ctx, guildId);
      case 'reset':
        return reset(interaction, ctx, guildId);
      case 'history':
        return history(interaction, ctx, guildId);
      default:
        throw new UserError('Unknown /limits subcommand.');
    }
  },
};
