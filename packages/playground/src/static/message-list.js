import { h, setChildren } from './dom.js';
import { renderMessage } from './messages.js';

/**
 * The channel's messages: drawn from `state.messages`, kept at the bottom while the reader is there, and the
 * "new messages" bar (Discord's "Jump to present") when something arrives below while they read older ones.
 * `messageContext()` gives what messages.js needs; `renderChannels()` redraws unread marks.
 */
export function createMessageList(el, { state, messageContext, renderChannels }) {
  /** New messages that arrived below the reader's scroll position, not yet seen. */
  let unseen = 0;

  const nearBottom = () => el.scroller.scrollHeight - el.scroller.scrollTop - el.scroller.clientHeight < 120;

  const renderJumpBar = () => {
    el.jump.hidden = unseen === 0;
    setChildren(
      el.jump,
      h('span', {}, unseen === 1 ? '1 new message' : `${unseen} new messages`),
      h('span', { class: 'jump-label' }, 'Jump to present'),
    );
  };

  const toBottom = () => {
    el.scroller.scrollTop = el.scroller.scrollHeight;
    unseen = 0;
    renderJumpBar();
  };

  el.jump.addEventListener('click', () => {
    state.stickToBottom = true;
    toBottom();
  });
  el.scroller.addEventListener('scroll', () => {
    // Reading older messages: an image that finishes loading above must not pull the reader back down.
    state.stickToBottom = nearBottom();
    if (unseen > 0 && state.stickToBottom) {
      unseen = 0;
      renderJumpBar();
    }
  });

  const renderPending = () => {
    setChildren(
      el.pending,
      ...[...state.waiting.entries()]
        .filter(([, w]) => w.kind === 'command' && w.channelId === state.channelId)
        .map(([id, w]) =>
          h(
            'div',
            { class: w.failed ? 'pending failed' : 'pending', 'data-interaction-id': id },
            h('span', { class: 'mention' }, `@${state.names.userName(state.viewerId)}`),
            ' used ',
            h('span', { class: 'invocation-label' }, w.label),
            w.failed
              ? h('div', { class: 'interaction-failed' }, '⚠ The application did not respond')
              : h('div', { class: 'thinking' }, 'Sending command', h('span', { class: 'dots' })),
            w.failed
              ? h(
                  'button',
                  {
                    type: 'button',
                    class: 'link-button',
                    onclick: () => {
                      state.waiting.delete(id);
                      renderPending();
                    },
                  },
                  'Dismiss',
                )
              : null,
          ),
        ),
    );
  };

  const renderMessages = () => {
    const ctx = messageContext();
    unseen = 0;
    renderJumpBar();
    setChildren(
      el.list,
      ...[...state.messages.values()]
        .filter((m) => m.channelId === state.channelId && !state.dismissed.has(m.id))
        .map((m) => renderMessage(m, ctx)),
    );
    renderPending();
    state.stickToBottom = true;
    toBottom();
  };

  const upsertMessage = (view) => {
    const isNew = !state.messages.has(view.id);
    state.messages.set(view.id, view);
    if (view.channelId !== state.channelId) {
      // New messages make a channel unread, as on Discord; edits (progress updates) do not.
      if (isNew && !state.unread.has(view.channelId)) {
        state.unread.add(view.channelId);
        renderChannels();
      }
      return;
    }
    if (state.dismissed.has(view.id)) return;
    // A reply to this person's own click or command (ephemeral ones above all) is brought into view wherever
    // they had scrolled, so an answer to a button on an old message never lands unseen below.
    const answersMe = isNew && view.invocation?.userId === state.viewerId;
    const stick = nearBottom() || answersMe;
    state.stickToBottom = stick;
    const element = renderMessage(view, messageContext());
    const old = el.list.querySelector(`[data-message-id="${view.id}"]`);
    if (old) old.replaceWith(element);
    else el.list.append(element);
    if (stick) toBottom();
    else if (isNew) {
      unseen += 1;
      renderJumpBar();
    }
  };

  const removeMessage = ({ id }) => {
    state.messages.delete(id);
    el.list.querySelector(`[data-message-id="${id}"]`)?.remove();
  };

  return { renderPending, renderMessages, upsertMessage, removeMessage, toBottom };
}
