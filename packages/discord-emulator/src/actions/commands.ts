import type { APIApplicationCommand } from 'discord-api-types/v10';
import type { EmulatorContext } from '../context.js';
import {
  buildCommandOptions,
  type CommandOptionValues,
  type CommandPath,
  EmulatorUsageError,
} from '../interactions/command-options.js';
import { dispatchInteraction } from '../interactions/dispatch.js';
import { createInteractionHandle, type InteractionHandle } from '../interactions/handle.js';
import { hasPermission, Permission } from '../permissions.js';
import type { EmulatorChannel, EmulatorUser } from '../types.js';
import { apiMember, apiUser } from '../wire.js';
import {
  type ChannelRef,
  type MessageRef,
  requireView,
  resolveChannel,
  resolveMessage,
  resolveUser,
  type UserRef,
} from './refs.js';

const TYPE_LABEL: Readonly<Record<number, string>> = { 1: '/', 2: 'user command ', 3: 'message command ' };

/**
 * The registered command a user could pick, with the client's checks: registered (when anything is), permitted by
 * `default_member_permissions`, age-restricted only in age-restricted channels. Undefined when nothing is registered
 * (then the emulator invents an id and infers option types).
 */
export function commandFor(
  ctx: EmulatorContext,
  user: EmulatorUser,
  channel: EmulatorChannel,
  name: string,
  type: number,
): APIApplicationCommand | undefined {
  const permissions = requireView(ctx, user, channel, Permission.UseApplicationCommands);
  const command = ctx.commands.findOfType(name, type, channel.guildId);
  const label = `${TYPE_LABEL[type] ?? ''}${type === 1 ? name : `"${name}"`}`;
  if (!command && !ctx.commands.isEmpty()) {
    const names = ctx.commands.namesOfType(type, channel.guildId);
    throw new EmulatorUsageError(`${label} is not registered (the bot registered: ${names.join(', ') || 'nothing'})`);
  }
  if (command?.default_member_permissions) {
    const required = BigInt(command.default_member_permissions);
    if (!hasPermission(permissions, required) && !hasPermission(permissions, Permission.Administrator)) {
      throw new EmulatorUsageError(`${user.username} lacks the permissions ${label} requires (${required})`);
    }
  }
  if (command?.nsfw && !channel.nsfw)
    throw new EmulatorUsageError(`${label} is age-restricted; #${channel.name} is not`);
  return command;
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
  const command = commandFor(ctx, user, channel, name, 1);
  const { options, resolved } = buildCommandOptions(ctx, command, values, path, channel.guildId, channel.id);
  const data = {
    id: command?.id ?? ctx.mint.next(),
    name,
    type: 1,
    ...(options.length > 0 ? { options } : {}),
    ...(Object.keys(resolved).length > 0 ? { resolved } : {}),
    ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
  };
  return createInteractionHandle(ctx, dispatchInteraction(ctx, { type: 2, user, channel, data, commandType: 1 }));
}

/** A user picks Apps → `name` on a message (a MESSAGE context-menu command, type 3). */
export function invokeMessageCommand(
  ctx: EmulatorContext,
  userRef: UserRef,
  messageRef: MessageRef,
  name: string,
): InteractionHandle {
  const user = resolveUser(ctx, userRef);
  const message = resolveMessage(ctx, messageRef);
  if (message.visibleTo !== null && message.visibleTo !== user.id)
    throw new EmulatorUsageError(`${user.username} cannot see that ephemeral message`);
  const channel = resolveChannel(ctx, message.channelId);
  const command = commandFor(ctx, user, channel, name, 3);
  const data = {
    id: command?.id ?? ctx.mint.next(),
    name,
    type: 3,
    target_id: message.id,
    resolved: { messages: { [message.id]: message.data } },
    ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
  };
  return createInteractionHandle(
    ctx,
    dispatchInteraction(ctx, { type: 2, user, channel, data, commandType: 3, targetId: message.id }),
  );
}

/** A user picks Apps → `name` on another member (a USER context-menu command, type 2). */
export function invokeUserCommand(
  ctx: EmulatorContext,
  userRef: UserRef,
  channelRef: ChannelRef,
  targetRef: UserRef,
  name: string,
): InteractionHandle {
  const user = resolveUser(ctx, userRef);
  const channel = resolveChannel(ctx, channelRef);
  const target = resolveUser(ctx, targetRef);
  const command = commandFor(ctx, user, channel, name, 2);
  const guild = ctx.world.guilds.get(channel.guildId);
  const member =
    guild?.members.has(target.id) === true
      ? (({ user: _user, deaf: _deaf, mute: _mute, ...rest }) => ({
          ...rest,
          permissions: ctx.world.channelPermissions(channel.id, target.id).toString(),
        }))(apiMember(ctx.world, guild, target.id))
      : undefined;
  const data = {
    id: command?.id ?? ctx.mint.next(),
    name,
    type: 2,
    target_id: target.id,
    resolved: { users: { [target.id]: apiUser(target) }, ...(member ? { members: { [target.id]: member } } : {}) },
    ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
  };
  return createInteractionHandle(
    ctx,
    dispatchInteraction(ctx, { type: 2, user, channel, data, commandType: 2, targetId: target.id }),
  );
}
