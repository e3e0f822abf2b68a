import type { APIMessage } from 'discord-api-types/v10';
import type { EmulatorEvents } from '../events.js';
import type { StoredAttachment, StoredMessage } from '../types.js';

export interface NewMessage {
  readonly data: APIMessage;
  readonly visibleTo: string | null;
  readonly interactionId: string | null;
  readonly files: StoredAttachment[];
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
  attachment(attachmentId: string): StoredAttachment | undefined;
}

export function createMessageStore(events: EmulatorEvents): MessageStore {
  const messages = new Map<string, StoredMessage>();
  const attachments = new Map<string, StoredAttachment>();
  const index = (files: readonly StoredAttachment[]) => {
    for (const file of files) attachments.set(file.id, file);
  };
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
      };
      messages.set(message.id, message);
      index(input.files);
      events.emit('message', { change: 'created', message });
      return message;
    },
    update(id, data, files) {
      const message = messages.get(id);
      if (!message || message.deleted) throw new Error(`emulator: cannot update missing message ${id}`);
      message.history.push(message.data);
      message.data = data;
      message.files = files;
      index(files);
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
      return [...messages.values()].filter(
        (m) =>
          !m.deleted &&
          (channelId === undefined || m.channelId === channelId) &&
          (viewerId === undefined || m.visibleTo === null || m.visibleTo === viewerId),
      );
    },
    attachment(attachmentId) {
      const file = attachments.get(attachmentId);
      if (!file) return undefined;
      // A file stays downloadable while some live message still carries it, like Discord's CDN (roughly).
      const live = [...messages.values()].some((m) => !m.deleted && m.files.some((f) => f.id === attachmentId));
      return live ? file : undefined;
    },
  };
}
