import { Client, Events } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator, createSchemaRegistry, type Emulator } from '../src/index.js';
import { createClient, type DiscordTestBed, expectNoViolations, startDiscord } from '../src/testing/discord.js';
import { nextCommand } from '../src/testing/interactions.js';
import { rawGateway } from './raw-gateway.js';

const schemas = createSchemaRegistry();
const silent = { warn: () => {} };

describe('gateway protocol', () => {
  let emulator: Emulator | undefined;
  let bed: DiscordTestBed | undefined;
  afterEach(async () => {
    await bed?.close();
    await emulator?.stop();
    bed = undefined;
    emulator = undefined;
  });

  it('says HELLO, answers heartbeats, and sends READY then GUILD_CREATE with increasing sequence numbers', async () => {
    emulator = createEmulator({ schemas });
    await emulator.start();
    const gw = rawGateway(`${emulator.gatewayUrl}?v=10&encoding=json`);
    const hello = await gw.frame((f) => f.op === 10);
    expect(hello.d).toMatchObject({ heartbeat_interval: 41_250 });
    gw.send({ op: 1, d: null });
    await gw.frame((f) => f.op === 11);
    gw.send({ op: 2, d: { token: emulator.token, intents: 1, properties: {}, shard: [0, 1] } });
    const guildCreate = await gw.frame((f) => f.t === 'GUILD_CREATE');
    const ready = gw.frames.find((f) => f.t === 'READY');
    expect(ready).toMatchObject({
      s: 1,
      d: { v: 10, session_id: expect.any(String), resume_gateway_url: emulator.gatewayUrl },
    });
    expect(ready?.d).toMatchObject({
      user: { id: emulator.botUser.id, bot: true, discriminator: '0', avatar: null },
      application: { id: emulator.applicationId, flags: 0 },
      guilds: [{ id: emulator.guild.id, unavailable: true }],
    });
    expect(guildCreate.s).toBe(2);
    expect(guildCreate.d).toMatchObject({
      name: 'Playground',
      channels: expect.arrayContaining([
        expect.objectContaining({ name: 'nsfw-art', nsfw: true, type: 0, permission_overwrites: [] }),
        expect.objectContaining({ name: 'general', nsfw: false }),
      ]),
      roles: expect.arrayContaining([
        expect.objectContaining({ name: 'Moderator', permissions: String((1 << 5) | (1 << 13)) }),
      ]),
    });
    gw.socket.close(1000);
  });

  it('closes with 4004 on IDENTIFY with a wrong token', async () => {
    emulator = createEmulator({ schemas, logger: silent });
    await emulator.start();
    const gw = rawGateway(`${emulator.gatewayUrl}?v=10&encoding=json`);
    await gw.frame((f) => f.op === 10);
    gw.send({ op: 2, d: { token: 'nope', intents: 1, properties: {} } });
    expect((await gw.closed).code).toBe(4004);
  });

  it('refuses zlib-stream compression with a clear close reason', async () => {
    emulator = createEmulator({ schemas, logger: silent });
    await emulator.start();
    const gw = rawGateway(`${emulator.gatewayUrl}?v=10&encoding=json&compress=zlib-stream`);
    const closed = await gw.closed;
    expect(closed.code).toBe(4002);
    expect(closed.reason).toMatch(/compress=zlib-stream is not supported/);
    expect(emulator.violations[0]?.source).toBe('gateway');
  });

  it('fails discord.js login with a bad token the way Discord does (401 → TokenInvalid)', async () => {
    emulator = createEmulator({ schemas, logger: silent });
    await emulator.start();
    const client = createClient(emulator);
    await expect(client.login('not-the-token')).rejects.toMatchObject({ code: 'TokenInvalid' });
    await client.destroy();
    const call = emulator.calls.find((c) => c.route === '/gateway/bot');
    expect(call).toMatchObject({ status: 401, code: 0 });
  });

  it('replays an interaction dispatched while the bot was disconnected after RESUME', async () => {
    bed = await startDiscord({ schemas });
    const { emulator: emu, client } = bed;
    const resumed = new Promise<void>((resolve) => {
      const off = emu.events.on('gateway', ({ change }) => {
        if (change === 'resumed') {
          off();
          resolve();
        }
      });
    });
    let reconnects = 0;
    client.on(Events.ShardResume, () => {
      reconnects += 1;
    });
    await emu.disconnectBot();
    const received = nextCommand(client);
    const handle = emu.invokeCommand(emu.users.bob, emu.channels.general, 'imagine', { prompt: 'while away' });
    const interaction = await received;
    await resumed;
    expect(interaction.id).toBe(handle.id);
    await interaction.reply('back');
    expect((await handle.reply()).data.content).toBe('back');
    expect(reconnects).toBe(1);
    expect(emu.frames.some((f) => f.direction === 'out' && f.t === 'RESUMED')).toBe(true);
    expectNoViolations(emu);
  });

  it('logs a discord.js client in quickly', async () => {
    const t0 = performance.now();
    emulator = createEmulator({ schemas });
    await emulator.start();
    const started = performance.now();
    const client = new Client({ intents: [1], rest: { api: emulator.restUrl } });
    const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
    await client.login(emulator.token);
    await ready;
    const loggedIn = performance.now();
    expect(client.guilds.cache.get(emulator.guild.id)?.channels.cache.size).toBe(4);
    await client.destroy();
    console.log(
      `emulator start ${(started - t0).toFixed(1)} ms; discord.js login to clientReady ${(loggedIn - started).toFixed(1)} ms`,
    );
    expect(loggedIn - t0).toBeLessThan(1_000);
  });
});
