import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  type ChatInputCommandInteraction,
  type Interaction,
  SlashCommandBuilder,
  type StringSelectMenuInteraction,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator, createSchemaRegistry, type Emulator, EmulatorUsageError } from '../src/index.js';
import { type DiscordTestBed, startDiscord } from '../src/testing/discord.js';
import { nextButton, nextCommand, nextInteraction, nextModalSubmit } from '../src/testing/interactions.js';
import { identifyRaw, isRecord } from './raw-gateway.js';

const schemas = createSchemaRegistry();
const silent = { warn: () => {} };

const imagine = new SlashCommandBuilder()
  .setName('imagine')
  .setDescription('Generate an image')
  .addStringOption((o) => o.setName('prompt').setDescription('What to draw').setRequired(true))
  .addIntegerOption((o) => o.setName('count').setDescription('How many').setMinValue(1).setMaxValue(4));

/** The bot's reply to the first command: a message with one "reroll" button. */
async function messageWithButton(b: DiscordTestBed) {
  const received = nextCommand(b.client);
  const handle = b.emulator.invokeCommand('alice', 'general', 'imagine', { prompt: 'x' });
  await (await received).reply({
    content: 'done',
    components: [
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder().setCustomId('reroll').setLabel('Reroll').setStyle(ButtonStyle.Primary),
      ),
    ],
  });
  return handle.reply();
}

