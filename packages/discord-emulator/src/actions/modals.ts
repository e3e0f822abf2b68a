import type { APIModalInteractionResponseCallbackData } from 'discord-api-types/v10';
import type { EmulatorContext } from '../context.js';
import { EmulatorUsageError } from '../interactions/command-options.js';
import { dispatchInteraction } from '../interactions/dispatch.js';
import { createInteractionHandle, type InteractionHandle } from '../interactions/handle.js';
import { buildModalSubmission, type ModalValues } from '../interactions/modal-submit.js';
import {
  type ChannelRef,
  type InteractionRef,
  type MessageRef,
  resolveChannel,
  resolveInteraction,
  resolveMessage,
  resolveUser,
  type UserRef,
} from './refs.js';

export interface SubmitOptions {
  /**
   * Skip the client's checks (the modal is open, for this user, not yet submitted, fields exist and fit their
   * lengths): values become text inputs in legacy rows, in the modal's layout where it has the field.
   */
  readonly unchecked?: boolean;
}

/** A user fills in and submits the modal the bot opened in response to `source`. */
export function submitModal(
  ctx: EmulatorContext,
  userRef: UserRef,
  source: InteractionRef,
  customId: string,
  values: ModalValues,
  options: SubmitOptions = {},
): InteractionHandle {
  const user = resolveUser(ctx, userRef);
  const record = resolveInteraction(ctx, source);
  const modal: APIModalInteractionResponseCallbackData | null = record.modal;
  if (!options.unchecked) {
    if (!modal) throw new EmulatorUsageError(`interaction ${record.id} did not open a modal`);
    if (record.userId !== user.id)
      throw new EmulatorUsageError(`the modal was shown to another user, not ${user.username}`);
    if (record.modalSubmitted) throw new EmulatorUsageError('that modal was already submitted');
    if (modal.custom_id !== customId)
      throw new EmulatorUsageError(`the open modal is "${modal.custom_id}", not "${customId}"`);
  }
  const components = options.unchecked ? uncheckedFields(values) : buildModalSubmission(modal ?? noModal(), values);
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
      forged: options.unchecked === true,
    }),
  );
  if (!options.unchecked) record.modalSubmitted = true;
  return handle;
}

function noModal(): never {
  throw new EmulatorUsageError('no modal is open');
}

/** Every value as a one-input legacy row, with no regard for the modal's layout or limits. */
function uncheckedFields(values: ModalValues): unknown[] {
  return Object.entries(values).map(([customId, value], i) => ({
    type: 1,
    id: 2 * i + 1,
    components: [
      typeof value === 'string'
        ? { type: 4, id: 2 * i + 2, custom_id: customId, value }
        : { type: 3, id: 2 * i + 2, custom_id: customId, values: [...value] },
    ],
  }));
}

export interface ForgedModalOptions {
  /** The message the modal was opened from (its component), sent as `message`. */
  readonly message?: MessageRef;
}

/**
 * A MODAL_SUBMIT no modal asked for: `components` goes out verbatim (null, wrong shapes, unknown ids...), as a
 * forged request would. For fuzzing the bot's modal handler.
 */
export function forgeModalSubmit(
  ctx: EmulatorContext,
  userRef: UserRef,
  channelRef: ChannelRef,
  customId: unknown,
  components: unknown,
  options: ForgedModalOptions = {},
): InteractionHandle {
  const user = resolveUser(ctx, userRef);
  const channel = resolveChannel(ctx, channelRef);
  const message = options.message === undefined ? undefined : resolveMessage(ctx, options.message);
  return createInteractionHandle(
    ctx,
    dispatchInteraction(ctx, {
      type: 5,
      user,
      channel,
      data: { custom_id: customId, components },
      ...(message ? { message } : {}),
      forged: true,
    }),
  );
}
