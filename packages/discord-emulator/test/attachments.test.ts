import { Events, GatewayIntentBits, type Message, SlashCommandBuilder } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createSchemaRegistry, EmulatorUsageError, Permission } from '../src/index.js';
import { type DiscordTestBed, expectNoViolations, startDiscord } from '../src/testing/discord.js';
import { nextCommand } from '../src/testing/interactions.js';
import { makePng } from './png.js';

const schemas = createSchemaRegistry();

const imagine = new SlashCommandBuilder()
  .setName('imagine')
  .setDescription('Generate an image')
  .addStringOption((o) => o.setName('prompt').setDescription('What to draw').setRequired(true))
  .addAttachmentOption((o) => o.setName('image').setDescription('A starting image'));

const download = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());

describe('attachments users upload', () => {
  let bed: DiscordTestBed | undefined;
  afterEach(async () => {
    if (bed) expectNoViolations(bed.emulator);
    await bed?.close();
    bed = undefined;
  });

  it('registers an ATTACHMENT option and delivers the upload in resolved.attachments, served from the CDN', async () => {
    bed = await startDiscord({ schemas });
    const { emulator, client } = bed;
    await client.application.commands.set([imagine.toJSON()]);
    expect(emulator.commands()[0]?.options?.[1]).toMatchObject({ type: 11, name: 'image' });
    const png = makePng(40, 30);
    const received = nextCommand(client);
    const handle = emulator.invokeCommand('alice', 'art', 'imagine', {
      prompt: 'x',
      image: { filename: 'cat.png', bytes: new Uint8Array(png) },
    });
    const interaction = await received;
    const attachment = interaction.options.getAttachment('image', true);
    expect(attachment).toMatchObject({ name: 'cat.png', contentType: 'image/png', width: 40, height: 30 });
    expect(attachment.size).toBe(png.length);
    expect((await download(attachment.url)).equals(png)).toBe(true);
    expect((await download(attachment.proxyURL)).equals(png)).toBe(true);
    const data = handle.payload.data as { options: unknown[]; resolved: { attachments: Record<string, unknown> } };
    expect(data.options).toEqual([
      { type: 3, name: 'prompt', value: 'x' },
      { type: 11, name: 'image', value: attachment.id },
    ]);
    expect(data.resolved.attachments[attachment.id]).toMatchObject({
      id: attachment.id,
      filename: 'cat.png',
      size: png.length,
      url: attachment.url,
      proxy_url: attachment.proxyURL,
      content_type: 'image/png',
      width: 40,
      height: 30,
    });
    await interaction.reply('got it');
  });

  it('takes the content type as given or from the name, and sizes only from a readable image header', async () => {
    bed = await startDiscord({ schemas });
    const { emulator, client } = bed;
    await client.application.commands.set([imagine.toJSON()]);
    const cases = [
      { file: { filename: 'lie.png', bytes: makePng(4, 4), contentType: 'text/plain' }, type: 'text/plain', w: 4 },
      { file: { filename: 'fake.png', bytes: new TextEncoder().encode('not a png') }, type: 'image/png', w: null },
      { file: { filename: 'blob', bytes: new Uint8Array([1, 2, 3]) }, type: null, w: null },
    ];
    for (const { file, type, w } of cases) {
      const received = nextCommand(client);
      emulator.invokeCommand('bob', 'general', 'imagine', { prompt: 'x', image: file });
      const interaction = await received;
      const attachment = interaction.options.getAttachment('image', true);
      expect([attachment.contentType, attachment.width]).toEqual([type, w]);
      expect((await download(attachment.url)).equals(Buffer.from(file.bytes))).toBe(true);
      await interaction.reply('ok');
    }
    expect(() => emulator.invokeCommand('bob', 'general', 'imagine', { prompt: 'x', image: 'cat.png' })).toThrow(
      /expects a file/,
    );
  });

  it('lets a user post a message with files: stored, served from the CDN, sent to bots that ask for messages', async () => {
    bed = await startDiscord({
      schemas,
      privilegedIntents: GatewayIntentBits.MessageContent,
      client: {
        intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
      },
    });
    const { emulator, client } = bed;
    const png = makePng(16, 8);
    const got = new Promise<Message>((resolve) => client.once(Events.MessageCreate, resolve));
    const posted = emulator.postMessage('alice', 'art', {
      content: 'look',
      files: [
        { filename: 'fox.png', bytes: png },
        { filename: 'notes.txt', bytes: new TextEncoder().encode('hi') },
      ],
    });
    expect(posted.data.attachments.map((a) => [a.filename, a.content_type, a.width ?? null])).toEqual([
      ['fox.png', 'image/png', 16],
      ['notes.txt', 'text/plain; charset=utf-8', null],
    ]);
    expect(emulator.messages('art')).toEqual([posted]);
    const message = await got;
    expect(message.author.id).toBe(emulator.users.alice.id);
    expect(message.attachments.map((a) => a.name)).toEqual(['fox.png', 'notes.txt']);
    expect((await download(message.attachments.first()?.url ?? '')).equals(png)).toBe(true);
    // The bot can fetch it like any channel message.
    const fetched = await message.channel.messages.fetch({ message: posted.id, force: true });
    expect(fetched.attachments.first()?.height).toBe(8);
  });

  it('enforces ATTACH_FILES and the 10-file limit for posted files, and deletes take the files off the CDN', async () => {
    bed = await startDiscord({ schemas });
    const { emulator } = bed;
    emulator.setChannelPermissions('general', '@everyone', { deny: Permission.AttachFiles });
    const file = { filename: 'a.png', bytes: makePng(2, 2) };
    expect(() => emulator.postMessage('bob', 'general', { files: [file] })).toThrow(EmulatorUsageError);
    expect(emulator.postMessage('bob', 'general', { content: 'text is fine' }).data.content).toBe('text is fine');
    expect(() => emulator.postMessage('bob', 'art', { files: Array.from({ length: 11 }, () => file) })).toThrow(
      /at most 10/,
    );
    const posted = emulator.postMessage('bob', 'art', { files: [file] });
    const channel = bed.client.channels.cache.get(emulator.channels.art.id);
    if (!channel?.isTextBased()) throw new Error('#art is not a text channel');
    const url = posted.data.attachments[0]?.url ?? '';
    expect((await fetch(url)).status).toBe(200);
    // Deleting someone else's message takes MANAGE_MESSAGES, as on Discord.
    emulator.setChannelPermissions('art', emulator.botUser, { allow: Permission.ManageMessages });
    await bed.client.rest.delete(`/channels/${channel.id}/messages/${posted.id}`);
    expect((await fetch(url)).status).toBe(404);
  });
});
