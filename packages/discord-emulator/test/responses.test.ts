import { ActionRowBuilder, ButtonBuilder, ButtonStyle, MessageFlags, Routes } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createSchemaRegistry, NONCE_WINDOW_MS, Permission } from '../src/index.js';
import { type DiscordTestBed, expectNoViolations, startDiscord } from '../src/testing/discord.js';
import { nextCommand } from '../src/testing/interactions.js';

const schemas = createSchemaRegistry();
const silent = { warn: () => {} };

const row = () =>
  new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId('reroll').setLabel('Reroll').setStyle(ButtonStyle.Primary),
  );

describe('interaction responses and channel messages the bot relies on', () => {
  let bed: DiscordTestBed | undefined;
  let clean = true;
  afterEach(async () => {
    if (bed && clean) expectNoViolations(bed.emulator);
    await bed?.close();
    bed = undefined;
    clean = true;
  });

  async function command(b: DiscordTestBed) {
    const received = nextCommand(b.client);
    const handle = b.emulator.invokeCommand('alice', 'art', 'imagine', { prompt: 'x' });
    return { interaction: await received, handle };
  }

  it('reply({ withResponse: true }) gives the created message, components and interaction_metadata included', async () => {
    bed = await startDiscord({ schemas });
    const b = bed;
    const { interaction, handle } = await command(b);
    const response = await interaction.reply({ content: 'queued', components: [row()], withResponse: true });
    const message = response.resource?.message;
    const stored = await handle.reply();
    expect(message?.id).toBe(stored.id);
    expect(message?.components[0]?.toJSON()).toMatchObject({ type: 1, components: [{ custom_id: 'reroll' }] });
    expect(response.interaction).toMatchObject({ id: interaction.id, responseMessageId: stored.id });
    expect(response.interaction.responseMessageEphemeral).toBe(false);
    expect(stored.data.interaction_metadata).toEqual({
      id: interaction.id,
      type: 2,
      user: expect.objectContaining({ id: b.emulator.users.alice.id, username: 'alice' }),
      authorizing_integration_owners: { '0': b.emulator.guild.id },
    });
    expect(message?.interactionMetadata?.user.id).toBe(b.emulator.users.alice.id);
  });

  it('fetches and edits a non-ephemeral interaction response with the bot token; an ephemeral one is 10008', async () => {
    bed = await startDiscord({ schemas });
    const b = bed;
    const publicOne = await command(b);
    await publicOne.interaction.reply({ content: 'public', components: [row()] });
    const stored = await publicOne.handle.reply();
    const channel = publicOne.interaction.channel;
    if (!channel) throw new Error('no channel');
    const fetched = await channel.messages.fetch({ message: stored.id, force: true });
    expect([fetched.content, fetched.interactionMetadata?.id]).toEqual(['public', publicOne.interaction.id]);
    const edited = await channel.messages.edit(stored.id, { content: 'edited with the bot token', components: [] });
    expect(edited.content).toBe('edited with the bot token');
    expect(b.emulator.getMessage(stored.id)?.data.components).toEqual([]);

    const privateOne = await command(b);
    await privateOne.interaction.reply({ content: 'secret', flags: MessageFlags.Ephemeral });
    const secret = await privateOne.handle.reply();
    await expect(channel.messages.edit(secret.id, 'nope')).rejects.toMatchObject({ code: 10008, status: 404 });
    await expect(channel.messages.fetch({ message: secret.id, force: true })).rejects.toMatchObject({ code: 10008 });
    expect(b.emulator.getMessage(secret.id)?.data.content).toBe('secret');
  });

  it('checks VIEW_CHANNEL and READ_MESSAGE_HISTORY on GET /channels/{c}/messages/{m}', async () => {
    bed = await startDiscord({ schemas });
    const b = bed;
    const { interaction, handle } = await command(b);
    await interaction.reply('hello');
    const stored = await handle.reply();
    const get = () => b.client.rest.get(Routes.channelMessage(stored.channelId, stored.id));
    await expect(get()).resolves.toMatchObject({ id: stored.id });
    b.emulator.setChannelPermissions('art', b.emulator.botUser, { deny: Permission.ReadMessageHistory });
    await expect(get()).rejects.toMatchObject({ code: 50001, status: 403 });
    await expect(b.client.rest.get(Routes.channelMessages(stored.channelId))).resolves.toEqual([]);
    b.emulator.setChannelPermissions('art', b.emulator.botUser, { deny: Permission.ViewChannel });
    await expect(get()).rejects.toMatchObject({ code: 50001 });
  });

  it('returns the earlier message for a repeated nonce with enforce_nonce, within the window only', async () => {
    bed = await startDiscord({ schemas });
    const b = bed;
    const channel = b.client.channels.cache.get(b.emulator.channels.general.id);
    if (!channel?.isSendable()) throw new Error('#general is not sendable');
    const created: string[] = [];
    b.emulator.events.on('message', ({ change, message }) => change === 'created' && created.push(message.id));
    const first = await channel.send({ content: 'result', nonce: 'job-42', enforceNonce: true });
    const again = await channel.send({ content: 'result (retry)', nonce: 'job-42', enforceNonce: true });
    expect(again.id).toBe(first.id);
    expect(again.content).toBe('result');
    expect(created).toEqual([first.id]);
    // Without enforce_nonce, or with another nonce, a new message is created.
    const unenforced = await channel.send({ content: 'again', nonce: 'job-42' });
    const other = await channel.send({ content: 'other', nonce: 'job-43', enforceNonce: true });
    expect(new Set([first.id, unenforced.id, other.id]).size).toBe(3);
    expect(b.emulator.getMessage(other.id)?.data.nonce).toBe('job-43');
    b.emulator.advanceClock(NONCE_WINDOW_MS + 1);
    const late = await channel.send({ content: 'late', nonce: 'job-43', enforceNonce: true });
    expect(late.id).not.toBe(other.id);
    expect(b.emulator.messages('general')).toHaveLength(4);
  });

  it('rejects a nonce over 25 characters, with the OpenAPI check on or off', async () => {
    for (const validateOpenApi of [true, false]) {
      const b = await startDiscord({ schemas, logger: silent, validateOpenApi });
      try {
        const post = (body: unknown) =>
          b.client.rest.post(Routes.channelMessages(b.emulator.channels.general.id), { body });
        await expect(post({ content: 'x', nonce: 'n'.repeat(26) })).rejects.toMatchObject({ code: 50035 });
        await expect(post({ content: 'x', nonce: 'n'.repeat(25) })).resolves.toMatchObject({ nonce: 'n'.repeat(25) });
        expect(b.emulator.violations.map((v) => v.message)).toEqual([expect.stringMatching(/nonce/)]);
      } finally {
        await b.close();
      }
    }
  });
});
