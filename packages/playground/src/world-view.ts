import type { Emulator, EmulatorGuild, EmulatorSeed, EmulatorUser } from '@imagine-bot/discord-emulator';
import { computeChannelPermissions, hasPermission, Permission } from '@imagine-bot/discord-emulator';
import type { APIApplicationCommand } from 'discord-api-types/v10';

/** Any seed's emulator: the page reads guilds, users and channels from it and assumes no particular seed. */
export type PlaygroundEmulator = Emulator<EmulatorSeed>;

export interface UserView {
  readonly id: string;
  readonly key: string;
  readonly username: string;
  readonly displayName: string;
  readonly bot: boolean;
}

export interface RoleView {
  readonly id: string;
  readonly name: string;
  readonly color: number;
  readonly position: number;
}

export interface MemberView {
  readonly userId: string;
  readonly nick: string | null;
  readonly roleIds: readonly string[];
}

export interface ChannelView {
  readonly id: string;
  readonly name: string;
  readonly nsfw: boolean;
  readonly topic: string | null;
  /** The viewer's permissions there, as Discord's decimal string: the composer hides commands it could not run. */
  readonly permissions: string;
}

export interface GuildView {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
  readonly roles: readonly RoleView[];
  readonly members: readonly MemberView[];
  /** Only the channels the viewer can see, as Discord's channel list. */
  readonly channels: readonly ChannelView[];
  /** Chat-input commands a member of this guild sees: the guild's own, then global ones it does not shadow. */
  readonly commands: readonly APIApplicationCommand[];
  /** Message context-menu commands: what right click → Apps lists on a message. */
  readonly apps: readonly APIApplicationCommand[];
}

/** What one person sees: the users to switch between, and their guilds, channels and the bot's commands. */
export interface WorldView {
  readonly viewerId: string;
  readonly bot: UserView;
  readonly users: readonly UserView[];
  readonly guilds: readonly GuildView[];
}

export function userView(user: EmulatorUser): UserView {
  return {
    id: user.id,
    key: user.key,
    username: user.username,
    displayName: user.globalName ?? user.username,
    bot: user.bot,
  };
}

/** People a tester can act as: every seeded user (the bot is not one of them). */
export function seededUsers(emulator: PlaygroundEmulator): EmulatorUser[] {
  return Object.values(emulator.users).filter((user) => !user.bot);
}

/** The user an id or seed key names, or the first seeded user when none is given (the page's default). */
export function resolveViewer(emulator: PlaygroundEmulator, ref: string | null): EmulatorUser | undefined {
  const users = seededUsers(emulator);
  if (!ref) return users[0];
  return users.find((user) => user.id === ref || user.key === ref);
}

export function channelPermissions(guild: EmulatorGuild, channelId: string, userId: string): bigint {
  const channel = guild.channels.find((c) => c.id === channelId);
  const member = guild.members.get(userId);
  if (!channel || !member) return 0n;
  return computeChannelPermissions(
    {
      guildId: guild.id,
      ownerId: guild.ownerId,
      rolePermissions: new Map(guild.roles.map((role) => [role.id, role.permissions])),
    },
    { userId, roleIds: member.roleIds },
    channel.overwrites,
  );
}

export function canView(guild: EmulatorGuild, channelId: string, userId: string): boolean {
  return hasPermission(channelPermissions(guild, channelId, userId), Permission.ViewChannel);
}

/** The guild's own commands of one type (1 chat input, 3 message), then the global ones it does not shadow. */
function commandsOf(emulator: PlaygroundEmulator, guild: EmulatorGuild, type = 1): APIApplicationCommand[] {
  const ofType = (command: APIApplicationCommand) => (command.type ?? 1) === type;
  const own = emulator.commands(guild).filter(ofType);
  const names = new Set(own.map((command) => command.name));
  const global = emulator.commands().filter((command) => ofType(command) && !names.has(command.name));
  return [...own, ...global];
}

export function worldView(emulator: PlaygroundEmulator, viewer: EmulatorUser): WorldView {
  const guilds = Object.values(emulator.guilds)
    .filter((guild) => guild.members.has(viewer.id))
    .map(
      (guild): GuildView => ({
        id: guild.id,
        name: guild.name,
        ownerId: guild.ownerId,
        roles: guild.roles.map((role) => ({
          id: role.id,
          name: role.name,
          color: role.color,
          position: role.position,
        })),
        members: [...guild.members.values()].map((member) => ({
          userId: member.userId,
          nick: member.nick,
          roleIds: [...member.roleIds],
        })),
        channels: [...guild.channels]
          .sort((a, b) => a.position - b.position)
          .flatMap((channel) => {
            const permissions = channelPermissions(guild, channel.id, viewer.id);
            if (!hasPermission(permissions, Permission.ViewChannel)) return [];
            return [
              {
                id: channel.id,
                name: channel.name,
                nsfw: channel.nsfw,
                topic: channel.topic,
                permissions: permissions.toString(),
              },
            ];
          }),
        commands: commandsOf(emulator, guild),
        apps: commandsOf(emulator, guild, 3),
      }),
    );
  return {
    viewerId: viewer.id,
    bot: userView(emulator.botUser),
    users: [userView(emulator.botUser), ...seededUsers(emulator).map(userView)],
    guilds,
  };
}
