import type { AdjustableClock } from './clock.js';
import type { CommandStore } from './commands.js';
import type { Diagnostics } from './diagnostics.js';
import type { EmulatorEvents } from './events.js';
import type { GatewayServer } from './gateway/server.js';
import type { InteractionRegistry } from './interactions/registry.js';
import type { MessageStore } from './messages/store.js';
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
}

/** What REST handlers, the gateway and the test API share; one per emulator, never module-level. */
export interface EmulatorContext {
  readonly clock: AdjustableClock;
  readonly mint: SnowflakeMinter;
  readonly world: World;
  readonly store: MessageStore;
  readonly interactions: InteractionRegistry;
  readonly commands: CommandStore;
  readonly events: EmulatorEvents;
  readonly diagnostics: Diagnostics;
  readonly schemas: SchemaRegistry;
  readonly config: EmulatorConfig;
  readonly gateway: GatewayServer;
  /** `http://127.0.0.1:PORT` once started; attachment URLs and the gateway URL derive from it. */
  baseUrl(): string;
}