describe('forged interactions: what attackers can send and the Discord client cannot', () => {
  let bed: DiscordTestBed | undefined;
  let emulator: Emulator | undefined;
  afterEach(async () => {
    await bed?.close();
    await emulator?.stop();
    bed = undefined;
    emulator = undefined;
  });

  it('clicks a custom_id that is not on the message, or a select that does not exist, only when unchecked', async () => {
    bed = await startDiscord({ schemas });
    const b = bed;
    const message = await messageWithButton(b);
    expect(() => b.emulator.clickButton('bob', message, 'admin:delete-all')).toThrow(EmulatorUsageError);
    const clicked = nextButton(b.client);
    const click = b.emulator.clickButton('bob', message, 'admin:delete-all', { unchecked: true });
    const button = await clicked;
    expect(button.customId).toBe('admin:delete-all');
    expect(click.record.forged).toBe(true);
    await button.reply({ content: 'nice try', flags: 64 });
    expect((await click.reply()).data.content).toBe('nice try');

    const selected = nextInteraction(b.client, (i): i is StringSelectMenuInteraction => i.isStringSelectMenu());
    b.emulator.clickButton('bob', message, 'x'.repeat(150), { unchecked: true, componentType: 3, values: ['a', 'b'] });
    const select = await selected;
    expect([select.customId.length, select.values]).toEqual([150, ['a', 'b']]);
  });

  it('sends command options verbatim: wrong types, out of range, unknown and missing ones', async () => {
    bed = await startDiscord({ schemas });
    const b = bed;
    await b.client.application.commands.set([imagine]);
    const raw = [
      [{ name: 'count', type: 4, value: 'abc' }],
      [{ name: 'count', type: 4, value: 999 }],
      [{ name: 'prompt', type: 4, value: 3.5 }],
      [{ name: 'bogus', type: 3, value: 'x' }],
      [],
    ];
    for (const options of raw) {
      const received = nextCommand(b.client);
      const handle = b.emulator.forgeCommand('alice', 'general', 'imagine', options);
      const interaction: ChatInputCommandInteraction = await received;
      expect(interaction.options.data).toEqual(options);
      expect(interaction.commandId).toBe(b.emulator.commands()[0]?.id);
      await interaction.reply('rejected');
      expect((await handle.reply()).data.content).toBe('rejected');
    }
    expect(() => b.emulator.invokeCommand('alice', 'general', 'imagine', { prompt: 'x', count: 999 })).toThrow(
      /max_value/,
    );
  });

  it('submits a modal nobody opened, with fields it does not have', async () => {
    bed = await startDiscord({ schemas });
    const b = bed;
    const received = nextCommand(b.client);
    const source = b.emulator.invokeCommand('alice', 'general', 'imagine', { prompt: 'x' });
    await (await received).reply('no modal here');
    expect(() => b.emulator.submitModal('alice', source, 'refine', { prompt: 'y' })).toThrow(/did not open a modal/);
    const submitted = nextModalSubmit(b.client);
    const handle = b.emulator.submitModal('bob', source, 'refine', { prompt: 'y'.repeat(5000) }, { unchecked: true });
    const modal = await submitted;
    expect(modal.fields.getTextInputValue('prompt')).toHaveLength(5000);
    expect(modal.user.id).toBe(b.emulator.users.bob.id);
    await modal.reply('ok');
    expect(handle.record.forged).toBe(true);
  });

  it('sends shapes discord.js itself cannot parse, and a raw payload, each with a working token', async () => {
    emulator = createEmulator({ schemas, logger: silent });
    await emulator.start();
    const emu = emulator;
    const gw = await identifyRaw(emu.gatewayUrl, emu.token);
    await gw.frame((f) => f.t === 'GUILD_CREATE');
    const dataOf = async (id: string) => {
      const frame = await gw.frame((f) => f.t === 'INTERACTION_CREATE' && isRecord(f.d) && f.d.id === id);
      return isRecord(frame.d) ? frame.d : {};
    };
    const nullOptions = emu.forgeCommand('alice', 'general', 'imagine', null);
    expect((await dataOf(nullOptions.id)).data).toEqual({
      id: expect.any(String),
      name: 'imagine',
      type: 1,
      options: null,
    });
    const objectOptions = emu.forgeCommand('alice', 'general', 'imagine', {});
    expect((await dataOf(objectOptions.id)).data).toMatchObject({ options: {} });
    const modal = emu.forgeModalSubmit('bob', 'art', 'refine', null);
    expect(await dataOf(modal.id)).toMatchObject({ type: 5, data: { custom_id: 'refine', components: null } });
    const raw = emu.forgeInteraction(
      { type: 2, data: { name: 42 }, member: undefined, locale: 'xx', id: 'ignored', token: 'ignored' },
      { user: 'bob', channel: 'art' },
    );
    const payload = await dataOf(raw.id);
    expect(payload).toMatchObject({ type: 2, data: { name: 42 }, locale: 'xx', token: raw.token });
    expect(payload).not.toHaveProperty('member');

    // Each carries a real token: one callback is accepted, a second is 40060, a late one 10062.
    const callback = (handle: { id: string; token: string }) =>
      fetch(`${emu.restUrl}/v10/interactions/${handle.id}/${handle.token}/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 4, data: { content: 'handled' } }),
      });
    expect((await callback(nullOptions)).status).toBe(204);
    expect(((await (await callback(nullOptions)).json()) as { code: number }).code).toBe(40060);
    expect((await callback(raw)).status).toBe(204);
    expect((await raw.reply()).data.content).toBe('handled');
    emu.advanceClock(3_001);
    expect(((await (await callback(modal)).json()) as { code: number }).code).toBe(10062);
    emu.advanceClock(15 * 60_000);
    const late = await fetch(`${emu.restUrl}/v10/webhooks/${emu.applicationId}/${raw.token}/messages/@original`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'too late' }),
    });
    expect([late.status, ((await late.json()) as { code: number }).code]).toEqual([401, 50027]);
    gw.socket.close(1000);
  });

  it('routes a forged interaction through the normal path, so discord.js sees a real interaction', async () => {
    bed = await startDiscord({ schemas });
    const b = bed;
    const received = nextInteraction(b.client, (i: Interaction): i is ChatInputCommandInteraction =>
      i.isChatInputCommand(),
    );
    const handle = b.emulator.forgeInteraction({
      type: 2,
      data: { id: '1', name: 'imagine', type: 1, options: [{ name: 'prompt', type: 3, value: 'forged' }] },
      locale: 'de',
    });
    const interaction = await received;
    expect([interaction.locale, interaction.options.getString('prompt')]).toEqual(['de', 'forged']);
    await interaction.reply('ok');
    expect((await handle.response).type).toBe(4);
    expect(handle.record).toMatchObject({ forged: true, type: 2, commandType: 1 });
  });
});
