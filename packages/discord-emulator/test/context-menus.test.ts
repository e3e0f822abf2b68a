import { ApplicationCommandType, ContextMenuCommandBuilder, Events, Routes, SlashCommandBuilder } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createSchemaRegistry, EmulatorUsageError } from '../src/index.js';
import { type DiscordTestBed, expectNoViolations, startDiscord } from '../src/testing/discord.js';
import { nextAutocomplete, nextCommand, nextMessageCommand, nextUserCommand } from '../src/testing/interactions.js';
import { makePng } from './png.js';

const schemas = createSchemaRegistry();
const silent = { warn: () => {} };

const imagine = new SlashCommandBuilder()
  .setName('imagine')
  .setDescription('Generate an image')
  .addStringOption((o) => o.setName('prompt').setDescription('What to draw').setRequired(true));
const show = new SlashCommandBuilder()
  .setName('show')
  .setDescription('Show a job')
  .addStringOption((o) => o.setName('job').setDescription('Job id').setAutocomplete(true).setRequired(true))
  .addIntegerOption((o) => o.setName('page').setDescription('Page').setAutocomplete(true))
  .addBooleanOption((o) => o.setName('verbose').setDescription('More'));
const vary = new ContextMenuCommandBuilder().setName('Vary (Subtle)').setType(ApplicationCommandType.Message);
const credits = new ContextMenuCommandBuilder().setName('Show Credits').setType(ApplicationCommandType.User);

