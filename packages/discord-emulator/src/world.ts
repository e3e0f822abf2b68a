import type { Clock } from './clock.js';
import { shardOf } from './gateway/shards.js';
import { buildGuild } from './guild-build.js';
import { computeBasePermissions, computeChannelPermissions, type PermissionContext } from './permissions.js';
import type { EmulatorSeed, GuildSeed } from './seed.js';
import { type SnowflakeMinter, snowflakeAt } from './snowflake.js';
import type { EmulatorChannel, EmulatorGuild, EmulatorRole, EmulatorUser } from './types.js';

/** The guilds, users, roles and channels the emulator serves; built from a seed, guilds can be added later. */
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
  /** Guilds a session IDENTIFYing as `[shardId, shardCount]` holds, in seed order. */
  guildsOnShard(shardId: number, shardCount: number): EmulatorGuild[];
  /** Adds a guild (the bot joins it); its id is minted now. Member and owner keys must be seeded users. */
  addGuild(key: string, seed: GuildSeed): EmulatorGuild;
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
  const register = (guild: EmulatorGuild) => {
    if (guildsByKey[guild.key]) throw new Error(`emulator: a guild with key "${guild.key}" already exists`);
    guilds.set(guild.id, guild);
    guildsByKey[guild.key] = guild;
    for (const role of guild.roles) {
      roles.set(role.id, role);
      // The bot's managed role and @everyone repeat in every guild; keyed lookups mean the first guild's.
      rolesByKey[role.key] ??= role;
    }
    for (const channel of guild.channels) {
      channels.set(channel.id, channel);
      channelsByKey[channel.key] = channel;
    }
    return guild;
  };
  const build = { mint, bot, usersByKey, joinedAt };
  // Seeded guilds were "created" one millisecond apart before now, so their ids spread over every shard count
  // (a guild's shard is its creation millisecond modulo the count) and never collide with ids minted later.
  const createdBefore = clock.now() - 1;
  Object.entries(seed.guilds).forEach(([key, guildSeed], index) => {
    register(buildGuild(snowflakeAt(createdBefore - index), key, guildSeed, build));
  });
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
    guildsOnShard: (shardId, shardCount) =>
      [...guilds.values()].filter((guild) => shardOf(guild.id, shardCount) === shardId),
    addGuild: (key, guildSeed) =>
      register(buildGuild(mint.next(), key, guildSeed, { ...build, joinedAt: new Date(clock.now()).toISOString() })),
  };
}
