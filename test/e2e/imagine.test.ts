import type { StoredMessage } from '@imagine-bot/discord-emulator';
import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotEnv, startBotEnv } from '../helpers/bot.js';
import { createBackendGate } from '../helpers/gate.js';
import { DIALECTS } from '../helpers/store.js';

let env: BotEnv | undefined;
afterEach(async () => {
  if (env) expectNoViolations(env.emulator);
  await env?.close();
  env = undefined;
});

const done = (message: StoredMessage) => /^(✅|❌|🚫|✖)/.test(message.data.content);

describe.each(DIALECTS)('/imagine end to end on %s', (dialect) => {
  it('delivers every image with its embed and seeds, from requests that match the OpenAPI document', async () => {
    env = await startBotEnv({ dialect, backend: 'stability' });
    const { emulator, stability } = env;
    const handle = emulator.invokeCommand(emulator.users.alice, emulator.channels.general, 'imagine', {
      prompt: 'a lighthouse at dawn',
      negative_prompt: 'fog',
      aspect_ratio: '16:9',
      model: 'sd3.5-large',
      style: 'cinematic',
      seed: 1234,
      count: 3,
    });
    // One callback acknowledges the job: a public reply that already shows its place and its Cancel button.
    const first = await handle.waitForResponse();
    expect(first.type).toBe(4);
    const queued = (first.data ?? {}) as { content?: string; flags?: number; components?: unknown[] };
    expect(queued.flags ?? 0).toBe(0);
    expect(queued.content).toMatch(/^⏳ <@\d+>, your job is queued — position 1 \(about \d+ s\)/);
    expect(JSON.stringify(queued.components)).toContain('v1:cancel:');
    const reply = await handle.reply({ until: done });

    expect(reply.data.content).toBe(`✅ <@${emulator.users.alice.id}>`);
    expect(reply.visibleTo).toBeNull();
    expect(reply.files).toHaveLength(3);
    for (const file of reply.files) {
      const meta = await sharp(file.bytes).metadata();
      expect(meta.format).toBe('png');
      expect(meta.width! / meta.height!).toBeCloseTo(16 / 9, 1);
    }
    const embed = reply.data.embeds[0];
    expect(embed?.description).toBe('a lighthouse at dawn');
    const fields = Object.fromEntries((embed?.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields).toMatchObject({
      'Negative prompt': 'fog',
      Model: 'SD 3.5 Large',
      'Aspect ratio': '16:9',
      Style: 'cinematic',
      Seeds: '#1 `1234` · #2 `1235` · #3 `1236`',
      Credits: '19.5 credits',
      'Requested by': `<@${emulator.users.alice.id}>`,
    });

    const sent = stability!.requests.filter((r) => r.path.startsWith('/v2beta'));
    expect(sent).toHaveLength(3);
    expect(stability!.invalidRequests()).toEqual([]);
    expect(sent.map((r) => r.fields.seed).sort()).toEqual(['1234', '1235', '1236']);
    for (const request of sent) {
      expect(request.path).toBe('/v2beta/stable-image/generate/sd3');
      expect(request.fields).toMatchObject({
        prompt: 'a lighthouse at dawn',
        negative_prompt: 'fog',
        aspect_ratio: '16:9',
        model: 'sd3.5-large',
        style_preset: 'cinematic',
      });
      expect(request.headers.accept).toBe('image/*');
      expect(request.headers['stability-client-user-id']).toMatch(/^[0-9a-f]{32}$/);
      expect(request.headers['stability-client-user-id']).not.toContain(emulator.users.alice.id);
    }
    const job = await env.app.store.jobs.get(embed?.footer?.text.replace('Job ', '') ?? '');
    expect(job?.state).toBe('succeeded');
    expect(job?.chargedCredits).toBe(19.5);
  });

  it('sends only the options the user set', async () => {
    env = await startBotEnv({ dialect, backend: 'stability' });
    const handle = env.emulator.invokeCommand('alice', 'general', 'imagine', { prompt: 'a red apple' });
    await handle.reply({ until: done });
    const request = env.stability!.requests.find((r) => r.path.startsWith('/v2beta'));
    expect(request?.path).toBe('/v2beta/stable-image/generate/core');
    expect(request?.fields).toEqual({ prompt: 'a red apple' });
  });

  it('refuses over the queued limit with an ephemeral message and creates no job', async () => {
    const gate = createBackendGate();
    env = await startBotEnv({
      dialect,
      env: { LIMIT_QUEUED_PER_USER: '1', LIMIT_CONCURRENT_PER_USER: '1' },
      wrapBackend: gate.wrap,
    });
    const { emulator } = env;
    // One job runs (held at the backend; one job per user at a time) while the second waits and the third arrives.
    const first = emulator.invokeCommand('alice', 'general', 'imagine', { prompt: 'one', count: 4 });
    await first.waitForResponse();
    await gate.entered();
    const second = emulator.invokeCommand('alice', 'general', 'imagine', { prompt: 'two' });
    await second.waitForResponse();
    const third = emulator.invokeCommand('alice', 'general', 'imagine', { prompt: 'three' });
    const refusal = await third.reply();
    expect(refusal.visibleTo).toBe(emulator.users.alice.id);
    expect(refusal.data.content).toMatch(/already have \*\*1 jobs? waiting\*\* \(limit: 1 queued per user/);
    const count = await env.app.store.jobs.countByState();
    expect(Object.values(count).reduce((a, b) => a + b, 0)).toBe(2);
    gate.open();
    await first.reply({ until: done });
    await second.reply({ until: done });
  });
});
