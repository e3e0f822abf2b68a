import { REST } from '@discordjs/rest';
import type { CommandOptionValues, EmulatorUser, StoredMessage, UserRef } from '@imagine-bot/discord-emulator';
import { Routes } from 'discord.js';
import { expect } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Job } from '../../src/domain/job.js';
import { registrationBody } from '../../src/interactions/commands.js';
import type { BotEnv } from './bot.js';

/** A job's final message: delivered, failed, filtered or cancelled. */
export const finished = (message: StoredMessage) => /^(✅|❌|🚫|✖)/.test(message.data.content);

export async function jobOf(env: BotEnv, message: StoredMessage): Promise<Job> {
  const id = message.data.embeds[0]?.footer?.text.replace('Job ', '') ?? '';
  const job = await env.app.store.jobs.get(id);
  if (!job) throw new Error(`no job behind message ${message.id}`);
  return job;
}

/** Runs a slash command in #general and returns the bot's first (final) reply. */
export function command(
  env: BotEnv,
  user: UserRef,
  name: string,
  options: CommandOptionValues = {},
  subcommand?: string,
): Promise<StoredMessage> {
  const handle = env.emulator.invokeCommand(user, 'general', name, options, subcommand ? { subcommand } : {});
  return handle.reply();
}

/** `/imagine` that must be admitted: waits for the delivered result and returns it with its job. */
export async function imagineAdmitted(
  env: BotEnv,
  user: UserRef,
  options: CommandOptionValues = {},
): Promise<{ job: Job; message: StoredMessage }> {
  const handle = env.emulator.invokeCommand(user, 'general', 'imagine', { prompt: 'a quiet harbour', ...options });
  const first = await handle.reply();
  // An ephemeral answer is a refusal; show it instead of timing out on a result that never comes.
  if (first.visibleTo !== null) expect(first.data.content).toBe('(admitted)');
  const result = await handle.reply({ until: finished });
  expect(result.data.content).toMatch(/^✅/);
  return { job: await jobOf(env, result), message: result };
}

/** `/imagine` that must be refused: returns the ephemeral refusal after checking no job was made. */
export async function imagineRefused(env: BotEnv, user: UserRef, options: CommandOptionValues = {}): Promise<string> {
  const total = async () => Object.values(await env.app.store.jobs.countByState()).reduce((a, b) => a + b, 0);
  const before = await total();
  const handle = env.emulator.invokeCommand(user, 'general', 'imagine', { prompt: 'a quiet harbour', ...options });
  const reply = await handle.reply();
  const userId = typeof user === 'string' ? (env.emulator.users as Record<string, EmulatorUser>)[user]?.id : user.id;
  expect(reply.visibleTo).toBe(userId);
  expect(await total()).toBe(before);
  return reply.data.content;
}

/** What a server admin does in Server Settings → Integrations: lets everyone use every command. */
export async function openCommandsToEveryone(env: BotEnv): Promise<void> {
  const body = registrationBody(commands).map((c) => ({ ...c, default_member_permissions: null }));
  await new REST({ api: env.config.discord.apiUrl })
    .setToken(env.emulator.token)
    .put(Routes.applicationGuildCommands(env.emulator.applicationId, env.emulator.guild.id), { body });
}

/** Bot posts in #mod-log, oldest first. */
export function modLog(env: BotEnv): StoredMessage[] {
  return env.emulator.messages('modLog');
}

/** Waits for the mod-log post of an audit action (`user.block`…), counting posts already there. */
export function modLogPost(env: BotEnv, action: string, nth = 1): Promise<StoredMessage> {
  const matches = (m: StoredMessage) => m.data.embeds[0]?.footer?.text.endsWith(` · ${action}`) ?? false;
  return env.emulator.waitForMessage(
    (m) => m.channelId === env.emulator.channels.modLog.id && matches(m) && modLog(env).filter(matches).length >= nth,
    { includeExisting: true },
  );
}

/** A field of the first embed of a message, by name. */
export function field(message: StoredMessage, name: string): string | undefined {
  return message.data.embeds[0]?.fields?.find((f) => f.name === name)?.value;
}

/** Whether the bot's first answer to an interaction admitted a job: a public reply (a refusal is ephemeral). */
export function admittedResponse(response: { type: number; data: unknown } | undefined): boolean {
  if (!response || (response.type !== 4 && response.type !== 5)) return false;
  const flags = (response.data as { flags?: number } | undefined)?.flags ?? 0;
  return (flags & 64) === 0;
}
