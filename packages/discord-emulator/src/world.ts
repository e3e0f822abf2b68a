import type { Clock } from './clock.js';
import {
  computeBasePermissions,
  computeChannelPermissions,
  DEFAULT_BOT_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  type PermissionContext,
  type PermissionOverwrite,
} from './permissions.js';
import type { EmulatorSeed, GuildSeed } from './seed.js';
import type { SnowflakeMinter } from './snowflake.js';
import type { EmulatorChannel, EmulatorGuild, EmulatorMember, EmulatorRole, EmulatorUser } from './types.js';

/** The guilds, users, roles and channels the emulator serves; built once from a seed. */
export interface World {
  readonly bot: EmulatorUser;
  readonly guilds: ReadonlyMap<string, EmulatorGuild>;
  readonly users: ReadonlyMap<string, EmulatorUser>;
  readonly channels: ReadonlyMap<string, EmulatorChannel>;
  readonly roles: ReadonlyMap<string, EmulatorRole>;
  readonly byKey: {
    readonly users: Readonly<Record<string, EmulatorUser>>;
    readonly channels: Readonly<Record<string, EmulatorChannel>>;
    readonly roles: Readonly<Record<string, EmulatorRole>>;
    readonly guilds: Readonly<Record<string, EmulatorGuild>>;
  };
  basePermissions(guildId: string, userId: string): bigint;
  channelPermissions(channelId: string, userId: string): bigint;
}

export function buildWorld(seed: EmulatorSeed, mint: SnowflakeMinter, clock: Clock): World {
  const joinedAt = new Date(clock.now()).toISOString();
  const bot: EmulatorUser = {
    kind: 'user',
    key: '@bot',
    id: mint.next(),
    username: seed.bot?.username ?? 'imagine',
    globalName: null,
    bot: true,
  };
  const users = new Map<string, EmulatorUser>([[bot.id, bot]]);
  const usersByKey: Record<string, EmulatorUser> = {};
  for (const [key, user] of Object.entries(seed.users)) {
    const handle: EmulatorUser = {
      kind: 'user',
      key,
      id: mint.next(),
      username: user.username,
      globalName: user.globalName ?? null,
      bot: false,
    };
    users.set(handle.id, handle);
    usersByKey[key] = handle;
  }
  const guilds = new Map<string, EmulatorGuild>();
  const channels = new Map<string, EmulatorChannel>();
  const roles = new Map<string, EmulatorRole>();
  const channelsByKey: Record<string, EmulatorChannel> = {};
  const rolesByKey: Record<string, EmulatorRole> = {};
  const guildsByKey: Record<string, EmulatorGuild> = {};
  for (const [key, guildSeed] of Object.entries(seed.guilds)) {
    const guild = buildGuild(key, guildSeed, { mint, bot, usersByKey, joinedAt });
    guilds.set(guild.id, guild);
    guildsByKey[key] = guild;
    for (const role of guild.roles) {
      roles.set(role.id, role);
      // The bot's managed role and @everyone repeat in every guild; keyed lookups mean the first guild's.
      rolesByKey[role.key] ??= role;
    }
    for (const channel of guild.channels) {
      channels.set(channel.id, channel);
      channelsByKey[channel.key] = channel;
    }
  }
  const contextOf = (guild: EmulatorGuild): PermissionContext => ({
    guildId: guild.id,
    ownerId: guild.ownerId,
    rolePermissions: new Map(guild.roles.map((r) => [r.id, r.permissions])),
  });
  const subjectOf = (guild: EmulatorGuild, userId: string) => ({
    userId,
    roleIds: guild.members.get(userId)?.roleIds ?? [],
  });
  return {
    bot,
    guilds,
    users,
    channels,
    roles,
    byKey: { users: usersByKey, channels: channelsByKey, roles: rolesByKey, guilds: guildsByKey },
    basePermissions(guildId, userId) {
      const guild = guilds.get(guildId);
      if (!guild?.members.has(userId)) return 0n;
      return computeBasePermissions(contextOf(guild), subjectOf(guild, userId));
    },
    channelPermissions(channelId, userId) {
      const channel = channels.get(channelId);
      const guild = channel && guilds.get(channel.guildId);
      if (!channel || !guild?.members.has(userId)) return 0n;
      return computeChannelPermissions(contextOf(guild), subjectOf(guild, userId), channel.overwrites);
    },
  };
}

interface GuildBuildContext {
  readonly mint: SnowflakeMinter;
  readonly bot: EmulatorUser;
  readonly usersByKey: Readonly<Record<string, EmulatorUser>>;
  readonly joinedAt: string;
}

function buildGuild(key: string, seed: GuildSeed, ctx: GuildBuildContext): EmulatorGuild {
  const id = ctx.mint.next();
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
