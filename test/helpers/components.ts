import type { StoredMessage } from '@imagine-bot/discord-emulator';
import sharp from 'sharp';
import type { RecordedRequest } from '../fakes/stability-server.js';
import type { BotEnv } from './bot.js';

/** A job's final message: delivered, failed, filtered or cancelled. */
export const done = (message: StoredMessage) => /^(✅|❌|🚫|✖)/.test(message.data.content);

export function buttonIds(message: StoredMessage): string[] {
  return (message.data.components ?? []).flatMap((row) =>
    'components' in row ? row.components.map((c) => ('custom_id' in c ? c.custom_id : '')) : [],
  );
}

export function buttonLabels(message: StoredMessage): string[][] {
  return (message.data.components ?? []).map((row) =>
    'components' in row ? row.components.map((c) => ('label' in c ? (c.label ?? '') : '')) : [],
  );
}

export function jobIdOf(message: StoredMessage): string {
  return message.data.embeds[0]?.footer?.text.replace('Job ', '') ?? '';
}

export function fieldsOf(message: StoredMessage): Record<string, string> {
  return Object.fromEntries((message.data.embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));
}

/** The real pixel size of a message's `index`-th attachment, read from its bytes. */
export async function imageSize(message: StoredMessage, index = 0): Promise<{ width: number; height: number }> {
  const file = message.files[index];
  if (!file) throw new Error(`message ${message.id} has no attachment ${index}`);
  const meta = await sharp(file.bytes).metadata();
  return { width: meta.width ?? 0, height: meta.height ?? 0 };
}

/** Image calls only: the bot also reads the account balance at each start. */
export const imageCalls = (env: BotEnv): RecordedRequest[] =>
  (env.stability?.requests ?? []).filter((r) => r.path.startsWith('/v2beta'));

export async function imagineResult(
  env: BotEnv,
  options: Record<string, string | number> = {},
  user = 'alice',
): Promise<StoredMessage> {
  const handle = env.emulator.invokeCommand(user, 'general', 'imagine', { prompt: 'a fox in the snow', ...options });
  return handle.reply({ until: done });
}

/** Clicks a button and waits for its job's final message. */
export function clickDone(env: BotEnv, user: string, message: StoredMessage, customId: string): Promise<StoredMessage> {
  return env.emulator.clickButton(user, message, customId).reply({ until: done });
}
