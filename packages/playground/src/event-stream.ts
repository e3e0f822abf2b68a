import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorUser, StoredMessage } from '@imagine-bot/discord-emulator';
import type { ClockView } from './hub.js';
import { interactionIndex, type MessageView, messageView } from './message-view.js';
import {
  clockView,
  type FaultsView,
  faultsView,
  type PageDeps,
  type ViolationsView,
  violationsView,
} from './page-deps.js';
import type { QueueSnapshot } from './queue-snapshot.js';
import { canView, type WorldView, worldView } from './world-view.js';

/** A long session keeps every message; the page needs only the recent ones to be useful. */
const MAX_SNAPSHOT_MESSAGES = 500;

/** Queue positions and ETAs move with time as well as with events, so the panel is re-read this often. @unit ms */
const QUEUE_REFRESH_MS = 1_000;

/** Everything one person's page shows; sent first on every (re)connection, so a reconnect never misses a change. */
export interface PageSnapshot {
  readonly world: WorldView;
  readonly messages: readonly MessageView[];
  readonly queue: QueueSnapshot;
  readonly faults: FaultsView;
  readonly clock: ClockView;
  readonly backend: PageDeps['backend'];
  readonly violations: ViolationsView;
}

function visibleTo(deps: PageDeps, viewer: EmulatorUser) {
  return (message: StoredMessage): boolean => {
    if (message.visibleTo !== null && message.visibleTo !== viewer.id) return false;
    const guild = Object.values(deps.emulator.guilds).find((g) => g.channels.some((c) => c.id === message.channelId));
    return guild !== undefined && canView(guild, message.channelId, viewer.id);
  };
}

export function pageSnapshot(deps: PageDeps, viewer: EmulatorUser): PageSnapshot {
  const { emulator } = deps;
  const index = interactionIndex(emulator.interactions());
  const messages = emulator
    .messages(undefined, { visibleTo: viewer })
    .filter(visibleTo(deps, viewer))
    .slice(-MAX_SNAPSHOT_MESSAGES)
    .map((message) => messageView(message, emulator.baseUrl, index));
  return {
    world: worldView(emulator, viewer),
    messages,
    queue: deps.queueSnapshot(),
    faults: faultsView(deps),
    clock: clockView(emulator),
    backend: deps.backend,
    violations: violationsView(emulator),
  };
}

/**
 * Server-sent events for one viewer: a `snapshot`, then every change that viewer would see (messages, their own
 * interaction responses and modals, commands, clock, faults, queue). SSE rather than WebSocket: one direction is
 * all the page needs (its actions are plain POSTs), and EventSource reconnects by itself.
 */
export function openEventStream(deps: PageDeps, viewer: EmulatorUser, req: IncomingMessage, res: ServerResponse): void {
  const { emulator } = deps;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  const send = (event: string, data: unknown) => {
    if (!res.writableEnded) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  res.write('retry: 1000\n\n');
  const snapshot = pageSnapshot(deps, viewer);
  send('snapshot', snapshot);

  const canSee = visibleTo(deps, viewer);
  let lastQueue = JSON.stringify(snapshot.queue);
  let lastFaults = JSON.stringify(snapshot.faults);
  let refreshQueued = false;
  const pushChanges = () => {
    const queue = JSON.stringify(deps.queueSnapshot());
    if (queue !== lastQueue) {
      lastQueue = queue;
      send('queue', JSON.parse(queue));
    }
    // A "next call only" fault clears itself inside the backend, which tells nobody; compare to notice.
    const faults = JSON.stringify(faultsView(deps));
    if (faults !== lastFaults) {
      lastFaults = faults;
      send('faults', JSON.parse(faults));
    }
  };
  const refreshSoon = () => {
    if (refreshQueued) return;
    refreshQueued = true;
    setImmediate(() => {
      refreshQueued = false;
      pushChanges();
    });
  };

  const unsubscribe = [
    emulator.events.on('message', ({ change, message }) => {
      refreshSoon();
      if (!canSee(message)) return;
      if (change === 'deleted') send('message-deleted', { id: message.id, channelId: message.channelId });
      else send('message', messageView(message, emulator.baseUrl, interactionIndex(emulator.interactions())));
    }),
    emulator.events.on('interaction', refreshSoon),
    emulator.events.on('interactionResponse', ({ interaction, callbackType }) => {
      refreshSoon();
      if (interaction.userId !== viewer.id) return;
      send('interaction', {
        interactionId: interaction.id,
        callbackType,
        sourceMessageId: interaction.sourceMessageId,
        modal: callbackType === 9 ? interaction.modal : null,
      });
    }),
    emulator.events.on('commands', () => send('world', worldView(emulator, viewer))),
    emulator.events.on('violation', () => send('violations', violationsView(emulator))),
    deps.hub.subscribe((event) => {
      if (event.type === 'clock') send('clock', event.clock);
      else if (event.type === 'faults') pushChanges();
      else if (event.userId === viewer.id) send('interaction-failed', { interactionId: event.interactionId });
    }),
  ];
  const timer = setInterval(pushChanges, QUEUE_REFRESH_MS);
  req.on('close', () => {
    clearInterval(timer);
    for (const off of unsubscribe) off();
  });
}
