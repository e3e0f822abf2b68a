import { randomBytes } from 'node:crypto';
import type { EmulatorOptions } from './api.js';
import { type AdjustableClock, createAdjustableClock } from './clock.js';
import { createCommandStore } from './commands.js';
import type { EmulatorConfig, EmulatorContext } from './context.js';
import { createDiagnostics, createStderrLogger } from './diagnostics.js';
import { createEmulatorEvents } from './events.js';
import { createRestFaults } from './faults/rest-faults.js';
import { createGatewayServer } from './gateway/server.js';
import { createInteractionRegistry } from './interactions/registry.js';
import { createNonceIndex } from './messages/nonces.js';
import { createMessageStore } from './messages/store.js';
import { defaultSeed, type EmulatorSeed } from './seed.js';
import { withGeneratedGuilds } from './seed-guilds.js';
import { createSignals, signalFromEvents } from './signals.js';
import { createSnowflakeMinter } from './snowflake.js';
import { createPermissiveSchemaRegistry, createSchemaRegistry } from './validation/openapi.js';
import { buildWorld } from './world.js';

const MIB = 1024 * 1024;

function configOf(options: EmulatorOptions<EmulatorSeed>, token: string, applicationId: string): EmulatorConfig {
  return {
    token,
    applicationId,
    attachmentSizeLimit: options.attachmentSizeLimit ?? 10 * MIB,
    channelAttachmentLimit: 10 * MIB,
    responseWindowMs: 3_000,
    tokenLifetimeMs: 15 * 60_000,
    privilegedIntents: options.privilegedIntents ?? 0,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    maxGuildsPerShard: options.maxGuildsPerShard ?? 2_500,
    guildsPerRecommendedShard: options.guildsPerRecommendedShard ?? 1_000,
    sessionStartLimit: options.sessionStartLimit ?? 1_000,
    maxConcurrency: options.maxConcurrency ?? 16,
  };
}

export interface BuiltContext {
  readonly ctx: EmulatorContext;
  readonly clock: AdjustableClock;
  /** Sets the HTTP base URL once the server listens. */
  setBaseUrl(url: string): void;
  baseUrl(): string | undefined;
  gatewayUrl(): string;
  /** Detaches the context's internal listeners. */
  detach(): void;
}

/** Everything one emulator's routes, gateway and test API share, built from the options (no server yet). */
export function buildContext(options: EmulatorOptions<EmulatorSeed>): BuiltContext {
  const clock: AdjustableClock = options.clock ?? createAdjustableClock();
  const mint = createSnowflakeMinter(clock);
  const seed = options.seed ?? defaultSeed;
  const world = buildWorld(
    options.extraGuilds === undefined ? seed : withGeneratedGuilds(seed, options.extraGuilds),
    mint,
    clock,
  );
  const logger = options.logger ?? createStderrLogger();
  const events = createEmulatorEvents((error) => logger.warn(`event listener threw: ${String(error)}`));
  const diagnostics = createDiagnostics(clock, events, logger);
  const signals = createSignals((error) => logger.warn(`signal listener threw: ${String(error)}`));
  const stopSignals = signalFromEvents(events, signals);
  const applicationId = world.bot.id;
  const token =
    options.token ??
    `${Buffer.from(applicationId).toString('base64url')}.emulator.${randomBytes(20).toString('base64url')}`;
  let base: string | undefined;
  const requireStarted = () => {
    if (!base) throw new Error('emulator: call start() first');
    return base;
  };
  const gatewayUrl = () => `${requireStarted().replace(/^http/, 'ws')}/gateway`;
  const ctx: EmulatorContext = {
    clock,
    mint,
    world,
    store: createMessageStore(events, {
      historyLimit: options.historyLimit ?? 100,
      retention: options.messageRetention ?? Number.POSITIVE_INFINITY,
    }),
    nonces: createNonceIndex(clock),
    interactions: createInteractionRegistry(clock, signals),
    commands: createCommandStore(events),
    events,
    signals,
    diagnostics,
    schemas:
      options.validateOpenApi === false
        ? createPermissiveSchemaRegistry()
        : (options.schemas ?? createSchemaRegistry(options.openApiPath)),
    config: configOf(options, token, applicationId),
    gateway: createGatewayServer(() => ctx, gatewayUrl),
    faults: createRestFaults(clock),
    baseUrl: requireStarted,
  };
  return {
    ctx,
    clock,
    setBaseUrl(url) {
      base = url;
    },
    baseUrl: () => base,
    gatewayUrl,
    detach: stopSignals,
  };
}
