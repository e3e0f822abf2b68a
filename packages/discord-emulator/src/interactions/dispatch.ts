import { randomBytes } from 'node:crypto';
import type { APIInteraction } from 'discord-api-types/v10';
import type { EmulatorContext } from '../context.js';
import { shardOf } from '../gateway/shards.js';
import type { EmulatorChannel, EmulatorUser, StoredMessage } from '../types.js';
import { apiChannel, apiInteractionMember, apiUser } from '../wire.js';
import { EmulatorUsageError } from './command-options.js';
import {
  type AnyInteractionRecord,
  type InteractionKind,
  type InteractionRecord,
  isAutocomplete,
  isMessageInteraction,
} from './registry.js';

export interface InteractionInput<K extends InteractionKind> {
  readonly type: K;
  readonly user: EmulatorUser;
  readonly channel: EmulatorChannel;
  readonly data: unknown;
  /** The message a component sits on (buttons, and modals opened from a button). */
  readonly message?: StoredMessage;
  /** Application commands: 1 chat input, 2 user, 3 message context menu. */
  readonly commandType?: number;
  readonly targetId?: string;
  /** Escape hatch used: skip the membership check, keep whatever the caller built. */
  readonly forged?: boolean;
  /** Top-level fields laid over the built payload (`undefined` removes one); id and token always stay real. */
  readonly overrides?: Readonly<Record<string, unknown>>;
}

/**
 * The one path every user action takes (tests and the playground alike): build INTERACTION_CREATE the way Discord
 * does, remember it for the callback/webhook rules, and dispatch it to the session of the shard owning the guild.
 */
export function dispatchInteraction<K extends InteractionKind>(
  ctx: EmulatorContext,
  input: InteractionInput<K>,
): InteractionRecord<K> {
  const guild = ctx.world.guilds.get(input.channel.guildId);
  const guildId = guild?.id ?? input.channel.guildId;
  if (!ctx.gateway.servesGuild(guildId)) {
    const counts = [...new Set(ctx.gateway.sessions.map((s) => s.shard[1]))];
    throw new EmulatorUsageError(
      counts.length === 0
        ? 'no bot is connected to the emulator gateway (log a client in first)'
        : `no bot session holds shard ${shardOf(guildId, counts[0] ?? 1)} of ${counts[0]}, which owns guild ${guild?.name ?? guildId}`,
    );
  }
  const member = guild?.members.has(input.user.id);
  if (!member && !input.forged) {
    throw new EmulatorUsageError(`${input.user.username} is not a member of the guild of #${input.channel.name}`);
  }
  const id = ctx.mint.next();
  const token = `aW50ZXJhY3Rpb246${id}:${randomBytes(48).toString('base64url')}`;
  const built: Record<string, unknown> = {
    id,
    application_id: ctx.config.applicationId,
    type: input.type,
    token,
    version: 1,
    data: input.data,
    guild_id: guildId,
    guild: { id: guildId, locale: 'en-US', features: [] },
    channel: apiChannel(input.channel),
    channel_id: input.channel.id,
    ...(guild && member
      ? { member: apiInteractionMember(ctx.world, guild, input.user.id, input.channel.id) }
      : { user: apiUser(input.user) }),
    app_permissions: ctx.world.channelPermissions(input.channel.id, ctx.world.bot.id).toString(),
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': guildId },
    context: 0,
    attachment_size_limit: ctx.config.attachmentSizeLimit,
    ...(input.message ? { message: input.message.data } : {}),
  };
  for (const [key, value] of Object.entries(input.overrides ?? {})) {
    if (value === undefined) delete built[key];
    else built[key] = value;
  }
  // The token and id must stay the ones the emulator will accept on the callback and webhook routes.
  Object.assign(built, { id, token });
  const payload = built as unknown as APIInteraction;
  const record: InteractionRecord<K> = {
    id,
    token,
    type: input.type,
    createdAt: ctx.mint.timestampOf(id),
    userId: input.user.id,
    guildId,
    channelId: input.channel.id,
    payload,
    commandType: input.commandType ?? null,
    targetId: input.targetId ?? null,
    forged: input.forged ?? false,
    sourceMessageId: input.message?.id ?? null,
    sourceVersion: input.message?.edits ?? 0,
    response: null,
    originalMessageId: null,
    followUpIds: [],
    ephemeral: false,
    modal: null,
    modalSubmitted: false,
    choices: null,
  };
  ctx.interactions.add(record);
  ctx.gateway.dispatchToGuild(guildId, 'INTERACTION_CREATE', payload);
  const dispatched: AnyInteractionRecord = record;
  if (isMessageInteraction(dispatched)) ctx.events.emit('interaction', { interaction: dispatched });
  else if (isAutocomplete(dispatched)) ctx.events.emit('autocomplete', { interaction: dispatched, answered: false });
  return record;
}
