import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { maxRequestsInWindow } from '../fakes/stability-server.js';
import { type BotEnv, startBotEnv } from '../helpers/bot.js';
import {
  buttonLabels,
  clickDone,
  done,
  fieldsOf,
  imageCalls,
  imageSize,
  imagineResult,
  jobIdOf,
} from '../helpers/components.js';

let env: BotEnv | undefined;
afterEach(async () => {
  if (env) expectNoViolations(env.emulator);
  await env?.close();
  env = undefined;
});

/** Stability's 10 s between polls, shortened so a test need not wait it out; the rule is the same. */
const POLL_MS = 200;

/** Arrival times of the polls of one generation, in order. */
function pollTimes(bot: BotEnv, generationId: string | undefined): number[] {
  return imageCalls(bot)
    .filter((r) => r.endpoint === 'results' && r.generationId === generationId)
    .map((r) => r.receivedAt);
}

describe('the upscales', () => {
  it('upscales subtly (conservative) and creatively (asynchronous: polled through 202s, no more often than the interval)', async () => {
    env = await startBotEnv({
      backend: 'stability',
      stabilityAsync: { pendingPolls: 3 },
      env: { STABILITY_POLL_INTERVAL_MS: String(POLL_MS) },
    });
    const source = await imagineResult(env);
    const id = jobIdOf(source);
    const size = await imageSize(source);
    // Core answers 1.5 MP: above creative upscale's 1 MP input limit, so that one is shrunk first and says so.
    expect(size.width * size.height).toBeGreaterThan(1_048_576);

    const subtle = await clickDone(env, 'alice', source, `v1:upscale-subtle:${id}:0`);
    const conservative = imageCalls(env).at(-1);
    expect(conservative?.path).toBe('/v2beta/stable-image/upscale/conservative');
    expect(conservative?.fields).toEqual({ prompt: 'a fox in the snow' });
    const subtleSize = await imageSize(subtle);
    expect(subtleSize.width * subtleSize.height).toBeGreaterThan(4_000_000);
    expect(fieldsOf(subtle)).toMatchObject({ Credits: '40 credits', Model: 'Conservative upscale' });
    expect(fieldsOf(subtle).Input).toBeUndefined();

    const click = env.emulator.clickButton('alice', source, `v1:upscale-creative:${id}:0`);
    const creative = await click.reply({ until: done });
    expect(creative.data.content).toMatch(/^✅/);
    // While it rendered, its message said so, with a live "started … ago".
    expect(
      creative.history.some((version) =>
        /^🎨 <@\d+>, Stability is rendering your creative upscale \(started <t:\d+:R>\)/.test(version.content),
      ),
    ).toBe(true);
    const calls = imageCalls(env);
    const submits = calls.filter((r) => r.path === '/v2beta/stable-image/upscale/creative');
    expect(submits).toHaveLength(1);
    expect(submits[0]?.fields).toEqual({ prompt: 'a fox in the snow' });
    const polls = calls.filter((r) => r.endpoint === 'results');
    expect(polls.map((r) => r.status)).toEqual([202, 202, 202, 200]);
    expect(polls.every((r) => r.generationId === submits[0]?.generationId)).toBe(true);
    // Each poll leaves only after the previous one came back and the interval passed, so arrivals are that far apart.
    const times = pollTimes(env, submits[0]?.generationId);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(POLL_MS - 1);
    expect((times[0] ?? 0) - (submits[0]?.receivedAt ?? 0)).toBeGreaterThanOrEqual(POLL_MS - 1);

    const out = await imageSize(creative);
    expect(Math.max(out.width, out.height)).toBe(4096);
    const fields = fieldsOf(creative);
    expect(fields).toMatchObject({ Credits: '60 credits', Model: 'Creative upscale' });
    expect(fields.Input).toBe(`shrunk from ${size.width}×${size.height} to 1024×1024 to fit the endpoint's limits`);
    // 4096×4096 is as large as any upscale answers: none is offered again, the other tools are.
    const labels = buttonLabels(creative).flat();
    expect(labels.filter((label) => label.startsWith('Upscale'))).toEqual([]);
    expect(labels).toContain('🔍 Zoom Out 2×');
    expect(env.stability!.ledger.total()).toBe(3 + 40 + 60);
    expect(env.stability!.invalidRequests()).toEqual([]);
  });

  it('ends a creative upscale that never finishes after the timeout, with a clear message', async () => {
    env = await startBotEnv({
      backend: 'stability',
      stabilityAsync: { pendingPolls: 1_000 },
      env: { STABILITY_POLL_INTERVAL_MS: String(POLL_MS), STABILITY_POLL_TIMEOUT_MS: '1000' },
    });
    const source = await imagineResult(env);
    const failed = await clickDone(env, 'alice', source, `v1:upscale-creative:${jobIdOf(source)}:0`);
    expect(failed.data.content).toMatch(
      /^❌ <@\d+>, this job failed: Stability did not finish this image within 1 s, so the bot stopped waiting for it \(estimated — may have been charged\)\./,
    );
    expect(imageCalls(env).filter((r) => r.path === '/v2beta/stable-image/upscale/creative')).toHaveLength(1);
    expect(buttonLabels(failed).flat()).toEqual(['ℹ️ Info', '🗑️ Delete']);
  });

  it('a burst mixing submits and polls never exceeds the quota, and every job is delivered', async () => {
    // Scaled down: 4 requests per 200 ms from the bot, 5 allowed at the fake (the fake stamps arrivals on the same
    // busy event loop, hence the margin); polls every 100 ms per generation want far more than the quota gives.
    env = await startBotEnv({
      backend: 'stability',
      stabilityAsync: { pendingPolls: 4 },
      env: {
        STABILITY_RATE_LIMIT: '4',
        STABILITY_RATE_WINDOW_MS: '200',
        STABILITY_LOCKOUT_MS: '1000',
        STABILITY_POLL_INTERVAL_MS: '100',
        LIMIT_JOBS_PER_HOUR: '100',
      },
    });
    const fake = env.stability!;
    fake.control.enforceQuota({ limit: 5, windowMs: 200, lockoutMs: 1000 });
    const users = ['alice', 'bob', 'mod', 'owner'];
    const sources = await Promise.all(users.map((user) => imagineResult(env!, { prompt: `a fox of ${user}` }, user)));
    const upscales = sources.map((message, i) =>
      env!.emulator.clickButton(users[i]!, message, `v1:upscale-creative:${jobIdOf(message)}:0`),
    );
    await Promise.all(upscales.map((h) => h.waitForResponse()));
    const more = users.flatMap((user) =>
      [1, 2].map((n) => env!.emulator.invokeCommand(user, 'general', 'imagine', { prompt: `more ${user} ${n}` })),
    );
    const finals = await Promise.all([...upscales, ...more].map((h) => h.reply({ until: done, timeoutMs: 30_000 })));
    expect(finals.map((m) => m.data.content.slice(0, 1))).toEqual(finals.map(() => '✅'));

    const calls = imageCalls(env);
    expect(
      calls.filter((r) => r.status === 429 || r.quotaRejected),
      JSON.stringify(fake.requests.map((r) => [r.index, r.endpoint, r.status, r.receivedAt, r.quotaRejected])),
    ).toEqual([]);
    expect(
      maxRequestsInWindow(
        calls.map((r) => r.receivedAt),
        200,
      ),
    ).toBeLessThanOrEqual(5);
    const generations = calls.filter((r) => r.path === '/v2beta/stable-image/upscale/creative');
    expect(generations).toHaveLength(4);
    for (const submit of generations) {
      const times = pollTimes(env, submit.generationId);
      expect(times).toHaveLength(5);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(99);
    }
    expect(fake.duplicates()).toEqual({});
  }, 60_000);
});
