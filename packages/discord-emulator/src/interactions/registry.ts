import type {
  APIApplicationCommandOptionChoice,
  APIInteraction,
  APIModalInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import type { Clock } from '../clock.js';
import type { Signals } from '../signals.js';

export interface InteractionResponse {
  readonly type: number;
  readonly at: number;
  readonly data: unknown;
}

/** 2 application command, 3 message component, 4 autocomplete, 5 modal submit. */
export type InteractionKind = 2 | 3 | 4 | 5;

/** The kinds a user action produces that the bot answers with a message or modal (everything but autocomplete). */
export type MessageInteractionKind = 2 | 3 | 5;

/**
 * One dispatched interaction and everything the bot did with it. Without a type argument it is one of the kinds
 * answered with a message or modal (what `interactions()` lists); autocomplete records are `InteractionRecord<4>`.
 */
export interface InteractionRecord<K extends InteractionKind = MessageInteractionKind> {
  readonly id: string;
  readonly token: string;
  readonly type: K;
  readonly createdAt: number;
  readonly userId: string;
  readonly guildId: string;
  readonly channelId: string;
  readonly payload: APIInteraction;
  /** For application commands: 1 chat input, 2 user context menu, 3 message context menu. */
  readonly commandType: number | null;
  /** The user or message a context-menu command targets. */
  readonly targetId: string | null;
  /** Sent through a `forge*` / `unchecked` escape hatch: not something a real Discord client could send. */
  readonly forged: boolean;
  /** The message a clicked component (or the modal it opened) sits on. */
  readonly sourceMessageId: string | null;
  /** `edits` of the source message at dispatch, to tell "edited since the click". */
  readonly sourceVersion: number;
  response: InteractionResponse | null;
  /** The response message (types 4/5) or, for 6/7, the source message; what `@original` addresses. */
  originalMessageId: string | null;
  readonly followUpIds: string[];
  ephemeral: boolean;
  modal: APIModalInteractionResponseCallbackData | null;
  modalSubmitted: boolean;
  /** What the bot answered an autocomplete interaction with (callback type 8). */
  choices: APIApplicationCommandOptionChoice[] | null;
}

export type AnyInteractionRecord = InteractionRecord<InteractionKind>;

export const isMessageInteraction = (record: AnyInteractionRecord): record is InteractionRecord => record.type !== 4;

export const isAutocomplete = (record: AnyInteractionRecord): record is InteractionRecord<4> => record.type === 4;

export interface InteractionRegistry {
  add(record: AnyInteractionRecord): void;
  get(id: string): AnyInteractionRecord | undefined;
  byToken(token: string): AnyInteractionRecord | undefined;
  /** Every kind but autocomplete, oldest first. */
  all(): InteractionRecord[];
  size(): number;
}

export interface RegistryLimits {
  /** Below this many records nothing is forgotten, so tests always see every interaction. */
  readonly keep: number;
  /** Above `keep`, records older than this (emulator clock) are forgotten, oldest first. */
  readonly maxAgeMs: number;
}

/**
 * Long benchmark runs create an interaction every few milliseconds; records whose token died long ago are dropped
 * once there are many, so memory stays flat. Below `keep` records (every test) nothing is ever dropped.
 */
export function createInteractionRegistry(
  clock: Clock,
  signals: Signals,
  limits: RegistryLimits = { keep: 10_000, maxAgeMs: 60 * 60_000 },
): InteractionRegistry {
  const byId = new Map<string, AnyInteractionRecord>();
  const byToken = new Map<string, AnyInteractionRecord>();
  const prune = () => {
    const cutoff = clock.now() - limits.maxAgeMs;
    for (const record of byId.values()) {
      if (byId.size <= limits.keep || record.createdAt >= cutoff) return;
      byId.delete(record.id);
      byToken.delete(record.token);
      signals.clear(`interaction:${record.id}`);
    }
  };
  return {
    add(record) {
      byId.set(record.id, record);
      byToken.set(record.token, record);
      if (byId.size > limits.keep) prune();
    },
    get: (id) => byId.get(id),
    byToken: (token) => byToken.get(token),
    all: () => [...byId.values()].filter(isMessageInteraction),
    size: () => byId.size,
  };
}
