import type { Emulator } from '@imagine-bot/discord-emulator';
import { type BotEnv, type BotEnvOptions, startBotEnv } from '../../test/helpers/bot.js';
import { freePort } from '../../test/helpers/free-port.js';
import type { Outputs } from './outputs.js';

/** Everything the emulator holds that the bot wrote for people to read: every version of every message. */
export function messagesText(emulator: Emulator): string {
  const lines: string[] = [];
  for (const message of emulator.messages()) {
    for (const version of [...message.history, message.data]) {
      lines.push(JSON.stringify({ content: version.content, embeds: version.embeds, components: version.components }));
    }
  }
  return lines.join('\n');
}

/** Hands what one bot run printed and posted to the secret scan, with the secrets that run had. */
export function collectOutputs(
  outputs: Outputs,
  label: string,
  emulator: Emulator,
  secrets: { apiKey: string | undefined },
  texts: Record<string, string>,
): void {
  outputs.secret('the bot token', emulator.token);
  outputs.secret('the Stability API key', secrets.apiKey);
  outputs.interactionTokens(emulator.interactions().map((record) => record.token));
  for (const [name, text] of Object.entries(texts)) outputs.text(`${label} ${name}`, text);
  outputs.text(`${label} Discord messages`, messagesText(emulator));
}

/** What a bot sent that real Discord would have refused (the emulator's violations), one line each. */
export const violationsOf = (emulator: Emulator): string[] =>
  emulator.violations.map((v) => `Discord would refuse ${v.method} ${v.route}: ${v.message}`);

export interface FaultBot {
  env: BotEnv;
  /** `GET /healthz`'s status, or 0 when it could not be reached. */
  healthz(): Promise<number>;
  /** What the bot sent that real Discord would have refused (the emulator's violations), one line each. */
  violations(): string[];
  close(): Promise<void>;
}

/** The real bot in this process on the emulator (and the fake Stability), its /healthz on a free port. */
export async function startFaultBot(outputs: Outputs, label: string, options: BotEnvOptions): Promise<FaultBot> {
  const port = await freePort();
  const env = await startBotEnv({ ...options, env: { HTTP_PORT: String(port), ...options.env } });
  return {
    env,
    async healthz() {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5_000) });
        await response.text();
        return response.status;
      } catch {
        return 0;
      }
    },
    violations: () => violationsOf(env.emulator),
    async close() {
      collectOutputs(outputs, label, env.emulator, { apiKey: env.config.stability.apiKey }, { log: env.logText() });
      await env.close();
    },
  };
}
