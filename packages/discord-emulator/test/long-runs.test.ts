import { Client, GatewayIntentBits, Routes } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator, createSchemaRegistry, type Emulator } from '../src/index.js';
import { type DiscordTestBed, loginClient, startDiscord } from '../src/testing/discord.js';
import { nextButton, nextCommand } from '../src/testing/interactions.js';
import { identifyRaw } from './raw-gateway.js';

const schemas = createSchemaRegistry();
const silent = { warn: () => {} };

const row = () => ({
  type: 1,
  components: [{ type: 2, style: 1, label: 'Reroll', custom_id: 'reroll' }],
});

describe('many guilds', () => {
  let emulator: Emulator | undefined;
  const clients: Client[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.destroy()));
    await emulator?.stop();
    emulator = undefined;
  });
  const shardClient = (emu: Emulator, shards: number[], shardCount: number) =>
    new Client({ intents: [GatewayIntentBits.Guilds], shards, shardCount, rest: { api: emu.restUrl } });

  it('starts 3,000 generated guilds and logs a two-shard discord.js client into all of them', async () => {
    const t0 = performance.now();
    emulator = createEmulator({ schemas, extraGuilds: 3_000 });
    await emulator.start();
    const started = performance.now();
    const client = shardClient(emulator, [0, 1], 2);
    clients.push(client);
    await loginClient(client, emulator.token);
    console.log(
      `3,001 guilds: emulator start ${(started - t0).toFixed(0)} ms, two-shard login ${(performance.now() - started).toFixed(0)} ms`,
    );
    expect(client.guilds.cache.size).toBe(3_001);
    const last = emulator.allGuilds().at(-1);
    expect(last).toMatchObject({ key: 'server3000', name: 'Server 3000' });
    const cached = client.guilds.cache.get(last?.id ?? '');
    expect(cached?.channels.cache.map((c) => c.name)).toEqual(['general']);
    expect(cached?.members.cache.has(emulator.users.alice.id)).toBe(true);
    expect(cached?.roles.everyone.permissions.has('UseApplicationCommands')).toBe(true);
    const shardCounts = [0, 1].map((n) => client.guilds.cache.filter((g) => g.shardId === n).size);
    // Consecutive milliseconds alternate shards; which shard gets the odd one depends on the start time.
    expect(shardCounts.sort()).toEqual([1_500, 1_501]);
    const received = nextCommand(client);
    emulator.invokeCommand('alice', 'server3000-general', 'imagine', { prompt: 'far away' });
    expect((await received).guild?.name).toBe('Server 3000');
  });
});

describe('options for long runs and benchmarks', () => {
  let bed: DiscordTestBed | undefined;
  afterEach(async () => {
    await bed?.close();
    bed = undefined;
  });

  it('validateOpenApi: false accepts what only the schema forbids; the documented limits still apply', async () => {
    bed = await startDiscord({ schemas, logger: silent, validateOpenApi: false });
    const post = (body: unknown) =>
      bed?.client.rest.post(Routes.channelMessages(bed.emulator.channels.general.id), { body });
    await expect(post({ content: 'x', tts: 'yes' })).resolves.toMatchObject({ content: 'x' });
    await expect(post({ content: 'x'.repeat(2001) })).rejects.toMatchObject({ code: 50035 });
    const strict = await startDiscord({ schemas, logger: silent });
    try {
      await expect(
        strict.client.rest.post(Routes.channelMessages(strict.emulator.channels.general.id), {
          body: { content: 'x', tts: 'yes' },
        }),
      ).rejects.toMatchObject({ code: 50035 });
    } finally {
      await strict.close();
    }
  });

  it('historyLimit caps kept versions while edits keeps counting, and deferred updates still resolve', async () => {
    bed = await startDiscord({ schemas, historyLimit: 2 });
    const b = bed;
    const received = nextCommand(b.client);
    const handle = b.emulator.invokeCommand('alice', 'general', 'imagine', { prompt: 'x' });
    const interaction = await received;
    await interaction.reply({ content: 'v0', components: [row()] });
    for (let i = 1; i <= 5; i++) await interaction.editReply(`v${i}`);
    const message = await handle.reply();
    expect(message.edits).toBe(5);
    expect(message.history.map((m) => m.content)).toEqual(['v3', 'v4']);
    await interaction.editReply({ content: 'with button', components: [row()] });
    const clicked = nextButton(b.client);
    const click = b.emulator.clickButton('bob', message, 'reroll');
    const button = await clicked;
    await button.deferUpdate();
    await button.editReply('rerolled');
    expect((await click.reply()).data.content).toBe('rerolled');
  });

  it('messageRetention evicts the oldest messages and their files', async () => {
    bed = await startDiscord({ schemas, messageRetention: 3 });
    const b = bed;
    const channel = b.client.channels.cache.get(b.emulator.channels.general.id);
    if (!channel?.isSendable()) throw new Error('#general is not sendable');
    const first = await channel.send({ content: '0', files: [{ attachment: Buffer.from('x'), name: 'x.txt' }] });
    for (let i = 1; i <= 3; i++) await channel.send(String(i));
    expect(b.emulator.getMessage(first.id)).toBeUndefined();
    expect(b.emulator.messages('general').map((m) => m.data.content)).toEqual(['1', '2', '3']);
    expect((await fetch(first.attachments.first()?.url ?? '')).status).toBe(404);
    const page = await channel.messages.fetch({ limit: 10 });
    expect([...page.values()].map((m) => m.content)).toEqual(['3', '2', '1']);
  });
});

