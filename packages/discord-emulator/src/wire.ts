import type {
  APIGuildMember,
  APIGuildTextChannel,
  APIInteractionGuildMember,
  APIOverwrite,
  APIRole,
  APIUser,
  ChannelFlags,
  ChannelType,
  GatewayGuildCreateDispatchData,
  GuildMemberFlags,
  GuildSystemChannelFlags,
  RoleFlags,
  UserFlags,
} from 'discord-api-types/v10';
import type { EmulatorChannel, EmulatorGuild, EmulatorRole, EmulatorUser } from './types.js';
import type { World } from './world.js';

/** Wire objects (discord-api-types shapes) for the world's entities, as Discord would serialise them. */

export function apiUser(user: EmulatorUser): APIUser {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.globalName,
    avatar: null,
    ...(user.bot ? { bot: true } : {}),
    public_flags: 0 as UserFlags,
  };
}

export function apiRole(role: EmulatorRole, botId: string): APIRole {
  return {
    id: role.id,
    name: role.name,
    color: role.color,
    colors: { primary_color: role.color, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions.toString(),
    managed: role.managed,
    mentionable: false,
    flags: 0 as RoleFlags,
    ...(role.managed ? { tags: { bot_id: botId } } : {}),
  };
}

export function apiOverwrites(channel: EmulatorChannel): APIOverwrite[] {
  return channel.overwrites.map((o) => ({
    id: o.id,
    type: o.type === 'role' ? 0 : 1,
    allow: o.allow.toString(),
    deny: o.deny.toString(),
  }));
}

export function apiChannel(channel: EmulatorChannel): APIGuildTextChannel<ChannelType.GuildText> {
  return {
    id: channel.id,
    type: 0,
    guild_id: channel.guildId,
    name: channel.name,
    position: channel.position,
    permission_overwrites: apiOverwrites(channel),
    nsfw: channel.nsfw,
    topic: channel.topic,
    parent_id: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0 as ChannelFlags,
  };
}

export function apiMember(world: World, guild: EmulatorGuild, userId: string): APIGuildMember {
  const member = guild.members.get(userId);
  const user = world.users.get(userId);
  if (!member || !user) throw new Error(`emulator: user ${userId} is not a member of guild ${guild.name}`);
  return {
    user: apiUser(user),
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: [...member.roleIds],
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
    communication_disabled_until: null,
  };
}

/** Interactions carry the member's permissions in the channel, overwrites applied (Discord computes them). */
export function apiInteractionMember(
  world: World,
  guild: EmulatorGuild,
  userId: string,
  channelId: string,
): APIInteractionGuildMember {
  const member = apiMember(world, guild, userId);
  return { ...member, user: member.user!, permissions: world.channelPermissions(channelId, userId).toString() };
}

export function apiGuildCreate(world: World, guild: EmulatorGuild, joinedAt: string): GatewayGuildCreateDispatchData {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    region: 'deprecated',
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    verification_level: 0,
    default_message_notifications: 1,
    explicit_content_filter: 0,
    roles: guild.roles.map((r) => apiRole(r, world.bot.id)),
    emojis: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: guild.channels[0]?.id ?? null,
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US' as GatewayGuildCreateDispatchData['preferred_locale'],
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: 0,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    joined_at: joinedAt,
    large: false,
    unavailable: false,
    member_count: guild.members.size,
    voice_states: [],
    members: [...guild.members.keys()].map((userId) => apiMember(world, guild, userId)),
    channels: guild.channels.map(apiChannel),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
