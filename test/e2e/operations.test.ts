import type { StoredMessage } from '@imagine-bot/discord-emulator';
import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalBackend } from '../../src/images/local-backend.js';
import { type BotEnv, startBotEnv } from '../helpers/bot.js';
import { freePort } from '../helpers/free-port.js';

let env: BotEnv | undefined;
afterEach(async () => {
  if (env) expectNoViolations(env.emulator);
  await env?.close();
  env = undefined;
});

const done = (message: StoredMessage) => /^(✅|❌|🚫|✖)/.test(message.data.content);

describe('operating the bot', () => {
  it('serves /healthz and Prometheus /metrics with jobs, latency and credits', async () => {
    const port = await freePort();
    env = await startBotEnv({ env: { HTTP_PORT: String(port) } });
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, gateway: true, store: true, dispatcher: true, shards: [0] });

    await env.emulator
      .invokeCommand('alice', 'general', 'imagine', { prompt: 'a metric', count: 2 })
      .reply({ until: done });
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    // Every series carries the shards of the process that serves it.
    expect(metrics).toMatch(/imagine_jobs\{(?=[^}]*state="succeeded")(?=[^}]*shards="0")[^}]*\} 1/);
    expect(metrics).toMatch(/imagine_queue_depth\{shards="0"\} 0/);
    expect(metrics).toMatch(/imagine_credits_spent_total\{(?=[^}]*endpoint="core")(?=[^}]*shards="0")[^}]*\} 6/);
    expect(metrics).toMatch(
      /imagine_stability_request_seconds_count\{(?=[^}]*endpoint="core")(?=[^}]*outcome="SUCCESS")[^}]*\} 2/,
    );
    expect(metrics).not.toContain(env.config.discord.token);
  });

  it('re-encodes a result that is over the interaction upload limit instead of failing', async () => {
    // The local renderer draws the same picture for the same prompt and seed: half its PNG's size is a limit the
    // result is sure to break, whatever the seed would otherwise have been.
    const prompt = 'a detailed forest at night';
    const drawn = await createLocalBackend().run({ kind: 'generate', model: 'core', prompt, seed: 4242 });
    if ('pending' in drawn) throw new Error('generate is synchronous');
    const limit = Math.floor(drawn.bytes.byteLength / 2);
    env = await startBotEnv({ attachmentSizeLimit: limit });
    const reply = await env.emulator
      .invokeCommand('alice', 'general', 'imagine', { prompt, seed: 4242 })
      .reply({ until: done });
    expect(reply.data.content).toMatch(/^✅/);
    const file = reply.files[0]!;
    expect(file.size).toBeLessThanOrEqual(limit);
    expect(file.filename).toMatch(/\.(webp|jpg)$/);
    expect(['webp', 'jpeg']).toContain((await sharp(file.bytes).metadata()).format);
  });
});
