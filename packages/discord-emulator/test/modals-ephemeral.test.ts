import {
  ActionRowBuilder,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createSchemaRegistry } from '../src/index.js';
import { type DiscordTestBed, expectNoViolations, startDiscord } from '../src/testing/discord.js';
import { nextCommand, nextModalSubmit } from '../src/testing/interactions.js';

const schemas = createSchemaRegistry();

describe('modals, ephemeral replies and with_response', () => {
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

  it('round-trips showModal and submitModal (legacy rows and labels)', async () => {
    const b = await start();
    const received = nextCommand(b.client);
    const handle = b.emulator.invokeCommand(b.emulator.users.alice, b.emulator.channels.general, 'imagine', {
      prompt: 'x',
    });
    const interaction = await received;
    await interaction.showModal(
      new ModalBuilder()
        .setCustomId('refine')
        .setTitle('Refine the prompt')
        .addLabelComponents(
          new LabelBuilder()
            .setLabel('Prompt')
            .setTextInputComponent(new TextInputBuilder().setCustomId('prompt').setStyle(TextInputStyle.Paragraph)),
        )
        .addComponents(
          new ActionRowBuilder<TextInputBuilder>().addComponents(
            new TextInputBuilder()
              .setCustomId('negative')
              .setLabel('Avoid')
              .setStyle(TextInputStyle.Short)
              .setRequired(false),
          ),
        ),
    );
    expect((await handle.modal()).title).toBe('Refine the prompt');
    const submitted = nextModalSubmit(b.client);
    const submit = b.emulator.submitModal(b.emulator.users.alice, handle, 'refine', {
      prompt: 'a blue fox',
      negative: 'blur',
    });
    const modal = await submitted;
    expect(modal.customId).toBe('refine');
    expect(modal.fields.getTextInputValue('prompt')).toBe('a blue fox');
    expect(modal.fields.getTextInputValue('negative')).toBe('blur');
    await modal.reply({ content: 'ok' });
    expect((await submit.reply()).data.content).toBe('ok');
    expect(() => b.emulator.submitModal(b.emulator.users.alice, handle, 'refine', { prompt: 'again' })).toThrow(
      /already submitted/,
    );
  });

  it('keeps an ephemeral reply visible only to its user', async () => {
    const b = await start();
    const received = nextCommand(b.client);
    const handle = b.emulator.invokeCommand(b.emulator.users.alice, b.emulator.channels.general, 'imagine', {
      prompt: 'x',
    });
    const interaction = await received;
    await interaction.reply({ content: 'only you', flags: MessageFlags.Ephemeral, withResponse: true });
    const reply = await handle.reply();
    expect(reply.visibleTo).toBe(b.emulator.users.alice.id);
    expect(reply.data.flags).toBe(MessageFlags.Ephemeral);
    const { general } = b.emulator.channels;
    expect(b.emulator.messages(general, { visibleTo: b.emulator.users.alice })).toEqual([reply]);
    expect(b.emulator.messages(general, { visibleTo: b.emulator.users.bob })).toEqual([]);
    expect(() => b.emulator.clickButton(b.emulator.users.bob, reply, 'x')).toThrow(/cannot see/);
    // The bot token cannot see ephemerals; only the interaction token can.
    await expect(interaction.channel?.messages.fetch({ message: reply.id, force: true })).rejects.toMatchObject({
      code: 10008,
    });
    expect((await interaction.fetchReply()).content).toBe('only you');
  });

  it('answers with_response=true with the callback resource', async () => {
    const b = await start();
    const received = nextCommand(b.client);
    b.emulator.invokeCommand(b.emulator.users.bob, b.emulator.channels.general, 'imagine', { prompt: 'x' });
    const interaction = await received;
    const response = await interaction.deferReply({ withResponse: true });
    expect(response.interaction.responseMessageLoading).toBe(true);
    expect(response.resource?.message?.id).toBe(response.interaction.responseMessageId);
  });
});
