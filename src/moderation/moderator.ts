import {
  type APIInteractionGuildMember,
  type Guild,
  type GuildMember,
  PermissionFlagsBits,
  type PermissionsBitField,
} from 'discord.js';
import { memberRoleIds } from '../interactions/member.js';
import { UserError } from '../user-error.js';

/** What a command or button interaction tells about who pressed it. */
export interface MemberView {
  guildId: string | null;
  memberPermissions: Readonly<PermissionsBitField> | null;
  member: GuildMember | APIInteractionGuildMember | null;
  user: { id: string };
  guild: Guild | null;
}

export function hasManageGuild(interaction: Pick<MemberView, 'memberPermissions'>): boolean {
  // discord.js counts Administrator as having every permission, as Discord does.
  return interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
}

/** Manage Server, or the role the guild named with `/modlog moderator-role`. */
export function isModerator(interaction: MemberView, moderatorRoleId: string | undefined): boolean {
  if (hasManageGuild(interaction)) return true;
  return (
    moderatorRoleId !== undefined && memberRoleIds(interaction.member, interaction.guildId).includes(moderatorRoleId)
  );
}

/**
 * Checked on every moderator command and button, at run time: `default_member_permissions` only hides a command, and
 * a server can open it to everyone in its integration settings. Returns the guild id the moderator acts in.
 */
export async function requireModerator(
  interaction: MemberView,
  moderation: { moderatorRole(guildId: string): Promise<string | undefined> },
  what: string,
): Promise<string> {
  const guildId = interaction.guildId;
  if (!guildId) throw new UserError(`${what} works only in a server.`);
  if (!isModerator(interaction, await moderation.moderatorRole(guildId))) {
    throw new UserError(
      `🔒 Only moderators can use ${what}: it needs the **Manage Server** permission or the moderator role this ` +
        'server named with `/modlog moderator-role`.',
    );
  }
  return guildId;
}

/** The position of a member's highest role (0 for @everyone alone), from the guild's cached roles. */
function highestPosition(guild: Guild, roleIds: readonly string[]): number {
  let highest = 0;
  for (const id of roleIds) highest = Math.max(highest, guild.roles.cache.get(id)?.position ?? 0);
  return highest;
}

/**
 * Discord's own rule for acting on a member, applied to blocks, quota resets and user limits: the owner may act on
 * anyone; nobody else on the owner, nor on a member whose highest role is at or above their own — whether they
 * moderate by Manage Server or by the moderator role.
 */
export function requireAuthorityOver(
  interaction: MemberView,
  target: { id: string; roleIds: readonly string[] },
  what: string,
): void {
  const guild = interaction.guild;
  if (!guild) throw new UserError(`${what} works only in a server the bot can see.`);
  const actorId = interaction.user.id;
  if (actorId === guild.ownerId) return;
  if (target.id === guild.ownerId) throw new UserError(`🔒 Nobody but the owner can ${what} the server owner.`);
  const mine = highestPosition(guild, memberRoleIds(interaction.member, guild.id));
  const theirs = highestPosition(guild, target.roleIds);
  if (theirs >= mine) {
    throw new UserError(
      `🔒 You cannot ${what} <@${target.id}>: their highest role is at or above yours, as Discord itself rules for ` +
        'kicks and bans.',
    );
  }
}
