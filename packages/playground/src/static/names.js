/** Names as a member of `guildId` sees them: nickname, else display name, else username (Discord's order). */
export function createNames(world, guildId) {
  const users = new Map(world.users.map((user) => [user.id, user]));
  const guild = world.guilds.find((g) => g.id === guildId) ?? world.guilds[0];
  const members = new Map((guild?.members ?? []).map((member) => [member.userId, member]));
  const roles = new Map(world.guilds.flatMap((g) => g.roles).map((role) => [role.id, role]));
  const channels = new Map(world.guilds.flatMap((g) => g.channels).map((channel) => [channel.id, channel]));
  return {
    userName(id, fallback) {
      const user = users.get(id);
      return (
        members.get(id)?.nick ?? user?.displayName ?? fallback?.global_name ?? fallback?.username ?? 'unknown-user'
      );
    },
    role: (id) => roles.get(id),
    channelName: (id) => channels.get(id)?.name ?? 'unknown-channel',
    /** The highest coloured role of a member, for the author name's colour. */
    colorOf(id) {
      const member = members.get(id);
      const coloured = (member?.roleIds ?? [])
        .map((roleId) => roles.get(roleId))
        .filter((role) => role?.color)
        .sort((a, b) => b.position - a.position);
      return coloured[0] ? `#${coloured[0].color.toString(16).padStart(6, '0')}` : undefined;
    },
  };
}

/** A role as a mention reads: "@Moderator". Discord names the default role "@everyone" already, so no second @. */
export function roleLabel(name) {
  const text = String(name ?? 'unknown-role');
  return text.startsWith('@') ? text : `@${text}`;
}
