import type { APIMessage } from 'discord-api-types/v10';
import type { PermissionOverwrite } from './permissions.js';

/** Handles carry `kind` so command option values can be told apart at runtime (user vs role vs channel). */
export interface EmulatorUser {
  readonly kind: 'user';
  readonly key: string;
  readonly id: string;
  readonly username: string;
  readonly globalName: string | null;
  readonly bot: boolean;
}

export interface EmulatorRole {
  readonly kind: 'role';
  readonly key: string;
  readonly id: string;
  readonly guildId: string;
  readonly name: string;
  readonly color: number;
  readonly position: number;
  readonly managed: boolean;
  permissions: bigint;
}

export interface EmulatorChannel {
  readonly kind: 'channel';
  readonly key: string;
  readonly id: string;
  readonly guildId: string;
  readonly type: 0;
  readonly name: string;
  readonly nsfw: boolean;
  readonly topic: string | null;
  readonly position: number;
  overwrites: PermissionOverwrite[];
}

export interface EmulatorMember {
  readonly userId: string;
  readonly roleIds: string[];
  readonly nick: string | null;
  readonly joinedAt: string;
}

export interface EmulatorGuild {
  readonly kind: 'guild';
  readonly key: string;
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
  readonly botRoleId: string;
  readonly roles: EmulatorRole[];
  readonly channels: EmulatorChannel[];
  readonly members: Map<string, EmulatorMember>;
}

export interface StoredAttachment {
  readonly id: string;
  readonly filename: string;
  readonly contentType: string | null;
  readonly size: number;
  readonly url: string;
  readonly description: string | null;
  readonly bytes: Buffer;
}

/** A message as the emulator holds it: the wire object the bot sees plus who may see it. */
export interface StoredMessage {
  readonly id: string;
  readonly channelId: string;
  /** Current wire shape (what REST returns and what interactions carry as `message`). */
  data: APIMessage;
  /** Ephemeral messages are visible to this user only; null = everyone in the channel. */
  readonly visibleTo: string | null;
  /** Interaction whose response or follow-up this message is. */
  readonly interactionId: string | null;
  files: StoredAttachment[];
  deleted: boolean;
  /**
   * Earlier versions, oldest first, so a test or the playground can show how a reply evolved. Capped by the
   * `historyLimit` option (default 100; the oldest go first), so count edits with `edits`, not `history.length`.
   */
  readonly history: APIMessage[];
  /** How many times the message was edited (never capped). */
  edits: number;
}

export type MessageChange = 'created' | 'updated' | 'deleted';

export interface RestCall {
  readonly at: number;
  readonly method: string;
  /** Route template, e.g. `/webhooks/:application/:token/messages/@original`. */
  readonly route: string;
  /** The route's short name (`webhook-edit`, `callback`...), null when no route matched. */
  readonly name: string | null;
  readonly path: string;
  readonly status: number;
  /** Discord JSON error code when the call failed. */
  readonly code: number | null;
  /** Short summary of the request body: JSON (truncated) and files with sizes. */
  readonly body: string;
  readonly durationMs: number;
  /** Failed on purpose by `emulator.faults` (the status is the injected one). */
  readonly injected?: true;
}

export interface GatewayFrame {
  readonly at: number;
  readonly direction: 'in' | 'out';
  readonly sessionId: string | null;
  readonly op: number | null;
  readonly t: string | null;
  readonly s: number | null;
  readonly data: unknown;
}

export type ViolationSource = 'openapi' | 'limits' | 'protocol' | 'route' | 'gateway';

/** Something the bot did that real Discord would reject; tests assert the list stays empty. */
export interface Violation {
  readonly at: number;
  readonly source: ViolationSource;
  readonly method: string | null;
  readonly route: string | null;
  readonly code: number;
  readonly message: string;
  readonly errors: unknown;
}

export interface EmulatorLogger {
  warn(message: string): void;
  debug?(message: string): void;
}
