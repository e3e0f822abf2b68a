import type { APIApplicationCommandOptionChoice } from 'discord-api-types/v10';
import type { AutocompleteOptions } from './actions/autocomplete.js';
import type { ClickOptions } from './actions/components.js';
import type { ForgedCommandOptions, ForgedInteractionOptions } from './actions/forge.js';
import type { UserMessage } from './actions/messages.js';
import type { ForgedModalOptions, SubmitOptions } from './actions/modals.js';
import type { ChannelRef, InteractionRef, MessageRef, UserRef } from './actions/refs.js';
import type { CommandOptionValues, CommandPath } from './interactions/command-options.js';
import type { InteractionHandle } from './interactions/handle.js';
import type { ModalValues } from './interactions/modal-submit.js';
import type { InteractionKind } from './interactions/registry.js';
import type { StoredMessage } from './types.js';

/**
 * What users do, as the Discord client sends it. These throw `EmulatorUsageError` for what the client would not let
 * a user do (unknown command or option, a value out of range, a channel they cannot see...). The `forge*` methods
 * and `{ unchecked: true }` are the escape hatches: what a modified client or a replayed request can send.
 */
export interface EmulatorActions {
  /**
   * A user runs `/name` in a channel. ATTACHMENT options take `{ filename, bytes, contentType? }`: the file is
   * uploaded to the emulator's CDN and the bot gets it in `data.resolved.attachments`.
   */
  invokeCommand(
    user: UserRef,
    channel: ChannelRef,
    name: string,
    options?: CommandOptionValues,
    path?: CommandPath,
  ): InteractionHandle;
  /** Apps → `name` on a message: a MESSAGE context-menu command (type 3) targeting it. */
  invokeMessageCommand(user: UserRef, message: MessageRef, name: string): InteractionHandle;
  /** Apps → `name` on a member: a USER context-menu command (type 2) targeting them. */
  invokeUserCommand(user: UserRef, channel: ChannelRef, target: UserRef, name: string): InteractionHandle;
  /**
   * A user types into option `focused` (its value in `options` is the text typed so far): resolves with the choices
   * the bot answered (callback type 8).
   */
  autocomplete(
    user: UserRef,
    channel: ChannelRef,
    name: string,
    options: CommandOptionValues,
    focused: string,
    extra?: AutocompleteOptions,
  ): Promise<APIApplicationCommandOptionChoice[]>;
  /** A click on a button of a message the user can see; `{ unchecked: true }` sends any custom_id. */
  clickButton(user: UserRef, message: MessageRef, customId: string, options?: ClickOptions): InteractionHandle;
  /** Fills in and submits the modal the bot opened for `source`; `{ unchecked: true }` skips every check. */
  submitModal(
    user: UserRef,
    source: InteractionRef,
    customId: string,
    values: ModalValues,
    options?: SubmitOptions,
  ): InteractionHandle;
  /** A user posts a plain text message (MESSAGE_CREATE reaches bots with the GUILD_MESSAGES intent). */
  sendMessage(user: UserRef, channel: ChannelRef, content: string): StoredMessage;
  /** A user posts text and/or files (ATTACH_FILES needed); the files are served from the CDN. */
  postMessage(user: UserRef, channel: ChannelRef, message: UserMessage): StoredMessage;

  /** Fuzzing: `/name` with `options` sent verbatim as `data.options` (wrong types, unknown names, `{}`, `null`...). */
  forgeCommand(
    user: UserRef,
    channel: ChannelRef,
    name: unknown,
    options: unknown,
    extra?: ForgedCommandOptions,
  ): InteractionHandle;
  /** Fuzzing: a modal submission nobody asked for, `components` verbatim (may be `null`). */
  forgeModalSubmit(
    user: UserRef,
    channel: ChannelRef,
    customId: unknown,
    components: unknown,
    extra?: ForgedModalOptions,
  ): InteractionHandle;
  /**
   * Fuzzing: a raw INTERACTION_CREATE (`raw`'s top-level fields over a well-formed payload; `undefined` removes one).
   * It still gets a real id and token, and the 3 s / 15 min rules apply.
   */
  forgeInteraction(
    raw: Readonly<Record<string, unknown>>,
    options?: ForgedInteractionOptions,
  ): InteractionHandle<InteractionKind>;
}
