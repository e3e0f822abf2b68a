import type { EmulatorContext } from '../context.js';
import { dispatchInteraction } from '../interactions/dispatch.js';
import { createInteractionHandle, type InteractionHandle } from '../interactions/handle.js';
import type { InteractionKind } from '../interactions/registry.js';
import { isObj } from '../validation/shape.js';
import {
  type ChannelRef,
  defaultActor,
  type MessageRef,
  resolveChannel,
  resolveMessage,
  resolveUser,
  type UserRef,
} from './refs.js';

export interface ForgedCommandOptions {
  /** `data.resolved`, verbatim (default: none). */
  readonly resolved?: unknown;
  /** `data.id` (default: the registered command's id, or a fresh one). */
  readonly commandId?: string;
  /** `data.type` (default 1, chat input). */
  readonly commandType?: unknown;
  /** Extra top-level `data` fields. */
  readonly data?: Readonly<Record<string, unknown>>;
}

/**
 * An APPLICATION_COMMAND nothing checked: `options` goes out verbatim as `data.options` (any value: wrong types,
 * out-of-range numbers, unknown names, `{}`, `null`; `undefined` leaves the field out). For fuzzing the bot.
 */
export function forgeCommand(
  ctx: EmulatorContext,
  userRef: UserRef,
  channelRef: ChannelRef,
  name: unknown,
  options: unknown,
  extra: ForgedCommandOptions = {},
): InteractionHandle {
  const user = resolveUser(ctx, userRef);
  const channel = resolveChannel(ctx, channelRef);
  const command = typeof name === 'string' ? ctx.commands.find(name, channel.guildId) : undefined;
  const data = {
    id: extra.commandId ?? command?.id ?? ctx.mint.next(),
    name,
    type: extra.commandType ?? 1,
    ...(options === undefined ? {} : { options }),
    ...(extra.resolved === undefined ? {} : { resolved: extra.resolved }),
    ...extra.data,
  };
  return createInteractionHandle(
    ctx,
    dispatchInteraction(ctx, { type: 2, user, channel, data, commandType: 1, forged: true }),
  );
}

export interface ForgedInteractionOptions {
  /** Who the interaction is from, and where (defaults: the first seeded user and channel). */
  readonly user?: UserRef;
  readonly channel?: ChannelRef;
  /** `message` for component and modal interactions. */
  readonly message?: MessageRef;
}

const KINDS: readonly InteractionKind[] = [2, 3, 4, 5];

/**
 * A raw INTERACTION_CREATE: a well-formed payload for `user` in `channel`, with every top-level field of `raw` laid
 * over it (`undefined` deletes one). Only `id` and `token` stay the emulator's, so the 3 s / 15 min rules and the
 * callback and webhook routes apply as usual. `raw.type` other than 2-5 is sent as is; the record counts it as 2.
 */
export function forgeInteraction(
  ctx: EmulatorContext,
  raw: Readonly<Record<string, unknown>>,
  options: ForgedInteractionOptions = {},
): InteractionHandle<InteractionKind> {
  const fallback = defaultActor(ctx);
  const user = options.user === undefined ? fallback.user : resolveUser(ctx, options.user);
  const channel = options.channel === undefined ? fallback.channel : resolveChannel(ctx, options.channel);
  const message = options.message === undefined ? undefined : resolveMessage(ctx, options.message);
  const type = KINDS.find((kind) => kind === raw.type) ?? 2;
  const commandType = isObj(raw.data) && typeof raw.data.type === 'number' ? raw.data.type : undefined;
  return createInteractionHandle(
    ctx,
    dispatchInteraction(ctx, {
      type,
      user,
      channel,
      data: raw.data,
      ...(message ? { message } : {}),
      ...(type === 2 ? { commandType: commandType ?? 1 } : {}),
      forged: true,
      overrides: raw,
    }),
  );
}
