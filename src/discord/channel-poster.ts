import type { REST } from '@discordjs/rest';
import { Routes } from 'discord.js';
import type { PostToChannel } from '../domain/ports.js';
import type { Logger } from '../logger.js';

/**
 * Posts a message as the bot (bot token, not an interaction) in a channel, never pinging anyone. A failure (the bot
 * lost access, the channel was deleted, Discord is down) is logged and returned, never thrown: a mod-log that cannot
 * be written must not undo or block the change it reports.
 */
export function createChannelPoster(rest: REST, logger: Logger): PostToChannel {
  return async (channelId, message) => {
    try {
      const { mentionUserIds, replyTo, ...body } = message;
      const sent = (await rest.post(Routes.channelMessages(channelId), {
        body: {
          ...body,
          allowed_mentions: { parse: [], ...(mentionUserIds ? { users: mentionUserIds } : {}) },
          ...(replyTo ? { message_reference: { message_id: replyTo, fail_if_not_exists: false } } : {}),
        },
      })) as { id: string };
      return { ok: true, messageId: sent.id };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      logger.warn({ channelId, err: error }, `could not post in channel ${channelId}: ${reason}`);
      return { ok: false, reason };
    }
  };
}
