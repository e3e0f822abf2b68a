import type { APIApplicationCommand } from 'discord-api-types/v10';
import type { ChannelRef, UserRef } from './actions/refs.js';
import type { EmulatorActions } from './api-actions.js';
import type { AdjustableClock } from './clock.js';
import type { EmulatorEvents } from './events.js';
import type { RestFault, RestFaultSpec } from './faults/rest-faults.js';
import type { GatewayDropOptions } from './gateway/server.js';
import type { InteractionRecord } from './interactions/registry.js';
import type { PageHandler } from './rest/server.js';
import type { DefaultSeed, EmulatorSeed, GuildSeed, SeedChannelKey, SeedRoleKey } from './seed.js';
import type { GeneratedGuildsOptions } from './seed-guilds.js';
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
  /**
   * Check request bodies against Discord's OpenAPI document. Default true; benchmarks may turn it off. The documented
   * limits (content length, components, embeds, modals, command rules) are checked either way.
   */
  readonly validateOpenApi?: boolean;
  /** Earlier versions kept per message in `history` (oldest dropped first). Default 100; 0 keeps none. */
  readonly historyLimit?: number;
  /** Messages kept in all, oldest evicted first (deleted ones included). Default: no limit. */
  readonly messageRetention?: number;
  /** Privileged intents the "developer portal" allows (GuildMembers, GuildPresences, MessageContent). Default none. */
  readonly privilegedIntents?: number;
  readonly heartbeatIntervalMs?: number;
  /** Default 0 (a random free port). The emulator binds to 127.0.0.1 only. */
  readonly port?: number;
  /**
   * Generated servers added after the seeded ones (a number, or options): each with #general, the first guild's
   * members and the default roles, ids spread over shards. 3,000 start and log in within a second or two.
   */
  readonly extraGuilds?: number | GeneratedGuildsOptions;
  /** A shard whose session would hold more guilds is closed with 4011 "Sharding required". Default 2500. */
  readonly maxGuildsPerShard?: number;
  /** GET /gateway/bot recommends `max(1, ceil(guilds / this))` shards. Default 1000, as Discord does. */
  readonly guildsPerRecommendedShard?: number;
  /** `session_start_limit.total` (IDENTIFYs per 24 h). Default 1000. */
  readonly sessionStartLimit?: number;
  /**
   * `session_start_limit.max_concurrency`. Default 16 (Discord gives 1 to small bots): discord.js waits 5 s
   * between IDENTIFYs in one bucket, so a multi-shard client would log in slowly. Set 1 to see that.
   */
  readonly maxConcurrency?: number;
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

export interface DisconnectOptions {
  /** Only this shard's connection; default every connection. */
  readonly shard?: number;
}

/** Fault injection for the bot's fault suite: failing REST calls, and a gateway connection lost mid-burst. */
export interface EmulatorFaults {
  /** Fails matching REST requests (5xx, or 429 with Discord's body and headers) until the fault ends or is removed. */
  add(spec: RestFaultSpec): RestFault;
  list(): RestFault[];
  clear(): void;
  /**
   * Drops the bot's connection(s) right after the next `afterDispatches` dispatches (default 1); discord.js RESUMEs
   * and gets what was dispatched meanwhile. Resolves once the socket(s) went.
   */
  dropGateway(options?: GatewayDropOptions): Promise<void>;
}

/** What the emulator holds, to check a long run stays bounded. */
export interface EmulatorStats {
  /** Messages held, deleted ones included (bounded by `messageRetention`). */
  readonly messages: number;
  /** Interaction records held, autocomplete included (old ones are dropped past 10,000). */
  readonly interactions: number;
  /** Interactions and messages someone is waiting on (handle.reply(), handle.response...). */
  readonly pendingWaits: number;
  /** Gateway sessions that can still receive dispatches. */
  readonly sessions: number;
}

export interface Emulator<S extends EmulatorSeed = DefaultSeed> extends EmulatorEndpoints, EmulatorActions {
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
  readonly faults: EmulatorFaults;

  start(): Promise<EmulatorEndpoints>;
  stop(): Promise<void>;

  waitForMessage(predicate: (message: StoredMessage) => boolean, options?: MessageWait): Promise<StoredMessage>;
  /** Resolves once a bot session is connected (identified or resumed). */
  waitForBot(options?: WaitOptions): Promise<void>;
  messages(channel?: ChannelRef, query?: MessageQuery): StoredMessage[];
  getMessage(id: string): StoredMessage | undefined;
  /** Registered commands: global ones, or one guild's when `guild` is given. */
  commands(guild?: EmulatorGuild | string): APIApplicationCommand[];
  /** Every interaction but autocomplete ones, oldest first. */
  interactions(): InteractionRecord[];
  stats(): EmulatorStats;
  /** Every guild, generated ones included, in seed order (then those added at runtime). */
  allGuilds(): EmulatorGuild[];
  /** The shard a guild lives on for a given shard count: `(guild_id >> 22) % shardCount`. */
  shardOf(guild: EmulatorGuild | string, shardCount: number): number;
  /** The bot joins a new guild: GUILD_CREATE goes to the shard that owns it. Owner and members are seeded user keys. */
  addGuild(key: string, seed: GuildSeed): EmulatorGuild;

  advanceClock(ms: number): void;
  /** Drops the bot's gateway socket(s); discord.js then RESUMEs and gets what was dispatched meanwhile. */
  disconnectBot(closeCode?: number, options?: DisconnectOptions): Promise<void>;
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
