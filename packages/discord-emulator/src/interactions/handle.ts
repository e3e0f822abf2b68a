import type {
  APIApplicationCommandOptionChoice,
  APIInteraction,
  APIModalInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import type { EmulatorContext } from '../context.js';
import type { StoredMessage } from '../types.js';
import { MessageFlag } from '../validation/limits.js';
import { DEFAULT_WAIT_MS, type WaitOptions, type WaitTrigger, waitFor } from '../waiters.js';
import type { InteractionKind, InteractionRecord, InteractionResponse, MessageInteractionKind } from './registry.js';

export interface MessageWaitOptions extends WaitOptions {
  /** Resolve only once the message satisfies this (default: the reply is "done", see `reply`). */
  readonly until?: (message: StoredMessage) => boolean;
}

/** What a test (or the playground) holds after a user action: the interaction and ways to await the bot. */
export interface InteractionHandle<K extends InteractionKind = MessageInteractionKind> {
  readonly id: string;
  readonly token: string;
  readonly record: InteractionRecord<K>;
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
  /** The choices the bot answered an autocomplete interaction with (callback type 8). */
  choices(options?: WaitOptions): Promise<APIApplicationCommandOptionChoice[]>;
  original(): StoredMessage | undefined;
  followUps(): StoredMessage[];
}

export function createInteractionHandle<K extends InteractionKind>(
  ctx: EmulatorContext,
  record: InteractionRecord<K>,
): InteractionHandle<K> {
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
        return message.edits > record.sourceVersion;
      default:
        return true;
    }
  };
  const label = `interaction ${record.id} (type ${record.type})`;
  const own = `interaction:${record.id}` as const;
  // Keyed triggers: a change wakes only this interaction's waiters (and the clicked message's), never all of them.
  const replyTriggers: WaitTrigger[] = record.sourceMessageId ? [own, `message:${record.sourceMessageId}`] : [own];
  let response: Promise<InteractionResponse> | undefined;
  return {
    id: record.id,
    token: record.token,
    record,
    payload: record.payload,
    get response() {
      // Created on first use, and woken by this interaction's key only: unanswered handles cost nothing elsewhere.
      response ??= new Promise<InteractionResponse>((resolve) => {
        if (record.response) return resolve(record.response);
        const off = ctx.signals.on(own, () => {
          if (!record.response) return;
          off();
          resolve(record.response);
        });
      });
      return response;
    },
    waitForResponse: (options) => waitFor(ctx, [own], responded, `the bot's response to ${label}`, options),
    reply(options = {}) {
      const until = options.until ?? isFinal;
      return waitFor(
        ctx,
        replyTriggers,
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
        [own],
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
      waitFor(ctx, [own], () => record.modal ?? undefined, `a modal in response to ${label}`, {
        timeoutMs: options?.timeoutMs ?? DEFAULT_WAIT_MS,
      }),
    choices: (options) =>
      waitFor(ctx, [own], () => record.choices ?? undefined, `autocomplete choices for ${label}`, options),
    original,
    followUps: () =>
      record.followUpIds.flatMap((id) => {
        const message = ctx.store.get(id);
        return message && !message.deleted ? [message] : [];
      }),
  };
}
