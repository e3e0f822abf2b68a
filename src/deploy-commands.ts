#!/usr/bin/env node
import { REST } from '@discordjs/rest';
import { Routes } from 'discord.js';
import { commands } from '../commands/index.js';
import { ConfigError, loadConfig, readEnvironment } from './config.js';
import { registrationBody } from './interactions/commands.js';

/** Registers every slash command from the same definitions the bot serves: one guild (instant) or global. */
try {
  const config = loadConfig(readEnvironment(process.env), ['discord-deploy']);
  const { token, applicationId, guildId, apiUrl } = config.discord;
  const rest = new REST({ api: apiUrl }).setToken(token ?? '');
  const body = registrationBody(commands);
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId ?? '', guildId)
    : Routes.applicationCommands(applicationId ?? '');
  const registered = (await rest.put(route, { body })) as { name: string }[];
  process.stdout.write(
    `Registered ${registered.length} commands ${guildId ? `in guild ${guildId}` : 'globally'}: ${registered.map((c) => `/${c.name}`).join(', ')}\n`,
  );
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`Could not register commands: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
