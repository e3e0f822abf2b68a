import type { APIInteraction, APIModalInteractionResponseCallbackData } from 'discord-api-types/v10';
import type { EmulatorContext } from '../context.js';
import type { StoredMessage } from '../types.js';
import { MessageFlag } from '../validation/limits.js';
import { DEFAULT_WAIT_MS, type WaitOptions, waitFor } from '../waiters.js';
import type { InteractionRecord, InteractionResponse } from './registry.js';

export interface MessageWaitOptions extends WaitOptions {
  /** Resolve only once the message satisfies this (default: the reply is "done", see `reply`). */
  readonly until?: (message: StoredMessage) => boolean;
}

/** What a test (or the playground) holds after a user action: the interaction and ways to await the bot. */
export interface InteractionHandle {
  readonly id: string;
  readonly token: string;
  readonly record: InteractionRecord;
  /** The INTERACTION_CREATE payload as dispatched. */
  readonly payload: APIInteraction;
  /** The bot's first callback (type + data). Never rejects; use `waitForResponse` for a deadline. */
  readonly response: Promise<InteractionResponse>;
  waitForResponse(options?: WaitOptions): Promise<InteractionResponse>;
  /**
   * The original response once it is final: a type-4 reply or type-7 update at once; a deferred reply (5) once it
   * stops loading; a deferred update (6) once the clicked message has been edited after the click.
   */
  reply(options?: MessageWaitOptions): Promise<StoredMessage>;
  /** The `index`-th follow-up (0 = first). */
  followUp(options?: MessageWaitOptions & { readonly index?: number }): Promise<StoredMessage>;
  /** The modal the bot opened (callback type 9). */
  modal(options?: WaitOptions): Promise<APIModalInteractionResponseCallbackData>;
  original(): StoredMessage | undefined;
  followUps(): StoredMessage[];
}

export function createInteractionHandle(ctx: EmulatorContext, record: InteractionRecord): InteractionHandle {
  const responded = () => record.response ?? undefined;
  const original = () => {
    const message = record.originalMessageId ? ctx.store.get(record.originalMessageId) : undefined;
    return message && !message.deleted ? message : undefined;
  };
  const isFinal = (message: StoredMessage): boolean => {
    switch (record.response?.type) {
      case 5:
        return ((message.data.flags ?? 0) & MessageFlag.Loading) === 0;
      case 6:
        return message.history.length > record.sourceVersion;
      default:
        return true;
    }
  };
  const label = `interaction ${record.id} (type ${record.type})`;
  return {
    id: record.id,
    token: record.token,
    record,
    payload: record.payload,
    response: new Promise<InteractionResponse>((resolve) => {
      // No timer on purpose: an unanswered interaction must not keep the process alive.
      const off = ctx.events.on('interactionResponse', ({ interaction }) => {
        if (interaction !== record || !record.response) return;
        off();
        resolve(record.response);
      });
    }),
    waitForResponse: (options) =>
      waitFor(ctx, ['interactionResponse'], responded, `the bot's response to ${label}`, options),
    reply(options = {}) {
      const until = options.until ?? isFinal;
      return waitFor(
        ctx,
        ['interactionResponse', 'message'],
        () => {
          if (record.response?.type === 9)
            throw new Error(`emulator: the bot answered ${label} with a modal, not a message`);
          const message = original();
          return message && until(message) ? message : undefined;
        },
        `the final reply to ${label}`,
        options,
      );
    },
    followUp(options = {}) {
      const index = options.index ?? 0;
      return waitFor(
        ctx,
        ['message'],
        () => {
          const id = record.followUpIds[index];
          const message = id ? ctx.store.get(id) : undefined;
          return message && !message.deleted && (options.until?.(message) ?? true) ? message : undefined;
        },
        `follow-up #${index} of ${label}`,
        options,
      );
    },
    modal: (options) =>
      waitFor(ctx, ['interactionResponse'], () => record.modal ?? undefined, `a modal in response to ${label}`, {
        timeoutMs: options?.timeoutMs ?? DEFAULT_WAIT_MS,
      }),
    original,
    followUps: () =>
      record.followUpIds.flatMap((id) => {
        const message = ctx.store.get(id);
        return message && !message.deleted ? [message] : [];
      }),
  };
}
