import type { APIMessage } from 'discord-api-types/v10';
import type { EmulatorEvents } from '../events.js';
import type { StoredAttachment, StoredMessage } from '../types.js';
import { type ChannelTimeline, createChannelTimeline, type PageQuery } from './timeline.js';

export interface NewMessage {
  readonly data: APIMessage;
  readonly visibleTo: string | null;
  readonly interactionId: string | null;
  readonly files: StoredAttachment[];
}

export interface MessageStoreOptions {
  /** Earlier versions kept per message (oldest dropped first); 0 keeps none. */
  readonly historyLimit: number;
  /** Messages kept in all (oldest evicted first, deleted or not); Infinity keeps every one. */
  readonly retention: number;
}

/** Every message of every channel, in creation order; emits `message` events on each change. */
export interface MessageStore {
  create(message: NewMessage): StoredMessage;
  update(id: string, data: APIMessage, files: StoredAttachment[]): StoredMessage;
  delete(id: string): StoredMessage | undefined;
  /** Includes deleted messages (check `deleted`), so a test can still inspect what was removed. */
  get(id: string): StoredMessage | undefined;
  /** Live messages, oldest first; with `viewerId`, only those that user can see (ephemerals are per user). */
  list(channelId?: string, viewerId?: string): StoredMessage[];
  /** A page of one channel's live messages, newest first (GET /channels/{id}/messages). */
  page(channelId: string, query: PageQuery, include: (message: StoredMessage) => boolean): StoredMessage[];
  /** A file the CDN serves: one a live message carries, or one uploaded on its own (command options). */
  attachment(attachmentId: string): StoredAttachment | undefined;
  /** Uploads that belong to no message, such as an ATTACHMENT command option's file. */
  addLooseAttachment(file: StoredAttachment): void;
  /** Messages held, deleted ones included. */
  size(): number;
}

export function createMessageStore(
  events: EmulatorEvents,
  options: MessageStoreOptions = { historyLimit: 100, retention: Number.POSITIVE_INFINITY },
): MessageStore {
  const messages = new Map<string, StoredMessage>();
  const channels = new Map<string, ChannelTimeline>();
  // A file only ever belongs to the message it was uploaded with (edits keep or drop, never move, attachments).
  const owners = new Map<string, string>();
  const attachments = new Map<string, StoredAttachment>();
  const loose = new Map<string, StoredAttachment>();
  const index = (message: StoredMessage) => {
    for (const file of message.files) {
      attachments.set(file.id, file);
      owners.set(file.id, message.id);
    }
  };
  const timeline = (channelId: string) => {
    let found = channels.get(channelId);
    if (!found) {
      found = createChannelTimeline();
      channels.set(channelId, found);
    }
    return found;
  };
  const evictOldest = () => {
    while (messages.size > options.retention) {
      const oldest = messages.values().next().value;
      if (!oldest) return;
      messages.delete(oldest.id);
      channels.get(oldest.channelId)?.drop(oldest);
      for (const file of oldest.files) {
        attachments.delete(file.id);
        owners.delete(file.id);
      }
    }
  };
  const visible = (m: StoredMessage, viewerId: string | undefined) =>
    !m.deleted && (viewerId === undefined || m.visibleTo === null || m.visibleTo === viewerId);
  return {
    create(input) {
      const message: StoredMessage = {
        id: input.data.id,
        channelId: input.data.channel_id,
        data: input.data,
        visibleTo: input.visibleTo,
        interactionId: input.interactionId,
        files: input.files,
        deleted: false,
        history: [],
        edits: 0,
      };
      messages.set(message.id, message);
      timeline(message.channelId).push(message);
      index(message);
      evictOldest();
      events.emit('message', { change: 'created', message });
      return message;
    },
    update(id, data, files) {
      const message = messages.get(id);
      if (!message || message.deleted) throw new Error(`emulator: cannot update missing message ${id}`);
      if (options.historyLimit > 0) {
        message.history.push(message.data);
        if (message.history.length > options.historyLimit) message.history.shift();
      }
      message.edits += 1;
      message.data = data;
      // Files the edit dropped are gone from the CDN; forgetting them frees their bytes in long runs.
      const kept = new Set(files.map((f) => f.id));
      for (const file of message.files) {
        if (!kept.has(file.id)) {
          attachments.delete(file.id);
          owners.delete(file.id);
        }
      }
      message.files = files;
      index(message);
      events.emit('message', { change: 'updated', message });
      return message;
    },
    delete(id) {
      const message = messages.get(id);
      if (!message || message.deleted) return undefined;
      message.deleted = true;
      events.emit('message', { change: 'deleted', message });
      return message;
    },
    get: (id) => messages.get(id),
    list(channelId, viewerId) {
      const source = channelId === undefined ? messages.values() : (channels.get(channelId)?.all() ?? []);
      return [...source].filter((m) => visible(m, viewerId));
    },
    page: (channelId, query, include) => channels.get(channelId)?.page(query, (m) => !m.deleted && include(m)) ?? [],
    attachment(attachmentId) {
      const free = loose.get(attachmentId);
      if (free) return free;
      const owner = messages.get(owners.get(attachmentId) ?? '');
      // A file stays downloadable while its message is live and still carries it, like Discord's CDN (roughly).
      if (!owner || owner.deleted) return undefined;
      return attachments.get(attachmentId);
    },
    addLooseAttachment(file) {
      loose.set(file.id, file);
    },
    size: () => messages.size,
  };
}
