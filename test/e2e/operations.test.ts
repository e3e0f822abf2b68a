import { createServer } from 'node:net';
import type { StoredMessage } from '@imagine-bot/discord-emulator';
import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotEnv, startBotEnv } from '../helpers/bot.js';

let env: BotEnv | undefined;
afterEach(async () => {
  if (env) expectNoViolations(env.emulator);
  await env?.close();
  env = undefined;
});

const done = (message: StoredMessage) => /^(✅|❌|🚫|✖)/.test(message.data.content);

/** A port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('operating the bot', () => {
  it('serves /healthz and Prometheus /metrics with jobs, latency and credits', async () => {
    const port = await freePort();
    env = await startBotEnv({ env: { HTTP_PORT: String(port) } });
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, gateway: true, store: true });

    await env.emulator
      .invokeCommand('alice', 'general', 'imagine', { prompt: 'a metric', count: 2 })
      .reply({ until: done });
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/imagine_jobs\{state="succeeded"\} 1/);
    expect(metrics).toMatch(/imagine_queue_depth 0/);
    expect(metrics).toMatch(/imagine_credits_spent_total\{endpoint="core"\} 6/);
    expect(metrics).toMatch(/imagine_stability_request_seconds_count\{endpoint="core",outcome="SUCCESS"\} 2/);
    expect(metrics).not.toContain(env.config.discord.token);
  });

  it('re-encodes a result that is over the interaction upload limit instead of failing', async () => {
    // 1.5 MP PNGs from the local renderer are a few hundred KiB; a 150 KiB limit forces the re-encode.
    env = await startBotEnv({ attachmentSizeLimit: 150 * 1024 });
    const reply = await env.emulator
      .invokeCommand('alice', 'general', 'imagine', { prompt: 'a detailed forest at night' })
      .reply({ until: done });
    expect(reply.data.content).toMatch(/^✅/);
    const file = reply.files[0]!;
    expect(file.size).toBeLessThanOrEqual(150 * 1024);
    expect(file.filename).toMatch(/\.(webp|jpg)$/);
    expect(['webp', 'jpeg']).toContain((await sharp(file.bytes).metadata()).format);
  });
});
