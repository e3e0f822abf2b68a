import { Client, Events, GatewayIntentBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator, createSchemaRegistry, type Emulator } from '../src/index.js';
import { loginClient } from '../src/testing/discord.js';
import { nextCommand } from '../src/testing/interactions.js';
import { guildCreates, identifyRaw, isRecord } from './raw-gateway.js';

const schemas = createSchemaRegistry();
const silent = { warn: () => {} };

/** Resolves once the raw session has READY and a GUILD_CREATE for every guild READY listed. */
async function readyWithGuilds(gw: Awaited<ReturnType<typeof identifyRaw>>) {
  const ready = await gw.frame((f) => f.t === 'READY');
  const listed = isRecord(ready.d) && Array.isArray(ready.d.guilds) ? ready.d.guilds.length : 0;
  await gw.frame(() => guildCreates(gw.frames).length >= listed);
  return { ready, guildIds: guildCreates(gw.frames) };
}

function shardClient(emulator: Emulator, shards: number[], shardCount: number): Client {
  return new Client({ intents: [GatewayIntentBits.Guilds], shards, shardCount, rest: { api: emulator.restUrl } });
}

/** Which shard each session IDENTIFYd as, from the READY frames the emulator recorded. */
function shardsBySession(emulator: Emulator): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of emulator.frames) {
    if (f.t === 'READY' && f.sessionId && isRecord(f.data) && Array.isArray(f.data.shard)) {
      out.set(f.sessionId, Number(f.data.shard[0]));
    }
  }
  return out;
}

