import type { APIInteractionDataResolvedGuildMember, APIInteractionGuildMember, GuildMember } from 'discord.js';

/** A member as discord.js hands it over: cached (GuildMember) or raw from the interaction payload. */
export type AnyMember =
  | GuildMember
  | APIInteractionGuildMember
  | APIInteractionDataResolvedGuildMember
  | null
  | undefined;

/** The ids of the roles a member holds, without @everyone (whose id is the guild's: everyone holds it). */
export function memberRoleIds(member: AnyMember, guildId: string | null): string[] {
  if (!member) return [];
  const roles = member.roles;
  const ids = Array.isArray(roles) ? roles : [...roles.cache.keys()];
  return ids.filter((id) => id !== guildId);
}
