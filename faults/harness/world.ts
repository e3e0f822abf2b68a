import { REST } from '@discordjs/rest';
import {
  DEFAULT_BOT_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  type Emulator,
  type EmulatorGuild,
  type StoredMessage,
} from '@imagine-bot/discord-emulator';
import { Routes } from 'discord.js';
import { commands } from '../../commands/index.js';
import { registrationBody } from '../../src/interactions/commands.js';
import { isFinalMessage } from './settle.js';

/** The channel of the second server; alice and mod (without a role there) are members, bob is not. */
export const ELSEWHERE_CHANNEL = 'elsewhereGeneral';

/** A second server the bot is in, with the bot's commands registered: jobs there must not be reachable from here. */
export async function addSecondGuild(emulator: Emulator): Promise<EmulatorGuild> {
  const guild = emulator.addGuild('elsewhere', {
    name: 'Elsewhere',
    owner: 'owner',
    everyonePermissions: DEFAULT_EVERYONE_PERMISSIONS,
    botPermissions: DEFAULT_BOT_PERMISSIONS,
    channels: { [ELSEWHERE_CHANNEL]: { name: 'general' } },
    members: { alice: {}, mod: {}, owner: {} },
  });
  await new REST({ api: emulator.restUrl })
    .setToken(emulator.token)
    .put(Routes.applicationGuildCommands(emulator.applicationId, guild.id), { body: registrationBody(commands) });
  return guild;
}

/** The job id a result message shows in its embed's footer (`Job <id>`). */
export const jobIdOf = (message: StoredMessage): string =>
  message.data.embeds[0]?.footer?.text.replace('Job ', '') ?? '';

/** One finished /imagine result message by `user` in `channel`, for buttons and modals to be fuzzed on. */
export async function resultMessage(
  emulator: Emulator,
  user: string,
  channel: string,
  prompt: string,
  count = 1,
): Promise<StoredMessage> {
  return emulator
    .invokeCommand(user, channel, 'imagine', { prompt, ...(count > 1 ? { count } : {}) })
    .reply({ until: isFinalMessage, timeoutMs: 20_000 });
}
