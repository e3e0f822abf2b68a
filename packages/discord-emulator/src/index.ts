export type { AutocompleteOptions } from './actions/autocomplete.js';
export type { ClickOptions } from './actions/components.js';
export type { ForgedCommandOptions, ForgedInteractionOptions } from './actions/forge.js';
export type { UserMessage } from './actions/messages.js';
export type { ForgedModalOptions, SubmitOptions } from './actions/modals.js';
export type { ChannelRef, InteractionRef, MessageRef, UserRef } from './actions/refs.js';
export type {
  DisconnectOptions,
  Emulator,
  EmulatorEndpoints,
  EmulatorFaults,
  EmulatorOptions,
  EmulatorStats,
  MessageQuery,
  MessageWait,
  OverwriteChange,
} from './api.js';
export type { EmulatorActions } from './api-actions.js';
export { createEmulator } from './emulator.js';
export type { EmulatorEventMap, EmulatorEventName, EmulatorEvents } from './events.js';
export type { FaultRequest, FaultStatus, RestFault, RestFaultSpec } from './faults/rest-faults.js';
export type { GatewayDropOptions } from './gateway/server.js';
export {
  type CommandOptionValue,
  type CommandOptionValues,
  type CommandPath,
  EmulatorUsageError,
} from './interactions/command-options.js';
export type { InteractionHandle, MessageWaitOptions } from './interactions/handle.js';
export type { ModalValues } from './interactions/modal-submit.js';
export type {
  AnyInteractionRecord,
  InteractionKind,
  InteractionRecord,
  InteractionResponse,
  MessageInteractionKind,
} from './interactions/registry.js';
export { NONCE_WINDOW_MS } from './messages/nonces.js';
export type { UserFile } from './messages/user-files.js';
export {
  ALL_PERMISSIONS,
  computeChannelPermissions,
  DEFAULT_BOT_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  hasPermission,
  Permission,
} from './permissions.js';
export type { RouteName } from './rest/router.js';
export type { PageHandler } from './rest/server.js';
export {
  type ChannelSeed,
  type DefaultSeed,
  defaultSeed,
  type EmulatorSeed,
  type GuildSeed,
  type MemberSeed,
  type RoleSeed,
  type UserSeed,
} from './seed.js';
export { type GeneratedGuildsOptions, generateGuildSeeds, withGeneratedGuilds } from './seed-guilds.js';
export { createSnowflakeMinter, DISCORD_EPOCH, snowflakeAt } from './snowflake.js';
export type * from './types.js';
export { CommandCounts } from './validation/command-limits.js';
export { createSchemaRegistry, type SchemaRegistry } from './validation/openapi.js';
export type { WaitOptions } from './waiters.js';