describe('context-menu commands and autocomplete', () => {
  let bed: DiscordTestBed | undefined;
  let expectClean = true;
  afterEach(async () => {
    if (bed && expectClean) expectNoViolations(bed.emulator);
    await bed?.close();
    bed = undefined;
    expectClean = true;
  });

  it('registers message and user commands with chat-input ones in one PUT, as Discord stores them', async () => {
    bed = await startDiscord({ schemas });
    const registered = await bed.client.application.commands.set([imagine, vary, credits]);
    expect(registered.map((c) => [c.name, c.type, c.description])).toEqual([
      ['imagine', ApplicationCommandType.ChatInput, 'Generate an image'],
      ['Vary (Subtle)', ApplicationCommandType.Message, ''],
      ['Show Credits', ApplicationCommandType.User, ''],
    ]);
    expect(bed.emulator.commands().find((c) => c.type === 3)).not.toHaveProperty('options');
  });

  it('delivers a message command with the target message resolved, and its reply is a context-menu response', async () => {
    bed = await startDiscord({ schemas });
    const b = bed;
    await b.client.application.commands.set([imagine, vary]);
    const png = makePng(24, 24);
    const received = nextCommand(b.client);
    const source = b.emulator.invokeCommand('alice', 'art', 'imagine', { prompt: 'a fox' });
    const command = await received;
    await command.reply({ content: 'here', files: [{ attachment: png, name: 'fox.png' }] });
    const target = await source.reply();

    const menu = nextMessageCommand(b.client);
    const handle = b.emulator.invokeMessageCommand('bob', target, 'Vary (Subtle)');
    const interaction = await menu;
    expect(interaction.commandName).toBe('Vary (Subtle)');
    expect(interaction.targetId).toBe(target.id);
    expect(interaction.targetMessage.author.id).toBe(b.emulator.botUser.id);
    expect(interaction.targetMessage.attachments.first()).toMatchObject({ name: 'fox.png', width: 24 });
    expect(handle.payload.data).toMatchObject({ type: 3, target_id: target.id, name: 'Vary (Subtle)' });
    await interaction.reply('varying');
    const reply = await handle.reply();
    expect(reply.data.type).toBe(23);
    expect(reply.data.interaction_metadata).toMatchObject({
      type: 2,
      user: { id: b.emulator.users.bob.id },
      target_message_id: target.id,
    });
    expect(() => b.emulator.invokeMessageCommand('bob', target, 'Vary (Strong)')).toThrow(/not registered/);
    expect(() => b.emulator.invokeMessageCommand('bob', target, 'imagine')).toThrow(EmulatorUsageError);
  });

  it('delivers a user command with the target user and member resolved', async () => {
    bed = await startDiscord({ schemas });
    const b = bed;
    await b.client.application.commands.set([credits]);
    const menu = nextUserCommand(b.client);
    const handle = b.emulator.invokeUserCommand('alice', 'general', 'bob', 'Show Credits');
    const interaction = await menu;
    expect(interaction.targetUser.username).toBe('bob');
    expect(interaction.targetMember).not.toBeNull();
    await interaction.reply({ content: 'bob has 3 credits' });
    expect((await handle.reply()).data.interaction_metadata).toMatchObject({
      target_user: { id: b.emulator.users.bob.id },
    });
  });

  it('rejects context-menu registrations Discord rejects: descriptions, options, long names, over 15 per type', async () => {
    bed = await startDiscord({ schemas, logger: silent });
    expectClean = false;
    const { emulator, client } = bed;
    const put = (body: unknown[]) => client.rest.put(Routes.applicationCommands(emulator.applicationId), { body });
    const bad = [
      { type: 3, name: 'Vary', description: 'not allowed' },
      { type: 3, name: 'With Options', options: [{ type: 3, name: 'x', description: 'x' }] },
      { type: 3, name: 'x'.repeat(33) },
      { type: 2, name: ' padded ' },
    ];
    for (const command of bad) await expect(put([command])).rejects.toMatchObject({ code: 50035 });
    const sixteen = Array.from({ length: 16 }, (_, i) => ({ type: 3, name: `Menu ${i}` }));
    await expect(put(sixteen)).rejects.toMatchObject({ code: 50035 });
    expect(emulator.violations.at(-1)?.message).toMatch(/15 or fewer message commands/);
    await put(sixteen.slice(0, 15));
    expect(emulator.commands()).toHaveLength(15);
    expect(emulator.violations).toHaveLength(5);
  });

  it('sends autocomplete with the focused option and returns the choices the bot answered', async () => {
    bed = await startDiscord({ schemas });
    const b = bed;
    await b.client.application.commands.set([show]);
    const received = nextAutocomplete(b.client);
    const choices = b.emulator.autocomplete('alice', 'general', 'show', { job: 'k3', verbose: true }, 'job');
    const interaction = await received;
    expect(interaction.options.getFocused(true)).toMatchObject({ name: 'job', value: 'k3' });
    expect(interaction.options.getBoolean('verbose')).toBe(true);
    await interaction.respond([
      { name: 'k3a (done)', value: 'k3a' },
      { name: 'k3b (queued)', value: 'k3b' },
    ]);
    expect(await choices).toEqual([
      { name: 'k3a (done)', value: 'k3a' },
      { name: 'k3b (queued)', value: 'k3b' },
    ]);
    // The typed text of a number option arrives as text, as Discord sends it.
    const paging = nextAutocomplete(b.client);
    const pages = b.emulator.autocomplete('alice', 'general', 'show', { page: 4 }, 'page');
    const second = await paging;
    expect(second.options.getFocused()).toBe('4');
    await second.respond([{ name: 'page 4', value: 4 }]);
    expect(await pages).toEqual([{ name: 'page 4', value: 4 }]);
    expect(() => b.emulator.autocomplete('alice', 'general', 'show', {}, 'verbose')).toThrow(/autocomplete/);
    expect(b.emulator.interactions()).toEqual([]);
  });

  it('rejects more than 25 choices and choices of the wrong type, as violations', async () => {
    bed = await startDiscord({ schemas, logger: silent });
    expectClean = false;
    const b = bed;
    await b.client.application.commands.set([show]);
    const answers: Promise<unknown>[] = [];
    const bothAnswered = new Promise<unknown[]>((resolve) => {
      b.client.on(Events.InteractionCreate, (interaction) => {
        if (!interaction.isAutocomplete()) return;
        const focused = interaction.options.getFocused(true).name;
        const choices =
          focused === 'job'
            ? Array.from({ length: 26 }, (_, i) => ({ name: `job ${i}`, value: `j${i}` }))
            : [{ name: 'one', value: 'not a number' }];
        answers.push(interaction.respond(choices).catch((error: unknown) => error));
        if (answers.length === 2) resolve(Promise.all(answers));
      });
    });
    void b.emulator.autocomplete('alice', 'general', 'show', { job: '' }, 'job').catch(() => {});
    void b.emulator.autocomplete('alice', 'general', 'show', { page: 1 }, 'page').catch(() => {});
    const errors = await bothAnswered;
    expect(errors).toMatchObject([{ code: 50035 }, { code: 50035 }]);
    expect(b.emulator.violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/choices/),
      expect.stringMatching(/focused option's type/),
    ]);
  });
});
