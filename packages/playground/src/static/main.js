import { post } from './api.js';
import { createComposer } from './composer.js';
import { avatar, h, setChildren } from './dom.js';
import { renderMessage } from './messages.js';
import { openModal } from './modal.js';
import { createNames } from './names.js';
import { formatTimestamp } from './time.js';
import { createTools } from './tools.js';

/**
 * The playground page: one EventSource per signed-in user brings a snapshot, then every change the emulator
 * stores; every action is a POST that becomes an interaction on the bot's gateway. Nothing here talks to the bot.
 */
function startPlayground() {
  const $ = (id) => document.getElementById(id);
  const el = {
    rail: $('guild-rail'),
    guildName: $('guild-name'),
    channels: $('channel-list'),
    userAvatar: $('user-avatar'),
    userSelect: $('user-select'),
    header: $('chat-header'),
    toast: $('toast'),
    scroller: $('scroller'),
    intro: $('channel-intro'),
    list: $('message-list'),
    pending: $('pending-list'),
    modal: $('modal'),
  };
  const params = new URLSearchParams(location.search);
  const state = {
    viewerId: params.get('user'),
    guildId: undefined,
    channelId: params.get('channel'),
    world: undefined,
    names: undefined,
    messages: new Map(),
    dismissed: new Set(),
    /** Spoiler media this person clicked open (attachment ids), kept while the bot edits the message. */
    revealed: new Set(),
    unread: new Set(),
    /** Interactions this page started and still waits on: id → { kind, label, channelId, button?, failed }. */
    waiting: new Map(),
    /** Responses that arrived before the POST that caused them returned. */
    answered: new Set(),
    clockOffset: 0,
    clock: { offsetMs: 0 },
    queue: undefined,
    faults: undefined,
    backend: 'local',
    connected: false,
    stickToBottom: true,
    source: undefined,
  };
  const now = () => Date.now() + state.clockOffset;

  const showToast = (message) => {
    setChildren(el.toast, message);
    el.toast.hidden = !message;
  };
  el.toast.addEventListener('click', () => showToast(''));

  const nearBottom = () => el.scroller.scrollHeight - el.scroller.scrollTop - el.scroller.clientHeight < 120;
  const toBottom = () => {
    el.scroller.scrollTop = el.scroller.scrollHeight;
  };

  const guild = () => state.world?.guilds.find((g) => g.id === state.guildId);
  const channel = () => guild()?.channels.find((c) => c.id === state.channelId);

  const remember = () => {
    const url = new URL(location.href);
    url.searchParams.set('user', state.viewerId ?? '');
    if (state.channelId) url.searchParams.set('channel', state.channelId);
    history.replaceState(null, '', url);
  };

  const messageContext = () => ({
    ...state.names,
    now,
    onButton: clickButton,
    onDismiss: (view) => {
      state.dismissed.add(view.id);
      el.list.querySelector(`[data-message-id="${view.id}"]`)?.remove();
    },
    revealed: state.revealed,
    onImageLoad: () => {
      if (state.stickToBottom) toBottom();
    },
  });

  // --- chrome: guilds, channels, user, header -------------------------------------------------------------------

  const renderRail = () => {
    setChildren(
      el.rail,
      ...state.world.guilds.map((g) =>
        h(
          'button',
          {
            type: 'button',
            class: g.id === state.guildId ? 'guild-icon active' : 'guild-icon',
            title: g.name,
            'aria-label': g.name,
            onclick: () => selectChannel(g.id, undefined),
          },
          g.name
            .split(/\s+/)
            .map((word) => word[0])
            .join('')
            .slice(0, 3),
        ),
      ),
    );
  };

  const renderChannels = () => {
    const g = guild();
    el.guildName.textContent = g?.name ?? 'No server';
    setChildren(
      el.channels,
      h('div', { class: 'channel-group' }, 'Text channels'),
      ...(g?.channels ?? []).map((c) =>
        h(
          'button',
          {
            type: 'button',
            class: [
              'channel',
              c.id === state.channelId ? 'active' : '',
              c.nsfw ? 'nsfw' : '',
              state.unread.has(c.id) ? 'unread' : '',
            ].join(' '),
            'aria-current': c.id === state.channelId ? 'page' : undefined,
            'aria-label': c.nsfw ? `${c.name} (age-restricted)` : c.name,
            title: c.nsfw ? 'Age-restricted channel' : (c.topic ?? c.name),
            'data-channel': c.name,
            onclick: () => selectChannel(state.guildId, c.id),
          },
          h('span', { class: 'channel-hash', 'aria-hidden': 'true' }, '#'),
          h('span', { class: 'channel-name' }, c.name),
          c.nsfw ? h('span', { class: 'nsfw-badge', 'aria-hidden': 'true' }, '18+') : null,
        ),
      ),
    );
  };

  const renderUser = () => {
    const people = state.world.users.filter((u) => !u.bot);
    const rolesOf = (userId) =>
      (guild()?.members.find((m) => m.userId === userId)?.roleIds ?? [])
        .map((id) => guild()?.roles.find((r) => r.id === id)?.name)
        .filter(Boolean);
    setChildren(
      el.userSelect,
      ...people.map((u) => {
        const roles = rolesOf(u.id);
        const owner = guild()?.ownerId === u.id ? ['Owner'] : [];
        const tags = [...owner, ...roles];
        return h(
          'option',
          { value: u.id, selected: u.id === state.viewerId, 'data-key': u.key, title: `@${u.username}` },
          `${u.displayName}${tags.length > 0 ? ` · ${tags.join(', ')}` : ''}`,
        );
      }),
    );
    const me = people.find((u) => u.id === state.viewerId);
    setChildren(el.userAvatar, avatar(state.viewerId, me?.displayName ?? '?'));
  };

  const renderHeader = () => {
    const c = channel();
    const dot = h('span', {
      class: state.connected ? 'live on' : 'live',
      title: state.connected ? 'Live' : 'Reconnecting…',
    });
    setChildren(
      el.header,
      h('span', { class: 'channel-hash', 'aria-hidden': 'true' }, '#'),
      h('h1', { class: 'channel-title' }, c?.name ?? ''),
      c?.nsfw ? h('span', { class: 'nsfw-badge' }, 'Age-restricted') : null,
      c?.topic ? h('span', { class: 'channel-topic' }, c.topic) : null,
      h('span', { class: 'spacer' }),
      dot,
      h('span', { class: 'live-label' }, state.connected ? 'live' : 'reconnecting…'),
    );
    setChildren(
      el.intro,
      h('div', { class: 'intro-icon', 'aria-hidden': 'true' }, '#'),
      h('h2', {}, `Welcome to #${c?.name ?? ''}!`),
      h(
        'p',
        {},
        `This is the start of #${c?.name ?? ''}. Type / in the message bar to run one of ${state.world.bot.displayName}'s commands.`,
      ),
    );
  };

  // --- messages ----------------------------------------------------------------------------------------------------

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
    const stick = nearBottom();
    state.stickToBottom = stick;
    const element = renderMessage(view, messageContext());
    const old = el.list.querySelector(`[data-message-id="${view.id}"]`);
    if (old) old.replaceWith(element);
    else el.list.append(element);
    if (stick) toBottom();
  };

  const removeMessage = ({ id }) => {
    state.messages.delete(id);
    el.list.querySelector(`[data-message-id="${id}"]`)?.remove();
  };

  // --- actions -----------------------------------------------------------------------------------------------------

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

  const releaseButton = (button) => {
    button.classList.remove('loading');
    button.disabled = false;
  };

  async function clickButton(view, component, button) {
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
  }

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

  // --- tools -------------------------------------------------------------------------------------------------------

  const tools = createTools(document.getElementById('tools'), {
    onClockJump: (ms) => post('clock', { ms }),
    onFault: (kind, times) => post('faults', { kind, ...(times === undefined ? {} : { times }) }),
  });
  const composer = createComposer(document.getElementById('composer'), { onSend: sendCommand });

  const renderTools = () => {
    tools.setClock(state.clock, now());
    tools.setBackend(state.backend, state.faults);
    tools.setQueue(state.queue, state.names.userName, now());
  };

  const renderComposer = () => {
    const g = guild();
    const c = channel();
    if (!g || !c) return;
    composer.setContext({
      guild: g,
      channel: c,
      botName: state.world.bot.displayName,
      people: {
        members: g.members
          .filter((m) => m.userId !== state.world.bot.id)
          .map((m) => ({ id: m.userId, name: state.names.userName(m.userId) })),
        roles: [...g.roles].sort((a, b) => b.position - a.position),
        channels: g.channels,
      },
    });
  };

  function selectChannel(guildId, channelId) {
    state.guildId = guildId;
    const g = guild();
    state.channelId = g?.channels.some((c) => c.id === channelId) ? channelId : g?.channels[0]?.id;
    state.unread.delete(state.channelId);
    state.names = createNames(state.world, state.guildId);
    remember();
    renderRail();
    renderUser();
    renderChannels();
    renderHeader();
    renderMessages();
    renderComposer();
  }

  const applyWorld = (world) => {
    state.world = world;
    state.viewerId = world.viewerId;
    const g = world.guilds.find((x) => x.id === state.guildId) ?? world.guilds[0];
    const wanted = g?.channels.find((c) => c.id === state.channelId || c.name === state.channelId);
    selectChannel(g?.id, wanted?.id);
  };

  // --- the live stream ----------------------------------------------------------------------------------------------

  const connect = () => {
    state.source?.close();
    const source = new EventSource(`/playground/api/events?user=${encodeURIComponent(state.viewerId ?? '')}`);
    state.source = source;
    const on = (name, handler) => source.addEventListener(name, (event) => handler(JSON.parse(event.data)));
    on('snapshot', (snapshot) => {
      state.connected = true;
      state.messages = new Map(snapshot.messages.map((m) => [m.id, m]));
      state.clock = snapshot.clock;
      state.clockOffset = snapshot.clock.now - Date.now();
      state.queue = snapshot.queue;
      state.faults = snapshot.faults;
      state.backend = snapshot.backend;
      applyWorld(snapshot.world);
      renderTools();
      tools.setViolations(snapshot.violations);
      document.body.dataset.ready = 'true';
    });
    on('message', upsertMessage);
    on('message-deleted', removeMessage);
    on('interaction', onInteraction);
    on('interaction-failed', onInteractionFailed);
    on('world', applyWorld);
    on('clock', (clock) => {
      state.clock = clock;
      state.clockOffset = clock.now - Date.now();
      renderTools();
      refreshTimestamps();
    });
    on('faults', (faults) => {
      state.faults = faults;
      renderTools();
    });
    on('queue', (queue) => {
      state.queue = queue;
      renderTools();
    });
    on('violations', (view) => tools.setViolations(view));
    source.onerror = () => {
      state.connected = false;
      if (state.world) renderHeader();
    };
  };

  el.userSelect.addEventListener('change', () => {
    state.viewerId = el.userSelect.value;
    state.waiting.clear();
    state.dismissed.clear();
    state.unread.clear();
    remember();
    connect();
  });

  /** <t:…:R> and the clock panel follow the emulator clock, which runs on and may jump. */
  function refreshTimestamps() {
    for (const time of document.querySelectorAll('time.timestamp')) {
      time.textContent = formatTimestamp(Number(time.dataset.ts), time.dataset.style, now());
    }
    if (state.world) tools.setClock(state.clock, now());
  }
  setInterval(refreshTimestamps, 1000);

  connect();
}

startPlayground();
