import { DiscordAPIError, Routes } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createSchemaRegistry } from '../src/index.js';
import { type DiscordTestBed, type StartDiscordOptions, startDiscord } from '../src/testing/discord.js';
import { nextCommand } from '../src/testing/interactions.js';

const schemas = createSchemaRegistry();
const MIB = 1024 * 1024;

describe('interaction lifecycle errors, with Discord codes', () => {
  let bed: DiscordTestBed | undefined;
  afterEach(async () => {
    await bed?.close();
    bed = undefined;
  });

  async function command(options: StartDiscordOptions = {}) {
    bed = await startDiscord({ schemas, ...options });
    const received = nextCommand(bed.client);
    const handle = bed.emulator.invokeCommand(bed.emulator.users.alice, bed.emulator.channels.general, 'imagine', {
      prompt: 'x',
    });
    return { bed, handle, interaction: await received };
  }

  it('answers 10062 Unknown interaction when the callback comes more than 3 s after dispatch', async () => {
    const { bed, interaction } = await command();
    bed.emulator.advanceClock(3_001);
    const error = await interaction.deferReply().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ code: 10062, status: 404 });
    expect(bed.emulator.violations).toEqual([]);
  });

  it('answers 40060 to a second callback and records it as a violation', async () => {
    const logged: string[] = [];
    const { bed, interaction } = await command({ logger: { warn: (line) => logged.push(line) } });
    await interaction.deferReply();
    const second = bed.client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
      body: { type: 4, data: { content: 'again' } },
      auth: false,
    });
    await expect(second).rejects.toMatchObject({ code: 40060, status: 400 });
    expect(bed.emulator.violations.map((v) => v.code)).toEqual([40060]);
    expect(logged).toEqual([expect.stringMatching(/^VIOLATION \(protocol\) POST .*callback: 40060/)]);
  });

  it('answers 50027 after 15 minutes, while the bot token still posts and edits in the channel', async () => {
    const { bed, interaction, handle } = await command();
    await interaction.deferReply();
    await interaction.editReply('working on it');
    const original = await handle.reply();
    bed.emulator.advanceClock(15 * 60_000 + 1);
    await expect(interaction.editReply('late')).rejects.toMatchObject({ code: 50027, status: 401 });
    await expect(interaction.followUp('late')).rejects.toMatchObject({ code: 50027 });
    // The bot's token survives (a 401 on an auth:false route must not clear it) and the fallback works.
    const channel = interaction.channel;
    if (!channel?.isSendable()) throw new Error('channel not sendable');
    const fallback = await channel.send({ content: 'your image', reply: { messageReference: original.id } });
    expect(fallback.reference?.messageId).toBe(original.id);
    expect(bed.emulator.getMessage(fallback.id)?.data).toMatchObject({
      type: 19,
      message_reference: { message_id: original.id },
    });
    const edited = await channel.messages.edit(original.id, 'finished (edited with the bot token)');
    expect(edited.content).toBe('finished (edited with the bot token)');
    expect(bed.emulator.violations).toEqual([]);
  });

  it('answers 10008 Unknown Message for a deleted reply', async () => {
    const { bed, interaction, handle } = await command();
    await interaction.reply('soon gone');
    const reply = await handle.reply();
    await interaction.deleteReply();
    expect(bed.emulator.getMessage(reply.id)?.deleted).toBe(true);
    await expect(interaction.fetchReply()).rejects.toMatchObject({ code: 10008, status: 404 });
    await expect(interaction.channel?.messages.fetch({ message: reply.id, force: true })).rejects.toMatchObject({
      code: 10008,
    });
  });

  it('answers 413 / 40005 for a file over the interaction attachment_size_limit (default 10 MiB)', async () => {
    const { bed, interaction } = await command();
    await interaction.deferReply();
    const big = Buffer.alloc(10 * MIB + 1, 1);
    await expect(interaction.editReply({ files: [{ attachment: big, name: 'big.png' }] })).rejects.toMatchObject({
      code: 40005,
      status: 413,
    });
    await interaction.editReply({ files: [{ attachment: Buffer.alloc(10 * MIB, 1), name: 'ok.bin' }] });
    expect(bed.emulator.violations).toEqual([]);
  });

  it('uses a configured attachment size limit and reports it to the bot', async () => {
    const { interaction } = await command({ attachmentSizeLimit: 1_000 });
    expect(interaction.attachmentSizeLimit).toBe(1_000);
    await expect(
      interaction.reply({ files: [{ attachment: Buffer.alloc(1_001), name: 'a.png' }] }),
    ).rejects.toMatchObject({
      code: 40005,
    });
    // A rejected callback does not acknowledge the interaction: the bot may still answer.
    await interaction.reply({ files: [{ attachment: Buffer.alloc(1_000), name: 'a.png' }] });
  });
});
