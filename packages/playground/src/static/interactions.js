import { h } from './dom.js';
import { openModal } from './modal.js';

/**
 * What a person does that reaches the bot: slash commands, apps, button clicks and modal submits, each a POST that
 * becomes an interaction; then the answers the stream brings for them (a modal to open, "This interaction failed").
 * `state.waiting` holds the interactions this page started and still waits on.
 */
export function createInteractions(el, { state, post, showToast, renderPending, toBottom, messageContext }) {
  /** Registers an interaction this page started, unless its response already came in over the stream. */
  const track = (interactionId, entry) => {
    if (state.answered.delete(interactionId)) return false;
    state.waiting.set(interactionId, entry);
    return true;
  };

  const sendCommand = async (command) => {
    const { interactionId } = await post('command', {
      user: state.viewerId,
      channel: state.channelId,
      ...command,
    });
    const label = `/${[command.name, command.group, command.subcommand].filter(Boolean).join(' ')}`;
    if (track(interactionId, { kind: 'command', label, channelId: state.channelId })) {
      state.stickToBottom = true;
      renderPending();
      toBottom();
    }
  };

  /** Right click → Apps → `app` on a message: a message command, shown as pending like a slash command. */
  const runApp = async (view, app) => {
    showToast('');
    try {
      const { interactionId } = await post('app', { user: state.viewerId, message: view.id, name: app.name });
      if (track(interactionId, { kind: 'command', label: app.name, channelId: state.channelId })) {
        state.stickToBottom = true;
        renderPending();
        toBottom();
      }
    } catch (failure) {
      showToast(failure.message);
    }
  };

  const releaseButton = (button) => {
    button.classList.remove('loading');
    button.disabled = false;
  };

  const clickButton = async (view, component, button) => {
    button.classList.add('loading');
    button.disabled = true;
    showToast('');
    try {
      const { interactionId } = await post('button', {
        user: state.viewerId,
        message: view.id,
        customId: component.custom_id,
      });
      if (!track(interactionId, { kind: 'button', button, messageId: view.id })) releaseButton(button);
    } catch (failure) {
      releaseButton(button);
      showToast(failure.message);
    }
  };

  const onInteraction = (event) => {
    const entry = state.waiting.get(event.interactionId);
    if (entry) state.waiting.delete(event.interactionId);
    else state.answered.add(event.interactionId);
    if (entry?.button) releaseButton(entry.button);
    if (entry?.kind === 'command') renderPending();
    if (event.callbackType === 9 && event.modal) {
      openModal(el.modal, event.modal, messageContext(), async (values) => {
        const { interactionId } = await post('modal', {
          user: state.viewerId,
          interaction: event.interactionId,
          customId: event.modal.custom_id,
          values,
        });
        track(interactionId, { kind: 'modal' });
      });
    }
  };

  const onInteractionFailed = ({ interactionId }) => {
    const entry = state.waiting.get(interactionId);
    if (!entry) return;
    if (entry.kind === 'command') {
      entry.failed = true;
      renderPending();
      return;
    }
    state.waiting.delete(interactionId);
    if (entry.button) {
      releaseButton(entry.button);
      entry.button
        .closest('.components')
        ?.append(h('div', { class: 'interaction-failed' }, '⚠ This interaction failed'));
    } else {
      showToast('This interaction failed: the bot did not answer within 3 seconds.');
    }
  };

  return { sendCommand, runApp, clickButton, onInteraction, onInteractionFailed };
}