describe('sharding', () => {
  let emulator: Emulator | undefined;
  const clients: Client[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.destroy()));
    await emulator?.stop();
    emulator = undefined;
  });

  it("routes each guild to shard (id >> 22) % count: READY and GUILD_CREATE carry only the shard's guilds", async () => {
    emulator = createEmulator({ schemas, extraGuilds: 5 });
    await emulator.start();
    const all = emulator.allGuilds();
    expect(all).toHaveLength(6);
    const shard0 = await readyWithGuilds(await identifyRaw(emulator.gatewayUrl, emulator.token, [0, 2]));
    const shard1 = await readyWithGuilds(await identifyRaw(emulator.gatewayUrl, emulator.token, [1, 2]));
    const expected = (n: number) => all.filter((g) => emulator?.shardOf(g, 2) === n).map((g) => g.id);
    expect(shard0.guildIds).toEqual(expected(0));
    expect(shard1.guildIds).toEqual(expected(1));
    // Seeded guilds are a millisecond apart, so consecutive guilds land on consecutive shards.
    expect(expected(0)).toHaveLength(3);
    expect(shard1.ready.d).toMatchObject({ shard: [1, 2] });
    for (const g of all) expect(emulator.shardOf(g, 2)).toBe(Number((BigInt(g.id) >> 22n) % 2n));
  });

  it('closes 4010 for an invalid shard or a count that differs from live sessions, 4011 when one is too big', async () => {
    emulator = createEmulator({ schemas, logger: silent, extraGuilds: 3, maxGuildsPerShard: 2 });
    await emulator.start();
    const { gatewayUrl, token } = emulator;
    for (const shard of [[2, 2], [0, 0], [-1, 2], [0.5, 2], 'x', [0]]) {
      expect((await (await identifyRaw(gatewayUrl, token, shard)).closed).code).toBe(4010);
    }
    const tooBig = await (await identifyRaw(gatewayUrl, token, [0, 1])).closed;
    expect(tooBig.code).toBe(4011);
    expect(tooBig.reason).toMatch(/Sharding required/);
    const half = await identifyRaw(gatewayUrl, token, [0, 2]);
    const halfReady = (await readyWithGuilds(half)).ready.d;
    const halfSession = isRecord(halfReady) ? halfReady.session_id : undefined;
    const mismatch = await (await identifyRaw(gatewayUrl, token, [1, 3])).closed;
    expect(mismatch).toMatchObject({ code: 4010, reason: expect.stringMatching(/differs/) });
    expect(emulator.violations.map((v) => v.code)).toEqual([4010, 4010, 4010, 4010, 4010, 4010, 4011, 4010]);
    // A crashed client's resumable session does not pin the count its restart may use.
    const serverSawClose = new Promise<void>((resolve) =>
      emulator?.events.on('gateway', (e) => e.change === 'closed' && e.sessionId === halfSession && resolve()),
    );
    half.socket.terminate();
    await serverSawClose;
    await readyWithGuilds(await identifyRaw(gatewayUrl, token, [1, 3]));
  });

  it('recommends max(1, ceil(guilds / 1000)) shards in GET /gateway/bot and counts IDENTIFYs', async () => {
    emulator = createEmulator({ schemas, extraGuilds: 2_000 });
    await emulator.start();
    const gatewayBot = async () => {
      const response = await fetch(`${emulator?.restUrl}/v10/gateway/bot`, {
        headers: { authorization: `Bot ${emulator?.token}` },
      });
      return (await response.json()) as { shards: number; session_start_limit: Record<string, number> };
    };
    const before = await gatewayBot();
    expect(before).toMatchObject({
      shards: 3,
      session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 16 },
    });
    const client = shardClient(emulator, [0, 1, 2], 3);
    clients.push(client);
    await loginClient(client, emulator.token);
    expect(client.guilds.cache.size).toBe(2_001);
    const after = await gatewayBot();
    expect(after.session_start_limit.remaining).toBe(997);
    expect(after.session_start_limit.reset_after).toBeGreaterThan(23 * 3_600_000);
  });

  it('one discord.js client with shards [0, 1] gets interactions of both shards, each on its own shard', async () => {
    emulator = createEmulator({ schemas, extraGuilds: 1 });
    await emulator.start();
    const client = shardClient(emulator, [0, 1], 2);
    clients.push(client);
    await loginClient(client, emulator.token);
    const [first, second] = emulator.allGuilds();
    if (!first || !second) throw new Error('two guilds expected');
    expect(emulator.shardOf(first, 2)).not.toBe(emulator.shardOf(second, 2));
    for (const [guild, channel] of [
      [first, 'general'],
      [second, 'server1-general'],
    ] as const) {
      const received = nextCommand(client);
      const handle = emulator.invokeCommand('alice', channel, 'imagine', { prompt: guild.name });
      const interaction = await received;
      expect(interaction.guildId).toBe(guild.id);
      expect(interaction.guild?.shardId).toBe(emulator.shardOf(guild, 2));
      await interaction.reply(`hello from shard ${interaction.guild?.shardId}`);
      expect((await handle.reply()).data.content).toBe(`hello from shard ${emulator.shardOf(guild, 2)}`);
    }
  });

  it('two clients (shard 0 and shard 1 of 2) each receive only their own guilds, and RESUME per shard', async () => {
    emulator = createEmulator({ schemas, extraGuilds: 1 });
    await emulator.start();
    const byShard = [shardClient(emulator, [0], 2), shardClient(emulator, [1], 2)] as const;
    clients.push(...byShard);
    await Promise.all(byShard.map((c) => loginClient(c, emulator?.token ?? '')));
    const seen: string[][] = [[], []];
    byShard.forEach((c, i) => {
      c.on(Events.InteractionCreate, (interaction) => {
        seen[i]?.push(interaction.guildId ?? '');
        if (interaction.isChatInputCommand()) void interaction.reply('ok');
      });
    });
    const guilds = emulator.allGuilds();
    expect(byShard.map((c) => [...c.guilds.cache.keys()])).toEqual(
      [0, 1].map((n) => guilds.filter((g) => emulator?.shardOf(g, 2) === n).map((g) => g.id)),
    );
    const channelOf = (shard: number) =>
      guilds[0] && emulator?.shardOf(guilds[0], 2) === shard ? 'general' : 'server1-general';

    for (const shard of [0, 1])
      await emulator.invokeCommand('bob', channelOf(shard), 'imagine', { prompt: 'x' }).reply();
    expect(seen).toEqual([[guildIdOn(emulator, 0)], [guildIdOn(emulator, 1)]]);
    const sessions = shardsBySession(emulator);
    const interactionFrames = emulator.frames.filter((f) => f.direction === 'out' && f.t === 'INTERACTION_CREATE');
    expect(interactionFrames.map((f) => sessions.get(f.sessionId ?? ''))).toEqual([0, 1]);

    // Shard 1 alone loses its connection; what it missed is replayed on RESUME, shard 0 never noticed.
    const resumed = new Promise<number>((resolve) => byShard[1].once(Events.ShardResume, (id) => resolve(id)));
    await emulator.disconnectBot(4000, { shard: 1 });
    const away = emulator.invokeCommand('bob', channelOf(1), 'imagine', { prompt: 'while away' });
    expect(await resumed).toBe(1);
    expect((await away.reply()).data.content).toBe('ok');
    const resumedFrames = emulator.frames.filter((f) => f.t === 'RESUMED').map((f) => sessions.get(f.sessionId ?? ''));
    expect(resumedFrames).toEqual([1]);
    expect(seen[0]).toHaveLength(1);
  });

  it('adds a guild at runtime: GUILD_CREATE reaches the client and its channels take commands', async () => {
    emulator = createEmulator({ schemas });
    await emulator.start();
    const client = shardClient(emulator, [0], 1);
    clients.push(client);
    await loginClient(client, emulator.token);
    const joined = new Promise<string>((resolve) => client.once(Events.GuildCreate, (g) => resolve(g.name)));
    const guild = emulator.addGuild('late', {
      name: 'Late Server',
      owner: 'owner',
      channels: { lateGeneral: { name: 'general' } },
      members: { alice: {}, owner: {} },
    });
    expect(await joined).toBe('Late Server');
    const received = nextCommand(client);
    emulator.invokeCommand('alice', 'lateGeneral', 'imagine', { prompt: 'x' });
    expect((await received).guildId).toBe(guild.id);
    expect(() => emulator?.addGuild('late', { name: 'Again', owner: 'owner', channels: {}, members: {} })).toThrow(
      /already exists/,
    );
  });
});

function guildIdOn(emulator: Emulator, shard: number): string {
  return emulator.allGuilds().find((g) => emulator.shardOf(g, 2) === shard)?.id ?? '';
}
