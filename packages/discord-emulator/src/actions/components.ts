import type { EmulatorContext } from '../context.js';
import { EmulatorUsageError } from '../interactions/command-options.js';
import { dispatchInteraction } from '../interactions/dispatch.js';
import { createInteractionHandle, type InteractionHandle } from '../interactions/handle.js';
import { arrayOf, isObj, type Obj } from '../validation/shape.js';
import { type MessageRef, requireView, resolveChannel, resolveMessage, resolveUser, type UserRef } from './refs.js';

export interface ClickOptions {
  /**
   * Send the click even if no enabled button with that custom_id is on the message: what a modified client or a
   * replayed request can do, never the real Discord client. For fuzzing the bot's component handler.
   */
  readonly unchecked?: boolean;
  /** `data.component_type` to send (default 2, a button); only with `unchecked`. */
  readonly componentType?: number;
  /** `data.values` (select menus); only with `unchecked`. */
  readonly values?: readonly string[];
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
  options: ClickOptions = {},
): InteractionHandle {
  const user = resolveUser(ctx, userRef);
  const message = resolveMessage(ctx, messageRef);
  const channel = resolveChannel(ctx, message.channelId);
  if (!options.unchecked) {
    if (message.visibleTo !== null && message.visibleTo !== user.id)
      throw new EmulatorUsageError(`${user.username} cannot see that ephemeral message`);
    requireView(ctx, user, channel);
    const button = findComponent(message.data.components ?? [], customId);
    if (button?.type !== 2)
      throw new EmulatorUsageError(`no button with custom_id "${customId}" on message ${message.id}`);
    if (button.disabled === true) throw new EmulatorUsageError(`button "${customId}" is disabled`);
  }
  const data = {
    custom_id: customId,
    component_type: options.unchecked ? (options.componentType ?? 2) : 2,
    ...(options.unchecked && options.values ? { values: [...options.values] } : {}),
  };
  return createInteractionHandle(
    ctx,
    dispatchInteraction(ctx, { type: 3, user, channel, message, data, forged: options.unchecked === true }),
  );
}
