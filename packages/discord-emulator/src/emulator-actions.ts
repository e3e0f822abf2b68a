import { autocomplete } from './actions/autocomplete.js';
import { invokeCommand, invokeMessageCommand, invokeUserCommand } from './actions/commands.js';
import { clickButton } from './actions/components.js';
import { forgeCommand, forgeInteraction } from './actions/forge.js';
import { postUserMessage, sendUserMessage } from './actions/messages.js';
import { forgeModalSubmit, submitModal } from './actions/modals.js';
import type { EmulatorActions } from './api-actions.js';
import type { EmulatorContext } from './context.js';

/** The user actions of one emulator, bound to its context. */
export function bindActions(ctx: EmulatorContext): EmulatorActions {
  return {
    invokeCommand: (user, channel, name, values, path) => invokeCommand(ctx, user, channel, name, values, path),
    invokeMessageCommand: (user, message, name) => invokeMessageCommand(ctx, user, message, name),
    invokeUserCommand: (user, channel, target, name) => invokeUserCommand(ctx, user, channel, target, name),
    autocomplete: (user, channel, name, values, focused, extra) =>
      autocomplete(ctx, user, channel, name, values, focused, extra),
    clickButton: (user, message, customId, options) => clickButton(ctx, user, message, customId, options),
    submitModal: (user, source, customId, values, options) => submitModal(ctx, user, source, customId, values, options),
    sendMessage: (user, channel, content) => sendUserMessage(ctx, user, channel, content),
    postMessage: (user, channel, message) => postUserMessage(ctx, user, channel, message),
    forgeCommand: (user, channel, name, options, extra) => forgeCommand(ctx, user, channel, name, options, extra),
    forgeModalSubmit: (user, channel, customId, components, extra) =>
      forgeModalSubmit(ctx, user, channel, customId, components, extra),
    forgeInteraction: (raw, options) => forgeInteraction(ctx, raw, options),
  };
}
