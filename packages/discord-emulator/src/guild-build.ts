import { DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS, type PermissionOverwrite } from './permissions.js';
import type { GuildSeed } from './seed.js';
import type { SnowflakeMinter } from './snowflake.js';
import type { EmulatorChannel, EmulatorGuild, EmulatorMember, EmulatorRole, EmulatorUser } from './types.js';

export interface GuildBuildContext {
  readonly mint: SnowflakeMinter;
  readonly bot: EmulatorUser;
  readonly usersByKey: Readonly<Record<string, EmulatorUser>>;
  readonly joinedAt: string;
}

/** `id` is chosen by the caller: seeded guilds get ids spread over time, so they spread over shards. */
export function buildGuild(id: string, key: string, seed: GuildSeed, ctx: GuildBuildContext): EmulatorGuild {
  const owner = ctx.usersByKey[seed.owner];
  if (!owner) throw new Error(`emulator seed: guild ${key} owner "${seed.owner}" is not a seeded user`);
  const role = (roleKey: string, name: string, permissions: bigint, position: number, managed = false, color = 0) =>
    ({
      kind: 'role',
      key: roleKey,
      id: roleKey === '@everyone' ? id : ctx.mint.next(),
      guildId: id,
      name,
      color,
      position,
      managed,
      permissions,
    }) satisfies EmulatorRole;
  const roles: EmulatorRole[] = [
    role('@everyone', '@everyone', seed.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS, 0),
  ];
  const roleSeeds = Object.entries(seed.roles ?? {});
  roleSeeds.forEach(([roleKey, r], index) => {
    roles.push(role(roleKey, r.name, r.permissions ?? 0n, roleSeeds.length - index, false, r.color ?? 0));
  });
  const botRole = role(
    '@bot',
    ctx.bot.username,
    seed.botPermissions ?? DEFAULT_BOT_PERMISSIONS,
    roleSeeds.length + 1,
    true,
  );
  roles.push(botRole);
  const members = new Map<string, EmulatorMember>();
  for (const [userKey, member] of Object.entries(seed.members)) {
    const user = ctx.usersByKey[userKey];
    if (!user) throw new Error(`emulator seed: guild ${key} member "${userKey}" is not a seeded user`);
    const roleIds = (member.roles ?? []).map((roleKey) => {
      const found = roles.find((r) => r.key === roleKey);
      if (!found) throw new Error(`emulator seed: member ${userKey} has unknown role "${roleKey}"`);
      return found.id;
    });
    members.set(user.id, { userId: user.id, roleIds, nick: member.nick ?? null, joinedAt: ctx.joinedAt });
  }
  members.set(ctx.bot.id, { userId: ctx.bot.id, roleIds: [botRole.id], nick: null, joinedAt: ctx.joinedAt });
  const resolveTarget = (target: string): Pick<PermissionOverwrite, 'id' | 'type'> => {
    if (target === '@everyone') return { id, type: 'role' };
    if (target === '@bot') return { id: ctx.bot.id, type: 'member' };
    const r = roles.find((candidate) => candidate.key === target);
    if (r) return { id: r.id, type: 'role' };
    const u = ctx.usersByKey[target];
    if (u) return { id: u.id, type: 'member' };
    throw new Error(`emulator seed: overwrite target "${target}" is neither a role nor a user key`);
  };
  const channels = Object.entries(seed.channels).map(
    ([channelKey, c], position): EmulatorChannel => ({
      kind: 'channel',
      key: channelKey,
      id: ctx.mint.next(),
      guildId: id,
      type: 0,
      name: c.name,
      nsfw: c.nsfw ?? false,
      topic: c.topic ?? null,
      position,
      overwrites: (c.overwrites ?? []).map((o) => ({
        ...resolveTarget(o.target),
        allow: o.allow ?? 0n,
        deny: o.deny ?? 0n,
      })),
    }),
  );
  return {
    kind: 'guild',
    key,
    id,
    name: seed.name,
    ownerId: owner.id,
    botRoleId: botRole.id,
    roles,
    channels,
    members,
  };
}
