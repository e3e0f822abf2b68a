import { once } from 'node:events';
import { Client, type ClientOptions, Events, GatewayIntentBits } from 'discord.js';
import { type AdjustableClock, createAdjustableClock } from '../clock.js';
import {
  createEmulator,
  type DefaultSeed,
  type Emulator,
  type EmulatorOptions,
  type EmulatorSeed,
  type Violation,
} from '../index.js';

export interface DiscordTestBed<S extends EmulatorSeed = DefaultSeed> {
  readonly emulator: Emulator<S>;
  /** A real discord.js client, logged in to the emulator and past `clientReady`. */
  readonly client: Client<true>;
  /** The clock shared by the emulator and (if you pass it on) the bot under test. */
  readonly clock: AdjustableClock;
  close(): Promise<void>;
}

export interface StartDiscordOptions<S extends EmulatorSeed = DefaultSeed> extends EmulatorOptions<S> {
  /** Extra discord.js options; `rest.api` is always pointed at the emulator. */
  readonly client?: Partial<ClientOptions>;
}

/** Emulator + logged-in discord.js client; both stopped by `close()`. */
export async function startDiscord<S extends EmulatorSeed = DefaultSeed>(
  options: StartDiscordOptions<S> = {},
): Promise<DiscordTestBed<S>> {
  const clock = options.clock ?? createAdjustableClock();
  const emulator = createEmulator<S>({ ...options, clock });
  await emulator.start();
  const client = createClient(emulator, options.client);
  try {
    await loginClient(client, emulator.token);
  } catch (error) {
    await client.destroy();
    await emulator.stop();
    throw error;
  }
  return {
    emulator,
    client: client as Client<true>,
    clock,
    async close() {
      await client.destroy();
      await emulator.stop();
    },
  };
}

export function createClient(emulator: { readonly restUrl: string }, extra: Partial<ClientOptions> = {}): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    ...extra,
    rest: { ...extra.rest, api: emulator.restUrl },
  });
}

/** Resolves after `clientReady` (login alone resolves at READY, before the guilds arrive). */
export async function loginClient(client: Client, token: string): Promise<void> {
  const ready = once(client, Events.ClientReady);
  await client.login(token);
  await ready;
}

/** Fails the test with a readable list if the bot did anything real Discord would reject. */
export function expectNoViolations(emulator: { readonly violations: readonly Violation[] }): void {
  if (emulator.violations.length === 0) return;
  const lines = emulator.violations.map(
    (v) => `- [${v.source}] ${v.method ?? ''} ${v.route ?? ''} ${v.code}: ${v.message}`,
  );
  throw new Error(`Discord emulator recorded ${emulator.violations.length} violation(s):\n${lines.join('\n')}`);
}
