import type { EmulatorContext } from '../context.js';
import { apiMember } from '../wire.js';
import { Intent } from './protocol.js';

/**
 * Mirrors message changes to sessions that asked for GUILD_MESSAGES, as Discord does; without the privileged
 * MESSAGE_CONTENT intent, content/embeds/attachments/components of others' messages arrive empty.
 */
export function forwardMessageEvents(ctx: EmulatorContext): () => void {
  return ctx.events.on('message', ({ change, message }) => {
    if (message.visibleTo !== null) return;
    const channel = ctx.world.channels.get(message.channelId);
    const guild = channel && ctx.world.guilds.get(channel.guildId);
    if (!guild) return;
    const wants = (intents: number) => (intents & Intent.GuildMessages) !== 0;
    // Most bots (this one too) never ask for GUILD_MESSAGES: skip building payloads nobody receives.
    if (!ctx.gateway.sessions.some((s) => wants(s.intents))) return;
    if (change === 'deleted') {
      ctx.gateway.dispatchToGuild(
        guild.id,
        'MESSAGE_DELETE',
        { id: message.id, channel_id: message.channelId, guild_id: guild.id },
        (s) => wants(s.intents),
      );
      return;
    }
    const authorId = message.data.author.id;
    const member = guild.members.has(authorId) ? apiMember(ctx.world, guild, authorId) : undefined;
    const { user: _user, ...memberWithoutUser } = member ?? { user: undefined };
    const full = { ...message.data, guild_id: guild.id, ...(member ? { member: memberWithoutUser } : {}) };
    const stripped = { ...full, content: '', embeds: [], attachments: [], components: [] };
    const t = change === 'created' ? 'MESSAGE_CREATE' : 'MESSAGE_UPDATE';
    ctx.gateway.dispatchToGuild(
      guild.id,
      t,
      full,
      (s) => wants(s.intents) && ((s.intents & Intent.MessageContent) !== 0 || authorId === ctx.world.bot.id),
    );
    ctx.gateway.dispatchToGuild(
      guild.id,
      t,
      stripped,
      (s) => wants(s.intents) && (s.intents & Intent.MessageContent) === 0 && authorId !== ctx.world.bot.id,
    );
  });
}
