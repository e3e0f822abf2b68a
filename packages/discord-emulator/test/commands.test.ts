import {
  ApplicationCommandOptionType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  Routes,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createSchemaRegistry, EmulatorUsageError } from '../src/index.js';
import { type DiscordTestBed, expectNoViolations, startDiscord } from '../src/testing/discord.js';
import { nextCommand } from '../src/testing/interactions.js';

const schemas = createSchemaRegistry();

const imagine: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  name: 'imagine',
  description: 'Generate an image',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'prompt',
      description: 'What to draw',
      required: true,
      max_length: 100,
    },
    { type: ApplicationCommandOptionType.Integer, name: 'count', description: 'How many', min_value: 1, max_value: 4 },
    { type: ApplicationCommandOptionType.Number, name: 'strength', description: 'Strength' },
    { type: ApplicationCommandOptionType.Boolean, name: 'private', description: 'Only me' },
    { type: ApplicationCommandOptionType.User, name: 'for', description: 'For whom' },
    { type: ApplicationCommandOptionType.Role, name: 'ping', description: 'Role to ping' },
    { type: ApplicationCommandOptionType.Channel, name: 'where', description: 'Where to post' },
  ],
};

const admin: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  name: 'limits',
  description: 'Moderator settings',
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  options: [
    {
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: 'user',
      description: 'Per-user limits',
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'set',
          description: 'Set a limit',
          options: [
            { type: ApplicationCommandOptionType.Integer, name: 'daily', description: 'Per day', required: true },
          ],
        },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'show', description: 'Show limits' },
  ],
};

describe('command registration and invocation', () => {
  let bed: DiscordTestBed | undefined;
  afterEach(async () => {
    await bed?.close();
    bed = undefined;
  });

  it('stores commands registered with client.application.commands.set and REST PUT, and emits an event', async () => {
    bed = await startDiscord({ schemas });
    const { emulator, client } = bed;
    const seen: (string | null)[] = [];
    emulator.events.on('commands', ({ guildId }) => seen.push(guildId));
    const global = await client.application.commands.set([imagine]);
    expect(global.first()?.name).toBe('imagine');
    await client.rest.put(Routes.applicationGuildCommands(emulator.applicationId, emulator.guild.id), {
      body: [admin],
    });
    expect(emulator.commands().map((c) => c.name)).toEqual(['imagine']);
    expect(emulator.commands(emulator.guild).map((c) => [c.name, c.default_member_permissions])).toEqual([
      ['limits', '32'],
    ]);
    expect(seen).toEqual([null, emulator.guild.id]);
    // Re-registering keeps ids, so cached references and the playground stay valid.
    const again = await client.application.commands.set([imagine]);
    expect(again.first()?.id).toBe(global.first()?.id);
    const fetched = await client.application.commands.fetch();
    expect(fetched.size).toBe(1);
    expectNoViolations(emulator);
  });

  it('types options from the registered definition, with resolved users, roles and channels', async () => {
    bed = await startDiscord({ schemas });
    const { emulator, client } = bed;
    await client.application.commands.set([imagine]);
    const received = nextCommand(client);
    emulator.invokeCommand(emulator.users.alice, emulator.channels.art, 'imagine', {
      prompt: 'a fox',
      count: 2,
      strength: 0.5,
      private: true,
      for: emulator.users.bob,
      ping: emulator.roles.artist,
      where: emulator.channels.nsfwArt,
    });
    const interaction = await received;
    const o = interaction.options;
    expect([o.getString('prompt'), o.getInteger('count'), o.getNumber('strength'), o.getBoolean('private')]).toEqual([
      'a fox',
      2,
      0.5,
      true,
    ]);
    expect(o.getUser('for')?.username).toBe('bob');
    expect(o.getMember('for')).not.toBeNull();
    expect(o.getRole('ping')?.name).toBe('Artist');
    expect(o.getChannel('where')?.name).toBe('nsfw-art');
    expect(interaction.commandId).toBe(emulator.commands()[0]?.id);
    await interaction.reply('ok');
  });

  it('delivers subcommands and groups, and enforces what the client would', async () => {
    bed = await startDiscord({ schemas });
    const { emulator, client } = bed;
    await client.application.commands.set([admin], emulator.guild.id);
    const received = nextCommand(client);
    emulator.invokeCommand(
      emulator.users.mod,
      emulator.channels.modLog,
      'limits',
      { daily: 5 },
      { group: 'user', subcommand: 'set' },
    );
    const interaction = await received;
    expect(interaction.options.getSubcommandGroup()).toBe('user');
    expect(interaction.options.getSubcommand()).toBe('set');
    expect(interaction.options.getInteger('daily')).toBe(5);
    expect(interaction.commandGuildId).toBe(emulator.guild.id);
    expect(interaction.memberPermissions?.has('ManageGuild')).toBe(true);
    await interaction.reply('ok');

    const u = emulator.users;
    expect(() =>
      emulator.invokeCommand(u.alice, emulator.channels.general, 'limits', {}, { subcommand: 'show' }),
    ).toThrow(EmulatorUsageError);
    expect(() => emulator.invokeCommand(u.mod, emulator.channels.general, 'limits', {})).toThrow(/needs a subcommand/);
    expect(() => emulator.invokeCommand(u.mod, emulator.channels.general, 'nope')).toThrow(/not registered/);
    expect(() => emulator.invokeCommand(u.alice, emulator.channels.modLog, 'limits')).toThrow(/cannot/);
  });

  it('infers option types when nothing is registered, and validates registered ones', async () => {
    bed = await startDiscord({ schemas });
    const { emulator, client } = bed;
    const received = nextCommand(client);
    const handle = emulator.invokeCommand(emulator.users.alice, emulator.channels.general, 'imagine', {
      prompt: 'x',
      n: 3,
      who: emulator.users.bob,
    });
    const interaction = await received;
    expect(interaction.options.getInteger('n')).toBe(3);
    expect(interaction.options.getUser('who')?.id).toBe(emulator.users.bob.id);
    expect(handle.payload.data).toMatchObject({ type: 1, name: 'imagine' });
    await interaction.reply('ok');
    await client.application.commands.set([imagine]);
    const u = emulator.users.alice;
    const art = emulator.channels.art;
    expect(() => emulator.invokeCommand(u, art, 'imagine', {})).toThrow(/required/);
    expect(() => emulator.invokeCommand(u, art, 'imagine', { prompt: 'x', count: 9 })).toThrow(/max_value/);
    expect(() => emulator.invokeCommand(u, art, 'imagine', { prompt: 'x'.repeat(101) })).toThrow(/max_length/);
    expect(() => emulator.invokeCommand(u, art, 'imagine', { prompt: 'x', bogus: 1 })).toThrow(/unknown option/);
  });

  it('rejects invalid registrations as violations', async () => {
    bed = await startDiscord({ schemas, logger: { warn: () => {} } });
    const { emulator, client } = bed;
    const bad = [
      { name: 'Bad Name', description: '' },
      { name: 'dup', description: 'd' },
      { name: 'dup', description: 'd' },
    ];
    await expect(
      client.rest.put(Routes.applicationCommands(emulator.applicationId), { body: bad }),
    ).rejects.toMatchObject({ code: 50035 });
    expect(emulator.violations[0]?.message).toMatch(/Command name is invalid.*unique/s);
    expect(emulator.commands()).toEqual([]);
  });
});
