export type { ChannelRef, InteractionRef, MessageRef, UserRef } from './actions.js';
export type {
  Emulator,
  EmulatorEndpoints,
  EmulatorOptions,
  MessageQuery,
  MessageWait,
  OverwriteChange,
} from './api.js';
export { createEmulator } from './emulator.js';
export type { EmulatorEventMap, EmulatorEventName, EmulatorEvents } from './events.js';
export {
  type CommandOptionValue,
  type CommandOptionValues,
  type CommandPath,
  EmulatorUsageError,
} from './interactions/command-options.js';
export type { InteractionHandle, MessageWaitOptions } from './interactions/handle.js';
export type { ModalValues } from './interactions/modal-submit.js';
export type { InteractionRecord, InteractionResponse } from './interactions/registry.js';
export {
  ALL_PERMISSIONS,
  computeChannelPermissions,
  DEFAULT_BOT_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  hasPermission,
  Permission,
} from './permissions.js';
export type { PageHandler } from './rest/server.js';
export { type DefaultSeed, defaultSeed, type EmulatorSeed } from './seed.js';
export { createSnowflakeMinter, DISCORD_EPOCH } from './snowflake.js';
export type * from './types.js';
export { createSchemaRegistry, type SchemaRegistry } from './validation/openapi.js';
export type { WaitOptions } from './waiters.js';
