import type { Channel } from 'discord.js';

/**
 * Whether a channel is age-restricted (Discord's `nsfw` flag); a thread follows its parent. Unknown (not cached)
 * counts as not age-restricted: the strict side is the safe one.
 */
export function isAgeRestricted(channel: Channel | null | undefined): boolean {
  if (!channel) return false;
  if (channel.isThread()) return channel.parent?.nsfw ?? false;
  return 'nsfw' in channel && channel.nsfw === true;
}
