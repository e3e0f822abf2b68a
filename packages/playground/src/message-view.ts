import type { InteractionRecord, StoredMessage } from '@imagine-bot/discord-emulator';
import type { APIMessage } from 'discord-api-types/v10';

/** Discord message flags the page reads (values from Discord's message flags table). */
const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;

/** The user action a bot message answers, shown above it as Discord does ("alice used /imagine"). */
export interface Invocation {
  readonly interactionId: string;
  readonly userId: string;
  /** 2 slash command, 3 button, 5 modal submit. */
  readonly type: 2 | 3 | 5;
  /** `/imagine`, the clicked button's label, or the submitted modal's title. */
  readonly label: string;
}

/** A stored message as the page renders it: the wire object plus who may see it and what it answers. */
export interface MessageView {
  readonly id: string;
  readonly channelId: string;
  readonly visibleTo: string | null;
  readonly ephemeral: boolean;
  /** A deferred reply the bot has not filled yet ("imagine is thinking…"). */
  readonly loading: boolean;
  readonly edits: number;
  readonly invocation: Invocation | null;
  /** Attachment URLs are made relative, so the page works under whatever host name it was opened with. */
  readonly data: APIMessage;
}

function property(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function children(value: unknown): unknown[] {
  const components = property(value, 'components');
  const accessory = property(value, 'accessory');
  return [...(Array.isArray(components) ? components : []), ...(accessory === undefined ? [] : [accessory])];
}

function buttonLabel(components: unknown, customId: string): string | undefined {
  if (!Array.isArray(components)) return undefined;
  for (const component of components) {
    if (property(component, 'custom_id') === customId) {
      const emoji = text(property(property(component, 'emoji'), 'name'));
      const label = text(property(component, 'label'));
      return [emoji, label].filter(Boolean).join(' ') || customId;
    }
    const nested = buttonLabel(children(component), customId);
    if (nested) return nested;
  }
  return undefined;
}

function commandLabel(data: unknown): string {
  const parts = [text(property(data, 'name')) ?? '?'];
  let options = property(data, 'options');
  // Subcommand groups and subcommands nest as options of type 2 and 1.
  while (Array.isArray(options) && options.length === 1 && [1, 2].includes(Number(property(options[0], 'type')))) {
    parts.push(text(property(options[0], 'name')) ?? '?');
    options = property(options[0], 'options');
  }
  return `/${parts.join(' ')}`;
}

export function describeInteraction(record: InteractionRecord, all: readonly InteractionRecord[]): Invocation {
  const data = property(record.payload, 'data');
  const customId = text(property(data, 'custom_id')) ?? '';
  let label: string;
  // A message app (command type 3) is named as Discord's client names it, without a slash.
  if (record.type === 2)
    label = property(data, 'type') === 3 ? (text(property(data, 'name')) ?? '?') : commandLabel(data);
  else if (record.type === 3)
    label = buttonLabel(property(property(record.payload, 'message'), 'components'), customId) ?? customId;
  else {
    const opener = all.find((r) => r.userId === record.userId && r.modal?.custom_id === customId && r.modalSubmitted);
    label = opener?.modal?.title ?? customId;
  }
  return { interactionId: record.id, userId: record.userId, type: record.type, label };
}

function relative(url: string, baseUrl: string): string {
  return url.startsWith(baseUrl) ? url.slice(baseUrl.length) : url;
}

export function messageView(
  message: StoredMessage,
  baseUrl: string,
  interactions: ReadonlyMap<string, InteractionRecord>,
): MessageView {
  const flags = message.data.flags ?? 0;
  const record = message.interactionId ? interactions.get(message.interactionId) : undefined;
  return {
    id: message.id,
    channelId: message.channelId,
    visibleTo: message.visibleTo,
    ephemeral: (flags & EPHEMERAL) !== 0,
    loading: (flags & LOADING) !== 0,
    edits: message.history.length,
    invocation: record ? describeInteraction(record, [...interactions.values()]) : null,
    data: {
      ...message.data,
      attachments: message.data.attachments.map((attachment) => ({
        ...attachment,
        url: relative(attachment.url, baseUrl),
        proxy_url: relative(attachment.proxy_url, baseUrl),
      })),
    },
  };
}

export function interactionIndex(records: readonly InteractionRecord[]): Map<string, InteractionRecord> {
  return new Map(records.map((record) => [record.id, record]));
}
