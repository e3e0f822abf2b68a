import type { EmulatorSeed, GuildSeed } from './seed.js';

export interface GeneratedGuildsOptions {
  readonly count: number;
  /** Guild keys are `${prefix}${n}` (n from 1), channel keys `${prefix}${n}-general`. Default 'server'. */
  readonly prefix?: string;
  /** User key of every generated guild's owner. Default: the first seeded guild's owner. */
  readonly owner?: string;
  /** User keys that join every generated guild (no roles). Default: the first seeded guild's members. */
  readonly members?: readonly string[];
}

/**
 * Many small servers for sharding and scale tests: each has @everyone with the default permissions, the bot's role,
 * one text channel (#general) and the given members. Building 3,000 takes a few milliseconds.
 */
export function generateGuildSeeds(
  options: GeneratedGuildsOptions & { readonly owner: string; readonly members: readonly string[] },
): Record<string, GuildSeed> {
  const prefix = options.prefix ?? 'server';
  const members = Object.fromEntries(options.members.map((key) => [key, {}]));
  const guilds: Record<string, GuildSeed> = {};
  for (let n = 1; n <= options.count; n++) {
    guilds[`${prefix}${n}`] = {
      name: `Server ${n}`,
      owner: options.owner,
      channels: { [`${prefix}${n}-general`]: { name: 'general' } },
      members,
    };
  }
  return guilds;
}

/** The seed plus `count` generated guilds (after the seeded ones, so the first guild stays the first). */
export function withGeneratedGuilds<S extends EmulatorSeed>(seed: S, options: GeneratedGuildsOptions | number): S {
  const spec = typeof options === 'number' ? { count: options } : options;
  if (spec.count <= 0) return seed;
  const first = Object.values(seed.guilds)[0];
  const owner = spec.owner ?? first?.owner ?? Object.keys(seed.users)[0];
  if (owner === undefined) throw new Error('emulator seed: generated guilds need an owner (seed a user)');
  const members = spec.members ?? Object.keys(first?.members ?? {});
  const guilds = generateGuildSeeds({
    ...spec,
    owner,
    members: members.includes(owner) ? members : [...members, owner],
  });
  return { ...seed, guilds: { ...seed.guilds, ...guilds } };
}
