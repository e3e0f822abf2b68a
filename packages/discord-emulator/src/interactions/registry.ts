import type { APIInteraction, APIModalInteractionResponseCallbackData } from 'discord-api-types/v10';

export interface InteractionResponse {
  readonly type: number;
  readonly at: number;
  readonly data: unknown;
}

/** One dispatched interaction and everything the bot did with it. */
export interface InteractionRecord {
  readonly id: string;
  readonly token: string;
  /** 2 application command, 3 message component, 5 modal submit. */
  readonly type: 2 | 3 | 5;
  readonly createdAt: number;
  readonly userId: string;
  readonly guildId: string;
  readonly channelId: string;
  readonly payload: APIInteraction;
  /** The message a clicked component (or the modal it opened) sits on. */
  readonly sourceMessageId: string | null;
  /** `history.length` of the source message at dispatch, to tell "edited since the click". */
  readonly sourceVersion: number;
  response: InteractionResponse | null;
  /** The response message (types 4/5) or, for 6/7, the source message; what `@original` addresses. */
  originalMessageId: string | null;
  readonly followUpIds: string[];
  ephemeral: boolean;
  modal: APIModalInteractionResponseCallbackData | null;
  modalSubmitted: boolean;
}

export interface InteractionRegistry {
  add(record: InteractionRecord): void;
  get(id: string): InteractionRecord | undefined;
  byToken(token: string): InteractionRecord | undefined;
  all(): InteractionRecord[];
}

export function createInteractionRegistry(): InteractionRegistry {
  const byId = new Map<string, InteractionRecord>();
  const byToken = new Map<string, InteractionRecord>();
  return {
    add(record) {
      byId.set(record.id, record);
      byToken.set(record.token, record);
    },
    get: (id) => byId.get(id),
    byToken: (token) => byToken.get(token),
    all: () => [...byId.values()],
  };
}
