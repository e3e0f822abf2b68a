import { createApi, UNREACHABLE } from './api.js';
import { createAppMenu } from './app-menu.js';
import { createChrome } from './chrome.js';
import { createComposer } from './composer.js';
import { loadDismissed, saveDismissed } from './dismissals.js';
import { setChildren } from './dom.js';
import { toUpload } from './files.js';
import { createInteractions } from './interactions.js';
import { createLive } from './live.js';
import { createMessageList } from './message-list.js';
import { createNames } from './names.js';
import { formatTimestamp } from './time.js';
import { createTools } from './tools.js';
import { createToolsDrawer } from './tools-drawer.js';

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
    jump: $('jump-bar'),
    modal: $('modal'),
    offline: $('offline'),
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
  };
  const now = () => Date.now() + state.clockOffset;

  const showToast = (message) => {
    setChildren(el.toast, message);
    el.toast.hidden = !message;
  };
  el.toast.addEventListener('click', () => showToast(''));
  // \`live\` is defined further down; a request only fails once the page runs, by when it is.
  const { post } = createApi({ onUnreachable: () => live.lost() });

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
    onButton: (...args) => actions.clickButton(...args),
    onContextMenu: (view, event) => appMenu.open(view, event),
    onDismiss: (view) => {
      state.dismissed.add(view.id);
      // Kept per user, so a reload or a switch of user does not bring it back (ids of messages still shown only).
      saveDismissed(
        state.viewerId,
        [...state.dismissed].filter((id) => state.messages.has(id)),
      );
      el.list.querySelector(`[data-message-id="${view.id}"]`)?.remove();
    },
    revealed: state.revealed,
    onImageLoad: () => {
      if (state.stickToBottom) toBottom();
    },
  });

  const drawer = createToolsDrawer(document.querySelector('.app'), document.getElementById('tools'));
  const chrome = createChrome(el, { state, guild, channel, selectChannel, toolsToggle: drawer.toggle });
  const { renderRail, renderChannels, renderUser, renderHeader } = chrome;
  const list = createMessageList(el, { state, messageContext: () => messageContext(), renderChannels });
  const { renderPending, renderMessages, upsertMessage, removeMessage, toBottom } = list;

  const actions = createInteractions(el, { state, post, showToast, renderPending, toBottom, messageContext });
  const { sendCommand, onInteraction, onInteractionFailed } = actions;
  const appMenu = createAppMenu({ apps: () => guild()?.apps ?? [], onPick: actions.runApp });

  /** ➕ then Enter: a member's own message with files (the emulator stores them on its CDN). */
  const postMessage = async ({ content, files }) => {
    const uploads = await Promise.all(files.map(toUpload));
    await post('message', {
      user: state.viewerId,
      channel: state.channelId,
      ...(content ? { content } : {}),
      files: uploads,
    });
  };

  // --- tools -------------------------------------------------------------------------------------------------------

  const tools = createTools(document.getElementById('tools'), {
    onClockJump: (ms) => post('clock', { ms }),
    onFault: (kind, times) => post('faults', { kind, ...(times === undefined ? {} : { times }) }),
  });
  const composer = createComposer(document.getElementById('composer'), { onSend: sendCommand, onPost: postMessage });

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
    state.viewerKey = world.users.find((u) => u.id === world.viewerId)?.key;
    const g = world.guilds.find((x) => x.id === state.guildId) ?? world.guilds[0];
    const wanted = g?.channels.find((c) => c.id === state.channelId || c.name === state.channelId);
    selectChannel(g?.id, wanted?.id);
  };

  // --- the live stream ----------------------------------------------------------------------------------------------

  const live = createLive({
    // The seed's key (alice) outlives a restart of the server, whose new emulator mints new user ids.
    url: () => `/playground/api/events?user=${encodeURIComponent(state.viewerKey ?? state.viewerId ?? '')}`,
    onConnected: (connected) => {
      if (connected === state.connected) return;
      state.connected = connected;
      el.offline.hidden = connected;
      if (connected && el.toast.textContent === UNREACHABLE) showToast('');
      if (state.world) renderHeader();
    },
    handlers: {
      snapshot: (snapshot) => {
        state.dismissed = loadDismissed(snapshot.world.viewerId);
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
      },
      message: upsertMessage,
      'message-deleted': removeMessage,
      interaction: onInteraction,
      'interaction-failed': onInteractionFailed,
      world: applyWorld,
      clock: (clock) => {
        state.clock = clock;
        state.clockOffset = clock.now - Date.now();
        renderTools();
        refreshTimestamps();
      },
      faults: (faults) => {
        state.faults = faults;
        renderTools();
      },
      queue: (queue) => {
        state.queue = queue;
        renderTools();
      },
      violations: (view) => tools.setViolations(view),
    },
  });

  el.userSelect.addEventListener('change', () => {
    state.viewerId = el.userSelect.value;
    state.viewerKey = el.userSelect.selectedOptions[0]?.dataset.key;
    state.waiting.clear();
    state.unread.clear();
    remember();
    live.connect();
  });

  /** <t:…:R> and the clock panel follow the emulator clock, which runs on and may jump. */
  function refreshTimestamps() {
    for (const time of document.querySelectorAll('time.timestamp')) {
      time.textContent = formatTimestamp(Number(time.dataset.ts), time.dataset.style, now());
    }
    if (state.world) tools.setClock(state.clock, now());
  }
  setInterval(refreshTimestamps, 1000);

  live.connect();
}

startPlayground();
