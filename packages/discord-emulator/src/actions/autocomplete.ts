import type { APIApplicationCommandOptionChoice } from 'discord-api-types/v10';
import type { EmulatorContext } from '../context.js';
import { buildCommandOptions, type CommandOptionValues, type CommandPath } from '../interactions/command-options.js';
import { dispatchInteraction } from '../interactions/dispatch.js';
import { createInteractionHandle } from '../interactions/handle.js';
import type { WaitOptions } from '../waiters.js';
import { commandFor } from './commands.js';
import { type ChannelRef, resolveChannel, resolveUser, type UserRef } from './refs.js';

export interface AutocompleteOptions extends WaitOptions {
  readonly path?: CommandPath;
}

/**
 * A user types into option `focused` of `/name` (with `options` filled so far): an APPLICATION_COMMAND_AUTOCOMPLETE
 * interaction. Resolves with the choices the bot answered (callback type 8), within `timeoutMs`.
 */
export function autocomplete(
  ctx: EmulatorContext,
  userRef: UserRef,
  channelRef: ChannelRef,
  name: string,
  values: CommandOptionValues,
  focused: string,
  options: AutocompleteOptions = {},
): Promise<APIApplicationCommandOptionChoice[]> {
  const user = resolveUser(ctx, userRef);
  const channel = resolveChannel(ctx, channelRef);
  const command = commandFor(ctx, user, channel, name, 1);
  const typed = { ...values, [focused]: values[focused] ?? '' };
  const built = buildCommandOptions(ctx, command, typed, options.path ?? {}, channel.guildId, channel.id, {
    name: focused,
  });
  const data = {
    id: command?.id ?? ctx.mint.next(),
    name,
    type: 1,
    options: built.options,
    ...(Object.keys(built.resolved).length > 0 ? { resolved: built.resolved } : {}),
    ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
  };
  const record = dispatchInteraction(ctx, { type: 4, user, channel, data, commandType: 1 });
  return createInteractionHandle(ctx, record).choices(options);
}