describe('bounded state in long runs', () => {
  let bed: DiscordTestBed | undefined;
  let emulator: Emulator | undefined;
  afterEach(async () => {
    await bed?.close();
    await emulator?.stop();
    bed = undefined;
    emulator = undefined;
  });

  it('leaves no waiter behind once replies arrive, and unanswered handles cost nothing until awaited', async () => {
    bed = await startDiscord({ schemas });
    const b = bed;
    b.client.on('interactionCreate', (interaction) => {
      if (!interaction.isChatInputCommand() || interaction.options.getString('prompt') === 'ignore') return;
      // A reply, not defer + edit: @discordjs/rest would pace 200 webhook edits at its 50/s global limit.
      void interaction.reply('done');
    });
    const answered = Array.from({ length: 200 }, (_, i) =>
      b.emulator.invokeCommand('alice', 'general', 'imagine', { prompt: `#${i}` }),
    );
    const ignored = Array.from({ length: 50 }, () =>
      b.emulator.invokeCommand('bob', 'general', 'imagine', { prompt: 'ignore' }),
    );
    const waiting = answered.map((h) => h.reply());
    expect(b.emulator.stats().pendingWaits).toBe(200);
    await Promise.all(waiting);
    expect(b.emulator.stats()).toMatchObject({ pendingWaits: 0, messages: 200, interactions: 250, sessions: 1 });
    void ignored[0]?.response;
    expect(b.emulator.stats().pendingWaits).toBe(1);
  });

  it('forgets interactions whose token died over an hour ago once more than 10,000 are held', async () => {
    emulator = createEmulator({ schemas, logger: silent, validateOpenApi: false });
    await emulator.start();
    const emu = emulator;
    const gw = await identifyRaw(emu.gatewayUrl, emu.token);
    await gw.frame((f) => f.t === 'GUILD_CREATE');
    const first = emu.invokeCommand('alice', 'general', 'imagine', { prompt: 'first' });
    for (let i = 0; i < 9_999; i++) emu.invokeCommand('alice', 'general', 'imagine', { prompt: 'x' });
    expect(emu.stats().interactions).toBe(10_000);
    emu.advanceClock(60 * 60_000 + 1);
    emu.invokeCommand('alice', 'general', 'imagine', { prompt: 'later' });
    expect(emu.stats().interactions).toBe(10_000);
    expect(emu.interactions()[0]?.id).not.toBe(first.id);
    const late = await fetch(`${emu.restUrl}/v10/webhooks/${emu.applicationId}/${first.token}/messages/@original`);
    expect(((await late.json()) as { code: number }).code).toBe(10015);
    gw.socket.close(1000);
  });
});
