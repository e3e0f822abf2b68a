import {
  type APIInteractionGuildMember,
  type GuildMember,
  PermissionFlagsBits,
  type PermissionsBitField,
} from 'discord.js';
import { UserError } from '../user-error.js';
import { memberRoleIds } from './member.js';

/** What a command or button interaction tells about who pressed it. */
export interface MemberView {
  guildId: string | null;
  memberPermissions: Readonly<PermissionsBitField> | null;
  member: GuildMember | APIInteractionGuildMember | null;
}

export function hasManageGuild(interaction: MemberView): boolean {
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
export function requireModerator(
  interaction: MemberView,
  moderation: { moderatorRole(guildId: string): string | undefined },
  what: string,
): string {
  const guildId = interaction.guildId;
  if (!guildId) throw new UserError(`${what} works only in a server.`);
  if (!isModerator(interaction, moderation.moderatorRole(guildId))) {
    throw new UserError(
      `🔒 Only moderators can use ${what}: it needs the **Manage Server** permission or the moderator role this ` +
        'server named with `/modlog moderator-role`.',
    );
  }
  return guildId;
}
