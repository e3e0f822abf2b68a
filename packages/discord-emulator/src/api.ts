import type { APIApplicationCommand } from 'discord-api-types/v10';
import type { ChannelRef, InteractionRef, MessageRef, UserRef } from './actions.js';
import type { AdjustableClock } from './clock.js';
import type { EmulatorEvents } from './events.js';
import type { CommandOptionValues, CommandPath } from './interactions/command-options.js';
import type { InteractionHandle } from './interactions/handle.js';
import type { ModalValues } from './interactions/modal-submit.js';
import type { InteractionRecord } from './interactions/registry.js';
import type { PageHandler } from './rest/server.js';
import type { DefaultSeed, EmulatorSeed, SeedChannelKey, SeedRoleKey } from './seed.js';
import type {
  EmulatorChannel,
  EmulatorGuild,
  EmulatorLogger,
  EmulatorRole,
  EmulatorUser,
  GatewayFrame,
  RestCall,
  StoredMessage,
  Violation,
} from './types.js';
import type { SchemaRegistry } from './validation/openapi.js';
import type { WaitOptions } from './waiters.js';

export interface EmulatorOptions<S extends EmulatorSeed = DefaultSeed> {
  /** Shared with the bot so both cross the 3 s / 15 min windows together. Default: createAdjustableClock(). */
  readonly clock?: AdjustableClock;
  /** Bot token the emulator accepts. Default: a fresh random one. */
  readonly token?: string;
  /** Per-file upload limit on interaction routes, also sent as `attachment_size_limit`. Default 10 MiB. */
  readonly attachmentSizeLimit?: number;
  /** Guilds, users, roles, channels. Default: `defaultSeed` (Playground with alice, bob, mod). */
  readonly seed?: S;
  /** Where violations and warnings go. Default: stderr. */
  readonly logger?: EmulatorLogger;
  /** Compiled OpenAPI validators to reuse across emulators (compiling costs ~0.2 s per process). */
  readonly schemas?: SchemaRegistry;
  readonly openApiPath?: string;
  /** Privileged intents the "developer portal" allows (GuildMembers, GuildPresences, MessageContent). Default none. */
  readonly privilegedIntents?: number;
  readonly heartbeatIntervalMs?: number;
  /** Default 0 (a random free port). The emulator binds to 127.0.0.1 only. */
  readonly port?: number;
}

export interface EmulatorEndpoints {
  /** Pass as discord.js `rest: { api: restUrl }`, e.g. `http://127.0.0.1:PORT/api`. */
  readonly restUrl: string;
  readonly gatewayUrl: string;
  readonly baseUrl: string;
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: EmulatorUser;
}

export interface MessageQuery {
  /** Only messages this user can see (drops other users' ephemerals). Default: all. */
  readonly visibleTo?: UserRef;
}

export interface MessageWait extends WaitOptions {
  /** Also match messages that already exist (default: only creates/updates from now on). */
  readonly includeExisting?: boolean;
}

export interface OverwriteChange {
  readonly allow?: bigint;
  readonly deny?: bigint;
}

export interface Emulator<S extends EmulatorSeed = DefaultSeed> extends EmulatorEndpoints {
  readonly clock: AdjustableClock;
  readonly users: { readonly [K in keyof S['users'] & string]: EmulatorUser };
  readonly channels: { readonly [K in SeedChannelKey<S>]: EmulatorChannel };
  readonly roles: { readonly [K in SeedRoleKey<S>]: EmulatorRole };
  readonly guilds: { readonly [K in keyof S['guilds'] & string]: EmulatorGuild };
  /** The first guild of the seed. */
  readonly guild: EmulatorGuild;
  readonly events: EmulatorEvents;
  /** What real Discord would have rejected; assert it stays empty (see test/helpers `expectNoViolations`). */
  readonly violations: readonly Violation[];
  readonly calls: readonly RestCall[];
  readonly frames: readonly GatewayFrame[];

  start(): Promise<EmulatorEndpoints>;
  stop(): Promise<void>;

  invokeCommand(
    user: UserRef,
    channel: ChannelRef,
    name: string,
    options?: CommandOptionValues,
    path?: CommandPath,
  ): InteractionHandle;
  clickButton(user: UserRef, message: MessageRef, customId: string): InteractionHandle;
  submitModal(user: UserRef, source: InteractionRef, customId: string, values: ModalValues): InteractionHandle;
  /** A user posts a plain text message (MESSAGE_CREATE reaches bots with the GUILD_MESSAGES intent). */
  sendMessage(user: UserRef, channel: ChannelRef, content: string): StoredMessage;

  waitForMessage(predicate: (message: StoredMessage) => boolean, options?: MessageWait): Promise<StoredMessage>;
  /** Resolves once a bot session is connected (identified or resumed). */
  waitForBot(options?: WaitOptions): Promise<void>;
  messages(channel?: ChannelRef, query?: MessageQuery): StoredMessage[];
  getMessage(id: string): StoredMessage | undefined;
  /** Registered commands: global ones, or one guild's when `guild` is given. */
  commands(guild?: EmulatorGuild | string): APIApplicationCommand[];
  interactions(): InteractionRecord[];

  advanceClock(ms: number): void;
  /** Drops the bot's gateway socket(s); discord.js then RESUMEs and gets what was dispatched meanwhile. */
  disconnectBot(closeCode?: number): Promise<void>;
  /** Changes a channel overwrite (e.g. deny the bot SEND_MESSAGES) and tells the bot via CHANNEL_UPDATE. */
  setChannelPermissions(
    channel: ChannelRef,
    target: UserRef | EmulatorRole | '@everyone',
    change: OverwriteChange,
  ): void;
  /**
   * Serves extra pages from the emulator's own HTTP server (the playground), for paths outside `/api`,
   * `/attachments` and `/gateway`. Returns the function that removes the handler.
   */
  addPageHandler(handler: PageHandler): () => void;
}
