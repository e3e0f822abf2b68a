import { DiscordAPIError, Events, HTTPError, type Interaction, MessageFlags } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createSchemaRegistry } from '../src/index.js';
import { type DiscordTestBed, startDiscord } from '../src/testing/discord.js';
import { nextCommand } from '../src/testing/interactions.js';

const schemas = createSchemaRegistry();

describe('fault injection', () => {
  let bed: DiscordTestBed | undefined;
  afterEach(async () => {
    await bed?.close();
    bed = undefined;
  });

  async function deferred(b: DiscordTestBed) {
    const received = nextCommand(b.client);
    const handle = b.emulator.invokeCommand('alice', 'general', 'imagine', { prompt: 'x' });
    const interaction = await received;
    await interaction.deferReply();
    return { interaction, handle };
  }

  const outcomes = (b: DiscordTestBed, name: string) =>
    b.emulator.calls.filter((c) => c.name === name).map((c) => `${c.status}${c.injected ? '!' : ''}`);

  it('fails webhook edits with 503 a given number of times; discord.js retries, failed tries change nothing', async () => {
    bed = await startDiscord({ schemas });
    const b = bed;
    const first = await deferred(b);
    const fault = b.emulator.faults.add({ routes: ['webhook-edit'], status: 503, for: { count: 2 } });
    await first.interaction.editReply('made it');
    expect(outcomes(b, 'webhook-edit')).toEqual(['503!', '503!', '200']);
    expect([fault.injected, fault.active]).toEqual([2, false]);
    expect((await first.handle.reply()).edits).toBe(1);

    // More failures than @discordjs/rest's three retries: the bot sees the 503 and the reply is untouched.
    const second = await deferred(b);
    b.emulator.faults.add({ routes: ['webhook-edit'], status: 503, for: { count: 4 } });
    const error = await second.interaction.editReply('lost').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HTTPError);
    expect(error).toMatchObject({ status: 503 });
    const original = second.handle.original();
    expect([original?.edits, (original?.data.flags ?? 0) & MessageFlags.Loading]).toEqual([0, MessageFlags.Loading]);
    expect(b.emulator.violations).toEqual([]);
  });

  it("answers 429 with Discord's body and headers; discord.js waits retry_after and retries", async () => {
    bed = await startDiscord({ schemas });
    const b = bed;
    const received = nextCommand(b.client);
    b.emulator.invokeCommand('alice', 'general', 'imagine', { prompt: 'x' });
    const interaction = await received;
    const debug: string[] = [];
    b.client.rest.on('restDebug', (line) => debug.push(line));
    b.emulator.faults.add({ routes: ['callback'], status: 429, retryAfterMs: 40, for: { count: 1 } });
    await interaction.deferReply();
    expect(outcomes(b, 'callback')).toEqual(['429!', '204']);
    // @discordjs/rest read the wait from Retry-After: 40 ms plus its default 50 ms offset.
    expect(debug.join('\n')).toMatch(
      /unexpected 429[\s\S]*Global\s*: false[\s\S]*Retry After\s*: 90ms[\s\S]*Scope\s*: user/,
    );

    b.emulator.faults.add({ routes: ['channel-message-create'], status: 429, global: true, retryAfterMs: 2_500 });
    const response = await fetch(`${b.emulator.restUrl}/v10/channels/${b.emulator.channels.general.id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${b.emulator.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'x' }),
    });
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({ message: 'You are being rate limited.', retry_after: 2.5, global: true });
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'retry-after': '2.5',
      'x-ratelimit-global': 'true',
      'x-ratelimit-scope': 'global',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': '2.500',
    });
    expect(b.emulator.messages('general')).toHaveLength(1);
  });

  it('fails every n-th matching request, for a clock-time window, by route name or predicate, until removed', async () => {
    bed = await startDiscord({ schemas });
    const b = bed;
    const post = async (channel: 'general' | 'art') => {
      const response = await fetch(`${b.emulator.restUrl}/v10/channels/${b.emulator.channels[channel].id}/messages`, {
        method: 'POST',
        headers: { authorization: `Bot ${b.emulator.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ content: 'x' }),
      });
      return response.status;
    };
    const everyOther = b.emulator.faults.add({ routes: ['channel-message-create'], status: 500, every: 2 });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push(await post('general'));
    expect(statuses).toEqual([200, 500, 200, 500, 200]);
    expect(b.emulator.messages('general')).toHaveLength(3);
    everyOther.remove();
    expect(await post('general')).toBe(200);

    const artOnly = b.emulator.faults.add({
      routes: (request) => request.path.includes(b.emulator.channels.art.id),
      status: 502,
      for: { ms: 60_000 },
    });
    expect([await post('art'), await post('general')]).toEqual([502, 200]);
    b.emulator.advanceClock(60_000);
    expect(await post('art')).toBe(200);
    expect(artOnly.active).toBe(false);
    expect(b.emulator.faults.list()).toEqual([]);
  });

  it('afterApplying: the callback lands but its answer is lost, so discord.js retries into 40060', async () => {
    bed = await startDiscord({ schemas, logger: { warn: () => {} } });
    const b = bed;
    const received = nextCommand(b.client);
    const handle = b.emulator.invokeCommand('alice', 'general', 'imagine', { prompt: 'x' });
    const interaction = await received;
    b.emulator.faults.add({ routes: ['callback'], status: 500, afterApplying: true, for: { count: 1 } });
    const error = await interaction.deferReply().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ code: 40060 });
    expect(outcomes(b, 'callback')).toEqual(['500!', '400']);
    expect(handle.record.response?.type).toBe(5);
  });

  it('drops the gateway in the middle of a burst; discord.js RESUMEs and gets every interaction once', async () => {
    bed = await startDiscord({ schemas });
    const b = bed;
    const seen: string[] = [];
    const all = new Promise<void>((resolve) => {
      b.client.on(Events.InteractionCreate, (interaction: Interaction) => {
        seen.push(interaction.id);
        if (seen.length === 6) resolve();
      });
    });
    let resumes = 0;
    b.client.on(Events.ShardResume, () => {
      resumes += 1;
    });
    const dropped = b.emulator.faults.dropGateway({ afterDispatches: 2 });
    const handles = Array.from({ length: 6 }, (_, i) =>
      b.emulator.invokeCommand('bob', 'general', 'imagine', { prompt: `burst ${i}` }),
    );
    await dropped;
    await all;
    expect(seen).toEqual(handles.map((h) => h.id));
    expect(resumes).toBe(1);
    const out = b.emulator.frames.filter((f) => f.direction === 'out' && f.t === 'INTERACTION_CREATE').map((f) => f.s);
    // Two sent live, the socket dropped, four replayed after RESUME (sequence numbers continue).
    expect(out).toHaveLength(6);
    expect(new Set(out).size).toBe(6);
  });
});
