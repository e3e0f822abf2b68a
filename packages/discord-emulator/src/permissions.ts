/** Permission bits the emulator checks or seeds (values from Discord's permissions table). */
export const Permission = {
  CreateInstantInvite: 1n << 0n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  ChangeNickname: 1n << 26n,
  ManageRoles: 1n << 28n,
  UseApplicationCommands: 1n << 31n,
  SendMessagesInThreads: 1n << 38n,
  UseExternalApps: 1n << 50n,
} as const;

/** Every permission bit Discord defines today (bits 0-52 minus unused ones don't matter for checks). */
export const ALL_PERMISSIONS = (1n << 53n) - 1n;

/** What a fresh guild's @everyone role gets, so members can see channels, talk and run slash commands. */
export const DEFAULT_EVERYONE_PERMISSIONS =
  Permission.CreateInstantInvite |
  Permission.AddReactions |
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.ReadMessageHistory |
  Permission.UseExternalEmojis |
  Permission.ChangeNickname |
  Permission.UseApplicationCommands |
  Permission.SendMessagesInThreads |
  Permission.UseExternalApps;

/** The bot's managed role: what an invite link with "Send Messages + Attach Files + Embed Links" grants. */
export const DEFAULT_BOT_PERMISSIONS =
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.ReadMessageHistory |
  Permission.UseApplicationCommands |
  Permission.SendMessagesInThreads;

export type OverwriteTargetType = 'role' | 'member';

export interface PermissionOverwrite {
  readonly id: string;
  readonly type: OverwriteTargetType;
  allow: bigint;
  deny: bigint;
}

export interface PermissionSubject {
  readonly userId: string;
  readonly roleIds: readonly string[];
}

export interface PermissionContext {
  readonly guildId: string;
  readonly ownerId: string;
  /** Role id → role permissions, including @everyone (whose id is the guild id). */
  readonly rolePermissions: ReadonlyMap<string, bigint>;
}

/** Guild-level permissions, as Discord's "compute_base_permissions". */
export function computeBasePermissions(context: PermissionContext, subject: PermissionSubject): bigint {
  if (subject.userId === context.ownerId) return ALL_PERMISSIONS;
  let permissions = context.rolePermissions.get(context.guildId) ?? 0n;
  for (const roleId of subject.roleIds) permissions |= context.rolePermissions.get(roleId) ?? 0n;
  return (permissions & Permission.Administrator) !== 0n ? ALL_PERMISSIONS : permissions;
}

/** Channel permissions, as Discord's "compute_overwrites": @everyone, then roles together, then the member. */
export function computeChannelPermissions(
  context: PermissionContext,
  subject: PermissionSubject,
  overwrites: readonly PermissionOverwrite[],
): bigint {
  const base = computeBasePermissions(context, subject);
  if (base === ALL_PERMISSIONS) return ALL_PERMISSIONS;
  let permissions = base;
  const everyone = overwrites.find((o) => o.type === 'role' && o.id === context.guildId);
  if (everyone) permissions = (permissions & ~everyone.deny) | everyone.allow;
  let allow = 0n;
  let deny = 0n;
  for (const overwrite of overwrites) {
    if (overwrite.type === 'role' && overwrite.id !== context.guildId && subject.roleIds.includes(overwrite.id)) {
      allow |= overwrite.allow;
      deny |= overwrite.deny;
    }
  }
  permissions = (permissions & ~deny) | allow;
  const member = overwrites.find((o) => o.type === 'member' && o.id === subject.userId);
  if (member) permissions = (permissions & ~member.deny) | member.allow;
  // Discord: without VIEW_CHANNEL nothing else applies; without SEND_MESSAGES, attachments/embeds/mentions go too.
  if ((permissions & Permission.ViewChannel) === 0n) return 0n;
  if ((permissions & Permission.SendMessages) === 0n) {
    permissions &= ~(Permission.AttachFiles | Permission.EmbedLinks | Permission.MentionEveryone);
  }
  return permissions;
}

export function hasPermission(permissions: bigint, bit: bigint): boolean {
  return (permissions & bit) === bit;
}
