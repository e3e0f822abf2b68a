import { randomBytes } from 'node:crypto';
import type { APIInteraction } from 'discord-api-types/v10';
import type { EmulatorContext } from '../context.js';
import type { EmulatorChannel, EmulatorUser, StoredMessage } from '../types.js';
import { apiChannel, apiInteractionMember } from '../wire.js';
import { EmulatorUsageError } from './command-options.js';
import type { InteractionRecord } from './registry.js';

export interface InteractionInput {
  readonly type: 2 | 3 | 5;
  readonly user: EmulatorUser;
  readonly channel: EmulatorChannel;
  readonly data: unknown;
  /** The message a component sits on (buttons, and modals opened from a button). */
  readonly message?: StoredMessage;
}

/**
 * The one path every user action takes (tests and the playground alike): build INTERACTION_CREATE the way Discord
 * does, remember it for the callback/webhook rules, and dispatch it to the bot's gateway session(s).
 */
export function dispatchInteraction(ctx: EmulatorContext, input: InteractionInput): InteractionRecord {
  if (!ctx.gateway.sessions.some((s) => !s.ended)) {
    throw new EmulatorUsageError('no bot is connected to the emulator gateway (log a client in first)');
  }
  const guild = ctx.world.guilds.get(input.channel.guildId);
  if (!guild?.members.has(input.user.id)) {
    throw new EmulatorUsageError(`${input.user.username} is not a member of the guild of #${input.channel.name}`);
  }
  const id = ctx.mint.next();
  const token = `aW50ZXJhY3Rpb246${id}:${randomBytes(48).toString('base64url')}`;
  const payload = {
    id,
    application_id: ctx.config.applicationId,
    type: input.type,
    token,
    version: 1,
    data: input.data,
    guild_id: guild.id,
    guild: { id: guild.id, locale: 'en-US', features: [] },
    channel: apiChannel(input.channel),
    channel_id: input.channel.id,
    member: apiInteractionMember(ctx.world, guild, input.user.id, input.channel.id),
    app_permissions: ctx.world.channelPermissions(input.channel.id, ctx.world.bot.id).toString(),
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': guild.id },
    context: 0,
    attachment_size_limit: ctx.config.attachmentSizeLimit,
    ...(input.message ? { message: input.message.data } : {}),
  } as unknown as APIInteraction;
  const record: InteractionRecord = {
    id,
    token,
    type: input.type,
    createdAt: ctx.mint.timestampOf(id),
    userId: input.user.id,
    guildId: guild.id,
    channelId: input.channel.id,
    payload,
    sourceMessageId: input.message?.id ?? null,
    sourceVersion: input.message?.history.length ?? 0,
    response: null,
    originalMessageId: null,
    followUpIds: [],
    ephemeral: false,
    modal: null,
    modalSubmitted: false,
  };
  ctx.interactions.add(record);
  ctx.gateway.dispatch('INTERACTION_CREATE', payload);
  ctx.events.emit('interaction', { interaction: record });
  return record;
}
