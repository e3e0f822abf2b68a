import { createSchemaRegistry, type SchemaRegistry } from '../../src/emulator/index.js';
import {
  type FakeStabilityServer,
  type FakeStabilityServerOptions,
  startFakeStabilityServer,
} from '../fakes/stability-server.js';
import { type DiscordTestBed, type StartDiscordOptions, startDiscord } from './discord.js';

export interface LocalServices {
  readonly discord: DiscordTestBed;
  readonly stability: FakeStabilityServer;
  close(): Promise<void>;
}

export interface LocalServicesOptions {
  readonly discord?: StartDiscordOptions;
  readonly stability?: FakeStabilityServerOptions;
}

/**
 * Discord emulator + fake Stability server on one clock, for end-to-end tests of the bot. The bot itself is wired
 * by the caller (it needs `discord.client` or `discord.emulator.restUrl`/`token`, and `stability.url`/`apiKey`).
 */
export async function startLocalServices(options: LocalServicesOptions = {}): Promise<LocalServices> {
  const discord = await startDiscord(options.discord);
  const stability = await startFakeStabilityServer({ clock: discord.clock, ...options.stability });
  return {
    discord,
    stability,
    async close() {
      await Promise.all([discord.close(), stability.close()]);
    },
  };
}

/** One compiled OpenAPI registry per test file: pass it as `schemas` to every emulator the file starts. */
export function createTestSchemas(): SchemaRegistry {
  return createSchemaRegistry();
}
