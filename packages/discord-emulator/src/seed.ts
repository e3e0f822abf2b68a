import { DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS, Permission } from './permissions.js';

export interface UserSeed {
  readonly username: string;
  readonly globalName?: string;
}

export interface RoleSeed {
  readonly name: string;
  readonly permissions?: bigint;
  readonly color?: number;
}

/** `target` is '@everyone', '@bot', a role key or a user key of the same seed. */
export interface OverwriteSeed {
  readonly target: string;
  readonly allow?: bigint;
  readonly deny?: bigint;
}

export interface ChannelSeed {
  readonly name: string;
  /** Age-restricted channel (Discord's `nsfw` flag). */
  readonly nsfw?: boolean;
  readonly topic?: string;
  readonly overwrites?: readonly OverwriteSeed[];
}

export interface MemberSeed {
  /** Role keys of the same guild. */
  readonly roles?: readonly string[];
  readonly nick?: string;
}

export interface GuildSeed {
  readonly name: string;
  /** User key of the owner (who has every permission, as on Discord). */
  readonly owner: string;
  readonly everyonePermissions?: bigint;
  /** Permissions of the bot's managed role. */
  readonly botPermissions?: bigint;
  readonly roles?: Readonly<Record<string, RoleSeed>>;
  readonly channels: Readonly<Record<string, ChannelSeed>>;
  /** Keyed by user key; the bot joins every guild on its own. */
  readonly members: Readonly<Record<string, MemberSeed>>;
}

export interface EmulatorSeed {
  readonly bot?: { readonly username?: string };
  readonly users: Readonly<Record<string, UserSeed>>;
  readonly guilds: Readonly<Record<string, GuildSeed>>;
}

/** One guild to try `/imagine` in: two regular members, a moderator, and an age-restricted channel. */
export const defaultSeed = {
  bot: { username: 'imagine' },
  users: {
    alice: { username: 'alice', globalName: 'Alice' },
    bob: { username: 'bob', globalName: 'Bob' },
    mod: { username: 'mod', globalName: 'Moderator Mo' },
    owner: { username: 'owner', globalName: 'Server Owner' },
  },
  guilds: {
    playground: {
      name: 'Playground',
      owner: 'owner',
      everyonePermissions: DEFAULT_EVERYONE_PERMISSIONS,
      botPermissions: DEFAULT_BOT_PERMISSIONS,
      roles: {
        moderator: {
          name: 'Moderator',
          permissions: Permission.ManageGuild | Permission.ManageMessages,
          color: 0x3498db,
        },
        artist: { name: 'Artist', permissions: 0n, color: 0xe91e63 },
      },
      channels: {
        general: { name: 'general', topic: 'Say hi' },
        art: { name: 'art', topic: 'Post your creations' },
        nsfwArt: { name: 'nsfw-art', nsfw: true, topic: 'Age-restricted' },
        modLog: {
          name: 'mod-log',
          overwrites: [
            { target: '@everyone', deny: Permission.ViewChannel },
            { target: 'moderator', allow: Permission.ViewChannel },
            { target: '@bot', allow: Permission.ViewChannel },
          ],
        },
      },
      members: {
        alice: { roles: ['artist'] },
        bob: {},
        mod: { roles: ['moderator'] },
        owner: {},
      },
    },
  },
} as const satisfies EmulatorSeed;

export type DefaultSeed = typeof defaultSeed;

/** Channel keys across every guild of a seed (keys must be unique across guilds). */
export type SeedChannelKey<S extends EmulatorSeed> = {
  [G in keyof S['guilds']]: keyof S['guilds'][G]['channels'];
}[keyof S['guilds']] &
  string;

export type SeedRoleKey<S extends EmulatorSeed> = {
  [G in keyof S['guilds']]: keyof NonNullable<S['guilds'][G]['roles']>;
}[keyof S['guilds']] &
  string;
