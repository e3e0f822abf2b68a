import type { EmulatorContext } from '../context.js';
import { EmulatorUsageError } from '../interactions/command-options.js';
import type { InteractionHandle } from '../interactions/handle.js';
import type { AnyInteractionRecord, InteractionKind, InteractionRecord } from '../interactions/registry.js';
import { hasPermission, Permission } from '../permissions.js';
import type { EmulatorChannel, EmulatorUser, StoredMessage } from '../types.js';

/** A handle, an id, or a seed key ('alice', 'general'). */
export type UserRef = EmulatorUser | string;
export type ChannelRef = EmulatorChannel | string;
export type MessageRef = StoredMessage | string;
export type InteractionRef =
  | InteractionHandle<InteractionKind>
  | InteractionRecord
  | InteractionRecord<InteractionKind>
  | string;

export function resolveUser(ctx: EmulatorContext, ref: UserRef): EmulatorUser {
  const user = typeof ref === 'string' ? (ctx.world.users.get(ref) ?? ctx.world.byKey.users[ref]) : ref;
  if (!user) throw new EmulatorUsageError(`unknown user ${String(ref)}`);
  return user;
}

export function resolveChannel(ctx: EmulatorContext, ref: ChannelRef): EmulatorChannel {
  const channel = typeof ref === 'string' ? (ctx.world.channels.get(ref) ?? ctx.world.byKey.channels[ref]) : ref;
  if (!channel) throw new EmulatorUsageError(`unknown channel ${String(ref)}`);
  return channel;
}

/** A live message (deleted ones cannot be acted on). */
export function resolveMessage(ctx: EmulatorContext, ref: MessageRef): StoredMessage {
  const id = typeof ref === 'string' ? ref : ref.id;
  const message = ctx.store.get(id);
  if (!message || message.deleted) throw new EmulatorUsageError(`message ${id} does not exist`);
  return message;
}

export function resolveInteraction(ctx: EmulatorContext, ref: InteractionRef): AnyInteractionRecord {
  const record = typeof ref === 'string' ? ctx.interactions.get(ref) : 'record' in ref ? ref.record : ref;
  if (!record) throw new EmulatorUsageError(`unknown interaction ${String(ref)}`);
  return record;
}

/** The user's permissions in the channel; throws unless they include VIEW_CHANNEL and `extra`. */
export function requireView(ctx: EmulatorContext, user: EmulatorUser, channel: EmulatorChannel, extra = 0n): bigint {
  const permissions = ctx.world.channelPermissions(channel.id, user.id);
  if (!hasPermission(permissions, Permission.ViewChannel | extra)) {
    const what =
      extra === 0n ? 'see' : extra === Permission.UseApplicationCommands ? 'use application commands in' : 'post in';
    throw new EmulatorUsageError(`${user.username} cannot ${what} #${channel.name}`);
  }
  return permissions;
}

/** The first seeded user who is not the bot and the first channel: defaults for forged interactions. */
export function defaultActor(ctx: EmulatorContext): { user: EmulatorUser; channel: EmulatorChannel } {
  const user = [...ctx.world.users.values()].find((u) => !u.bot);
  const channel = ctx.world.channels.values().next().value;
  if (!user || !channel) throw new EmulatorUsageError('the seed has no user or no channel to forge from');
  return { user, channel };
}
