import { Events, GatewayIntentBits, type Message } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdjustableClock } from '../src/clock.js';
import {
  createEmulator,
  createSchemaRegistry,
  createSnowflakeMinter,
  DISCORD_EPOCH,
  type EmulatorEventMap,
  type EmulatorSeed,
  Permission,
} from '../src/index.js';
import { createClient, type DiscordTestBed, startDiscord } from '../src/testing/discord.js';
import { nextCommand } from '../src/testing/interactions.js';

const schemas = createSchemaRegistry();

describe('snowflakes', () => {
  it('are minted from the clock like Discord ids, unique and increasing', () => {
    const clock = createAdjustableClock();
    const mint = createSnowflakeMinter(clock);
    const ids = Array.from({ length: 5_000 }, () => mint.next());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id, i) => i === 0 || BigInt(id) > BigInt(ids[i - 1] ?? '0'))).toBe(true);
    expect(ids.every((id) => /^\d{17,19}$/.test(id))).toBe(true);
    clock.advance(15 * 60_000);
    const later = mint.next();
    expect(mint.timestampOf(later)).toBeGreaterThanOrEqual(clock.now() - 1);
    expect(Number(BigInt(later) >> 22n) + DISCORD_EPOCH).toBe(mint.timestampOf(later));
  });
});

describe('state and test API', () => {
  let bed: DiscordTestBed | undefined;
  afterEach(async () => {
    await bed?.close();
    bed = undefined;
  });

  it('emits events and resolves waitForMessage on the matching create or update, without polling', async () => {
    bed = await startDiscord({ schemas });
    const { emulator, client } = bed;
    const seen: EmulatorEventMap['message']['change'][] = [];
    emulator.events.on('message', ({ change }) => seen.push(change));
    const interactions: string[] = [];
    emulator.events.on('interaction', ({ interaction }) => interactions.push(interaction.id));
    const received = nextCommand(client);
    const handle = emulator.invokeCommand(emulator.users.bob, emulator.channels.general, 'imagine', { prompt: 'x' });
    const done = emulator.waitForMessage((m) => m.data.content === 'final', { timeoutMs: 2_000 });
    const interaction = await received;
    await interaction.deferReply();
    await interaction.editReply('final');
    expect((await done).id).toBe(handle.original()?.id);
    expect(seen).toEqual(['created', 'updated']);
    expect(interactions).toEqual([handle.id]);
    expect(await emulator.waitForMessage((m) => m.data.content === 'final', { includeExisting: true })).toBe(
      await done,
    );
    const timedOut = await emulator.waitForMessage(() => false, { timeoutMs: 20 }).catch((e: Error) => e.message);
    expect(timedOut).toMatch(/timed out.*last REST calls.*PATCH \/webhooks\/\d+\/:token\/messages/s);
    // The interaction token is a credential: the failure says where the call went, never the token.
    expect(timedOut).not.toContain(interaction.token);
    expect(emulator.calls.map((c) => `${c.method} ${c.route} ${c.status}`)).toEqual([
      'GET /gateway/bot 200',
      'POST /interactions/:interaction/:token/callback 204',
      'PATCH /webhooks/:application/:token/messages/:message 200',
    ]);
    const outgoing = emulator.frames.filter((f) => f.direction === 'out' && f.op === 0).map((f) => f.s);
    expect(outgoing).toEqual([1, 2, 3]);
  });

  it('forwards user messages to bots that ask for GUILD_MESSAGES, content only with MESSAGE_CONTENT', async () => {
    bed = await startDiscord({
      schemas,
      privilegedIntents: GatewayIntentBits.MessageContent,
      client: {
        intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
      },
    });
    const { emulator, client } = bed;
    const got = new Promise<Message>((resolve) => client.once(Events.MessageCreate, resolve));
    emulator.sendMessage(emulator.users.alice, emulator.channels.general, 'hi bot');
    const message = await got;
    expect(message.content).toBe('hi bot');
    expect(message.author.id).toBe(emulator.users.alice.id);
    expect(message.member?.roles.cache.has(emulator.roles.artist.id)).toBe(true);
  });

  it('refuses privileged intents the app was not granted (4014), like Discord', async () => {
    const emulator = createEmulator({ schemas, logger: { warn: () => {} } });
    await emulator.start();
    const closed = new Promise<number>((resolve) =>
      emulator.events.on('gateway', (e) => e.change === 'closed' && resolve(e.code ?? 0)),
    );
    const client = createClient(emulator, { intents: [GatewayIntentBits.Guilds, GatewayIntentBits.MessageContent] });
    void client.login(emulator.token).catch(() => {});
    expect(await closed).toBe(4014);
    await client.destroy();
    await emulator.stop();
  });

  it('accepts a custom seed with typed handles and computes member permissions from roles', async () => {
    const seed = {
      users: { ann: { username: 'ann' }, boss: { username: 'boss' } },
      guilds: {
        studio: {
          name: 'Studio',
          owner: 'boss',
          roles: { admin: { name: 'Admin', permissions: Permission.Administrator } },
          channels: { lobby: { name: 'lobby' } },
          members: { ann: { roles: ['admin'] }, boss: {} },
        },
      },
    } as const satisfies EmulatorSeed;
    const custom = await startDiscord({ schemas, seed });
    try {
      const { emulator } = custom;
      expect(emulator.guild.name).toBe('Studio');
      expect(emulator.channels.lobby.name).toBe('lobby');
      const received = nextCommand(custom.client);
      emulator.invokeCommand(emulator.users.ann, emulator.channels.lobby, 'imagine', { prompt: 'x' });
      const interaction = await received;
      expect(interaction.memberPermissions?.has('Administrator')).toBe(true);
      expect(interaction.guild?.name).toBe('Studio');
      await interaction.reply('ok');
    } finally {
      await custom.close();
    }
  });
});
