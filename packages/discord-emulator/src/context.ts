import type { AdjustableClock } from './clock.js';
import type { CommandStore } from './commands.js';
import type { Diagnostics } from './diagnostics.js';
import type { EmulatorEvents } from './events.js';
import type { RestFaults } from './faults/rest-faults.js';
import type { GatewayServer } from './gateway/server.js';
import type { InteractionRegistry } from './interactions/registry.js';
import type { NonceIndex } from './messages/nonces.js';
import type { MessageStore } from './messages/store.js';
import type { Signals } from './signals.js';
import type { SnowflakeMinter } from './snowflake.js';
import type { SchemaRegistry } from './validation/openapi.js';
import type { World } from './world.js';

export interface EmulatorConfig {
  readonly token: string;
  readonly applicationId: string;
  /** Per-file limit on interaction routes; also sent as `attachment_size_limit` in interactions. */
  readonly attachmentSizeLimit: number;
  /** Per-file limit on bot-token channel routes. */
  readonly channelAttachmentLimit: number;
  readonly responseWindowMs: number;
  readonly tokenLifetimeMs: number;
  readonly privilegedIntents: number;
  readonly heartbeatIntervalMs: number;
  /** A session whose shard would hold more guilds is closed with 4011 (Discord: 2500). */
  readonly maxGuildsPerShard: number;
  /** GET /gateway/bot recommends one shard per this many guilds (Discord: 1000). */
  readonly guildsPerRecommendedShard: number;
  /** `session_start_limit.total` (Discord: 1000 a day). */
  readonly sessionStartLimit: number;
  /** `session_start_limit.max_concurrency`: IDENTIFYs discord.js sends at once before its 5 s throttle. */
  readonly maxConcurrency: number;
}

/** What REST handlers, the gateway and the test API share; one per emulator, never module-level. */
export interface EmulatorContext {
  readonly clock: AdjustableClock;
  readonly mint: SnowflakeMinter;
  readonly world: World;
  readonly store: MessageStore;
  /** Recent `nonce`s per author, for `enforce_nonce` on channel messages. */
  readonly nonces: NonceIndex;
  readonly interactions: InteractionRegistry;
  readonly commands: CommandStore;
  readonly events: EmulatorEvents;
  /** Wake-ups keyed by interaction or message id (see waiters). */
  readonly signals: Signals;
  readonly diagnostics: Diagnostics;
  readonly schemas: SchemaRegistry;
  readonly config: EmulatorConfig;
  readonly gateway: GatewayServer;
  readonly faults: RestFaults;
  /** `http://127.0.0.1:PORT` once started; attachment URLs and the gateway URL derive from it. */
  baseUrl(): string;
}
