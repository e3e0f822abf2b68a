import { ActionRowBuilder, ButtonBuilder, ButtonStyle, MessageFlags } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createSchemaRegistry } from '../src/index.js';
import { type DiscordTestBed, expectNoViolations, startDiscord } from '../src/testing/discord.js';
import { nextButton, nextCommand } from '../src/testing/interactions.js';
import { makePng } from './png.js';

const schemas = createSchemaRegistry();
const png = makePng(64, 48);

function buttonRow(...ids: string[]) {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    ids.map((id) => new ButtonBuilder().setCustomId(id).setLabel(id).setStyle(ButtonStyle.Primary)),
  );
}

describe('interaction flow with a real discord.js client', () => {
  let bed: DiscordTestBed | undefined;
  const start = async () => {
    bed = await startDiscord({ schemas });
    return bed;
  };
  afterEach(async () => {
    if (bed) expectNoViolations(bed.emulator);
    await bed?.close();
    bed = undefined;
  });

  /** /imagine → defer → editReply with a PNG and buttons; returns the stored reply. */
  async function imagine(b: DiscordTestBed) {
    const received = nextCommand(b.client);
    const handle = b.emulator.invokeCommand(b.emulator.users.alice, b.emulator.channels.art, 'imagine', {
      prompt: 'a red fox',
    });
    const interaction = await received;
    await interaction.deferReply();
    await interaction.editReply({
      content: 'done',
      files: [{ attachment: png, name: 'fox.png' }],
      components: [buttonRow('reroll', 'v1')],
    });
    return { interaction, handle, reply: await handle.reply() };
  }

  it('defers, edits the reply with a PNG and buttons, and stores both exactly', async () => {
    const { emulator, client } = await start();
    const received = nextCommand(client);
    const handle = emulator.invokeCommand(emulator.users.alice, emulator.channels.art, 'imagine', {
      prompt: 'a red fox',
    });
    const interaction = await received;
    expect(interaction.options.getString('prompt')).toBe('a red fox');
    expect(interaction.user.id).toBe(emulator.users.alice.id);
    expect(interaction.channel?.id).toBe(emulator.channels.art.id);
    expect(interaction.memberPermissions?.has('SendMessages')).toBe(true);
    expect(interaction.appPermissions.has('AttachFiles')).toBe(true);
    expect(interaction.attachmentSizeLimit).toBe(10 * 1024 * 1024);
    expect(interaction.createdTimestamp).toBe(handle.record.createdAt);

    await interaction.deferReply();
    expect((await handle.response).type).toBe(5);
    expect(handle.original()?.data.flags).toBe(MessageFlags.Loading);
    const edited = await interaction.editReply({
      content: 'done',
      files: [{ attachment: png, name: 'fox.png' }],
      components: [buttonRow('reroll', 'v1')],
    });

    const reply = await handle.reply();
    expect(edited.id).toBe(reply.id);
    expect(reply.data).toMatchObject({ content: 'done', type: 20, webhook_id: emulator.applicationId, flags: 0 });
    expect(reply.data.interaction_metadata).toMatchObject({
      id: handle.id,
      type: 2,
      user: { id: emulator.users.alice.id },
    });
    expect(reply.files[0]?.bytes.equals(png)).toBe(true);
    expect(reply.data.attachments[0]).toMatchObject({
      filename: 'fox.png',
      width: 64,
      height: 48,
      content_type: 'image/png',
      size: png.length,
    });
    expect(reply.data.components?.[0]).toMatchObject({
      type: 1,
      components: [{ custom_id: 'reroll' }, { custom_id: 'v1' }],
    });
    const download = await fetch(reply.data.attachments[0]?.url ?? '');
    expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true);
    expect(emulator.messages(emulator.channels.art)).toEqual([reply]);
  });

  it('delivers a click as a ButtonInteraction carrying the message, and update() edits it in place', async () => {
    const b = await start();
    const { reply } = await imagine(b);
    const clicked = nextButton(b.client);
    const click = b.emulator.clickButton(b.emulator.users.bob, reply, 'reroll');
    const button = await clicked;
    expect(button.customId).toBe('reroll');
    expect(button.message.id).toBe(reply.id);
    expect(button.message.attachments.first()?.name).toBe('fox.png');
    expect(button.user.id).toBe(b.emulator.users.bob.id);
    await button.update({ content: 'rerolling…', components: [] });
    const updated = await click.reply();
    expect(updated.id).toBe(reply.id);
    expect(updated.data.content).toBe('rerolling…');
    expect(updated.data.components).toEqual([]);
    expect(updated.files[0]?.bytes.equals(png)).toBe(true);
  });

  it('deferUpdate + editReply replaces the clicked message; followUp posts a new one', async () => {
    const b = await start();
    const { reply } = await imagine(b);
    const clicked = nextButton(b.client);
    const click = b.emulator.clickButton(b.emulator.users.alice, reply, 'v1');
    const button = await clicked;
    await button.deferUpdate();
    const next = makePng(32, 32, [10, 200, 10]);
    await button.editReply({ content: 'variation', files: [{ attachment: next, name: 'v1.png' }], attachments: [] });
    const edited = await click.reply();
    expect(edited.id).toBe(reply.id);
    expect(edited.data.attachments.map((a) => a.filename)).toEqual(['v1.png']);
    expect(edited.files[0]?.bytes.equals(next)).toBe(true);

    const followUp = await button.followUp({ content: 'a new take', files: [{ attachment: png, name: 'new.png' }] });
    const stored = await click.followUp();
    expect(stored.id).toBe(followUp.id);
    expect(stored.id).not.toBe(reply.id);
    expect(stored.data.interaction_metadata).toMatchObject({ type: 3, interacted_message_id: reply.id });
    expect(b.emulator.messages(b.emulator.channels.art)).toHaveLength(2);
  });
});
