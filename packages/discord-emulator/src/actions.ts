import type { APIModalInteractionResponseCallbackData } from 'discord-api-types/v10';
import type { EmulatorContext } from './context.js';
import {
  buildCommandOptions,
  type CommandOptionValues,
  type CommandPath,
  EmulatorUsageError,
} from './interactions/command-options.js';
import { dispatchInteraction } from './interactions/dispatch.js';
import { createInteractionHandle, type InteractionHandle } from './interactions/handle.js';
import { buildModalSubmission, type ModalValues } from './interactions/modal-submit.js';
import type { InteractionRecord } from './interactions/registry.js';
import { createMessageData } from './messages/build.js';
import { hasPermission, Permission } from './permissions.js';
import type { EmulatorChannel, EmulatorUser, StoredMessage } from './types.js';
import { arrayOf, isObj, type Obj } from './validation/shape.js';
import { apiUser } from './wire.js';

export type UserRef = EmulatorUser | string;
export type ChannelRef = EmulatorChannel | string;
export type MessageRef = StoredMessage | string;
export type InteractionRef = InteractionHandle | InteractionRecord | string;

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

function requireView(ctx: EmulatorContext, user: EmulatorUser, channel: EmulatorChannel, extra = 0n): bigint {
  const permissions = ctx.world.channelPermissions(channel.id, user.id);
  if (!hasPermission(permissions, Permission.ViewChannel | extra)) {
    throw new EmulatorUsageError(
      `${user.username} cannot ${extra === 0n ? 'see' : 'use application commands in'} #${channel.name}`,
    );
  }
  return permissions;
}

/** A user runs `/name` in a channel, as the Discord client would send it (the playground calls this too). */
export function invokeCommand(
  ctx: EmulatorContext,
  userRef: UserRef,
  channelRef: ChannelRef,
  name: string,
  values: CommandOptionValues = {},
  path: CommandPath = {},
): InteractionHandle {
  const user = resolveUser(ctx, userRef);
  const channel = resolveChannel(ctx, channelRef);
  const permissions = requireView(ctx, user, channel, Permission.UseApplicationCommands);
  const command = ctx.commands.find(name, channel.guildId);
  if (!command && !ctx.commands.isEmpty()) {
    const names = [...ctx.commands.list(null), ...ctx.commands.list(channel.guildId)].map((c) => c.name);
    throw new EmulatorUsageError(`/${name} is not registered (the bot registered: ${names.join(', ') || 'nothing'})`);
  }
  if (command?.default_member_permissions) {
    const required = BigInt(command.default_member_permissions);
    if (!hasPermission(permissions, required) && !hasPermission(permissions, Permission.Administrator)) {
      throw new EmulatorUsageError(`${user.username} lacks the permissions /${name} requires (${required})`);
    }
  }
  if (command?.nsfw && !channel.nsfw)
    throw new EmulatorUsageError(`/${name} is age-restricted; #${channel.name} is not`);
  const { options, resolved } = buildCommandOptions(ctx, command, values, path, channel.guildId, channel.id);
  const data = {
    id: command?.id ?? ctx.mint.next(),
    name,
    type: 1,
    ...(options.length > 0 ? { options } : {}),
    ...(Object.keys(resolved).length > 0 ? { resolved } : {}),
    ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
  };
  return createInteractionHandle(ctx, dispatchInteraction(ctx, { type: 2, user, channel, data }));
}

function findComponent(components: readonly unknown[], customId: string): Obj | undefined {
  for (const item of components) {
    if (!isObj(item)) continue;
    if (item.custom_id === customId) return item;
    const nested = findComponent(
      [...arrayOf(item.components), ...(isObj(item.accessory) ? [item.accessory] : [])],
      customId,
    );
    if (nested) return nested;
  }
  return undefined;
}

/** A user clicks a button on a message they can see. */
export function clickButton(
  ctx: EmulatorContext,
  userRef: UserRef,
  messageRef: MessageRef,
  customId: string,
): InteractionHandle {
  const user = resolveUser(ctx, userRef);
  const message = typeof messageRef === 'string' ? ctx.store.get(messageRef) : ctx.store.get(messageRef.id);
  if (!message || message.deleted)
    throw new EmulatorUsageError(
      `message ${typeof messageRef === 'string' ? messageRef : messageRef.id} does not exist`,
    );
  if (message.visibleTo !== null && message.visibleTo !== user.id)
    throw new EmulatorUsageError(`${user.username} cannot see that ephemeral message`);
  const channel = resolveChannel(ctx, message.channelId);
  requireView(ctx, user, channel);
  const button = findComponent(message.data.components ?? [], customId);
  if (button?.type !== 2)
    throw new EmulatorUsageError(`no button with custom_id "${customId}" on message ${message.id}`);
  if (button.disabled === true) throw new EmulatorUsageError(`button "${customId}" is disabled`);
  return createInteractionHandle(
    ctx,
    dispatchInteraction(ctx, { type: 3, user, channel, message, data: { custom_id: customId, component_type: 2 } }),
  );
}

function resolveInteraction(ctx: EmulatorContext, ref: InteractionRef): InteractionRecord {
  const record = typeof ref === 'string' ? ctx.interactions.get(ref) : 'record' in ref ? ref.record : ref;
  if (!record) throw new EmulatorUsageError(`unknown interaction ${String(ref)}`);
  return record;
}

/** A user fills in and submits the modal the bot opened in response to `source`. */
export function submitModal(
  ctx: EmulatorContext,
  userRef: UserRef,
  source: InteractionRef,
  customId: string,
  values: ModalValues,
): InteractionHandle {
  const user = resolveUser(ctx, userRef);
  const record = resolveInteraction(ctx, source);
  const modal: APIModalInteractionResponseCallbackData | null = record.modal;
  if (!modal) throw new EmulatorUsageError(`interaction ${record.id} did not open a modal`);
  if (record.userId !== user.id)
    throw new EmulatorUsageError(`the modal was shown to another user, not ${user.username}`);
  if (record.modalSubmitted) throw new EmulatorUsageError('that modal was already submitted');
  if (modal.custom_id !== customId)
    throw new EmulatorUsageError(`the open modal is "${modal.custom_id}", not "${customId}"`);
  const components = buildModalSubmission(modal, values);
  const message = record.sourceMessageId ? ctx.store.get(record.sourceMessageId) : undefined;
  const channel = resolveChannel(ctx, record.channelId);
  const handle = createInteractionHandle(
    ctx,
    dispatchInteraction(ctx, {
      type: 5,
      user,
      channel,
      data: { custom_id: customId, components },
      ...(message && !message.deleted ? { message } : {}),
    }),
  );
  record.modalSubmitted = true;
  return handle;
}

/** A user types a plain message (the bot sees it as MESSAGE_CREATE if it asked for GUILD_MESSAGES). */
export function sendUserMessage(
  ctx: EmulatorContext,
  userRef: UserRef,
  channelRef: ChannelRef,
  content: string,
): StoredMessage {
  const user = resolveUser(ctx, userRef);
  const channel = resolveChannel(ctx, channelRef);
  requireView(ctx, user, channel, Permission.SendMessages);
  if (content.length === 0 || content.length > 2000) throw new EmulatorUsageError('a message needs 1-2000 characters');
  const built = createMessageData(
    ctx,
    { channelId: channel.id, author: apiUser(user), type: 0, ephemeral: false },
    { content },
    [],
  );
  return ctx.store.create({ data: built.data, files: [], visibleTo: null, interactionId: null });
}
