import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from 'discord-api-types/v10';

/** A message the bot posts as itself (bot token) in a channel: mod-log entries, alerts, notices. */
export interface ChannelPost {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIButtonComponent>[];
  /** Users the message may ping (nobody else ever is). */
  mentionUserIds?: string[];
  /** Posts as a reply to this message of the same channel (sent anyway if it was deleted). */
  replyTo?: string;
}

export type PostResult = { ok: true; messageId: string } | { ok: false; reason: string };

/** Never throws: a mod-log that cannot be written must not undo or block the change it reports. */
export type PostToChannel = (channelId: string, message: ChannelPost) => Promise<PostResult>;
