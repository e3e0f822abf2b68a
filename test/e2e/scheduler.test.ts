import type { InteractionHandle, StoredMessage } from '@imagine-bot/discord-emulator';
import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { maxRequestsInWindow } from '../fakes/stability-server.js';
import { type BotEnv, startBotEnv } from '../helpers/bot.js';
import { createBackendGate } from '../helpers/gate.js';

let env: BotEnv | undefined;
afterEach(async () => {
  if (env) expectNoViolations(env.emulator);
  await env?.close();
  env = undefined;
});

const done = (message: StoredMessage) => /^(✅|❌|🚫|✖)/.test(message.data.content);
const LIGHT = Array.from({ length: 10 }, (_, i) => `light${i}`);
const FIVE = ['ana', 'ben', 'cai', 'dee', 'eli'];

/**
 * Sends interactions in small batches, each acknowledged before the next, as a busy server's users would. The wait
 * only bounds a hang: acknowledgement latency is the benchmark's figure, and a CI machine running several bot
 * processes at once may take seconds.
 */
async function burst(handles: (() => InteractionHandle)[], batch = 25): Promise<InteractionHandle[]> {
  const out: InteractionHandle[] = [];
  for (let i = 0; i < handles.length; i += batch) {
    const group = handles.slice(i, i + batch).map((make) => make());
    await Promise.all(group.map((h) => h.waitForResponse({ timeoutMs: 30_000 })));
    out.push(...group);
  }
  return out;
}

describe('the scheduler', () => {
  it('never exceeds the quota in any window and starts light users first under a heavy burst', async () => {
    // 20 requests per second at the fake, 16 a second from the bot's pacer: a margin wider than production's 145/150
    // because the fake stamps arrivals on the same busy event loop as the bot. About the real quota's rate (15 a
    // second): at 80 a second (20 per 200 ms) the deliveries alone kept a loaded CI machine's event loop so busy that
    // a batch of acknowledgements missed Discord's 3 s — a load that real traffic at the real quota never makes.
    env = await startBotEnv({
      backend: 'stability',
      extraUsers: ['heavy', ...LIGHT],
      env: {
        STABILITY_RATE_LIMIT: '16',
        STABILITY_RATE_WINDOW_MS: '1000',
        STABILITY_LOCKOUT_MS: '1000',
        LIMIT_QUEUED_PER_USER: '200',
        LIMIT_JOBS_PER_HOUR: '1000',
        LOG_LEVEL: 'info',
      },
    });
    const fake = env.stability!;
    fake.control.enforceQuota({ limit: 20, windowMs: 1000, lockoutMs: 1000 });
    const { emulator } = env;
    const heavy = await burst(
      Array.from(
        { length: 200 },
        (_, i) => () => emulator.invokeCommand('heavy', 'general', 'imagine', { prompt: `heavy ${i}` }),
      ),
    );
    const lightSubmittedAt = fake.requests.length;
    const light = await burst(
      LIGHT.map((user) => () => emulator.invokeCommand(user, 'art', 'imagine', { prompt: `from ${user}` })),
    );
    await Promise.all([...heavy, ...light].map((h) => h.reply({ until: done, timeoutMs: 60_000 })));

    const requests = fake.requests.filter((r) => r.path.startsWith('/v2beta'));
    expect(requests).toHaveLength(210);
    expect(requests.filter((r) => r.status === 429)).toEqual([]);
    expect(
      maxRequestsInWindow(
        requests.map((r) => r.receivedAt),
        1000,
      ),
    ).toBeLessThanOrEqual(20);
    // Every light job was dispatched within a few dispatches of being submitted, not after the heavy backlog.
    for (const user of LIGHT) {
      const position = requests.findIndex((r) => r.fields.prompt === `from ${user}`);
      expect(position - lightSubmittedAt, user).toBeLessThan(30);
    }
    const remainingHeavyWhenLightDone = requests
      .slice(Math.max(...LIGHT.map((u) => requests.findIndex((r) => r.fields.prompt === `from ${u}`))))
      .filter((r) => String(r.fields.prompt).startsWith('heavy')).length;
    expect(remainingHeavyWhenLightDone).toBeGreaterThan(50);
  }, 90_000);

  it('pauses on a 429, tells waiting users until when, and completes every job afterwards', async () => {
    env = await startBotEnv({
      backend: 'stability',
      stabilityLatencyMs: 50,
      env: {
        STABILITY_RATE_LIMIT: '5',
        STABILITY_RATE_WINDOW_MS: '1000',
        STABILITY_LOCKOUT_MS: '2000',
        // One call out at a time: none can be on the wire when the 429 comes back, so none may arrive in the lockout.
        STABILITY_MAX_CONCURRENT: '1',
        LIMIT_QUEUED_PER_USER: '10',
      },
    });
    const fake = env.stability!;
    fake.control.failNext(429);
    const handles = [
      ...Array.from({ length: 4 }, (_, i) =>
        env!.emulator.invokeCommand('alice', 'general', 'imagine', { prompt: `alice ${i}` }),
      ),
      ...Array.from({ length: 4 }, (_, i) =>
        env!.emulator.invokeCommand('bob', 'general', 'imagine', { prompt: `bob ${i}` }),
      ),
    ];
    const results = await Promise.all(handles.map((h) => h.reply({ until: done, timeoutMs: 30_000 })));
    expect(results.every((m) => m.data.content.startsWith('✅'))).toBe(true);
    const requests = fake.requests.filter((r) => r.path.startsWith('/v2beta'));
    expect(requests.filter((r) => r.status === 429)).toHaveLength(1);
    // The job that got the 429 was sent again after the lockout, and nothing else was sent twice.
    const retried = requests.find((r) => r.status === 429)!.fields.prompt;
    expect(requests.filter((r) => r.fields.prompt === retried).map((r) => r.status)).toEqual([429, 200]);
    expect(requests).toHaveLength(9);
    // Nothing was dispatched during the lockout.
    const lockedAt = requests.find((r) => r.status === 429)!.receivedAt;
    const duringLockout = requests.filter((r) => r.receivedAt > lockedAt && r.receivedAt < lockedAt + 1900);
    expect(duringLockout).toEqual([]);
    const sawPause = handles.some((h) =>
      h.original()?.history.some((v) => v.content.includes('⏸️ Stability paused this bot')),
    );
    expect(sawPause).toBe(true);
    // The job whose call got the 429 was running: its own message said it waits for the lockout too.
    const order = ['alice', 'bob'].flatMap((who) => [0, 1, 2, 3].map((i) => `${who} ${i}`));
    const hit = handles[order.indexOf(String(retried))];
    expect(
      hit?.original()?.history.some((v) => /^🎨 .*generating your image…\n⏸️ Stability paused this bot/.test(v.content)),
    ).toBe(true);
    expect(env.app.metrics.registry.getSingleMetric('imagine_stability_rate_limited_total')).toBeDefined();
    expect(await env.app.metrics.registry.metrics()).toMatch(/imagine_stability_rate_limited_total\{shards="0"\} 1/);
  }, 60_000);

  it('shows position and ETA while waiting, and lets only the requester cancel before the job starts', async () => {
    const gate = createBackendGate();
    env = await startBotEnv({
      env: { LIMIT_CONCURRENT_PER_USER: '1', LIMIT_QUEUED_PER_USER: '5' },
      wrapBackend: gate.wrap,
    });
    const { emulator } = env;
    const first = emulator.invokeCommand('alice', 'general', 'imagine', { prompt: 'first' });
    await first.waitForResponse();
    await gate.entered();
    const second = emulator.invokeCommand('alice', 'general', 'imagine', { prompt: 'second' });
    const queued = await second.reply({ until: (m) => /position 1 \(about \d+ s\)/.test(m.data.content) });
    const row = queued.data.components?.[0] as { components: { custom_id: string }[] } | undefined;
    const cancelId = row?.components[0]?.custom_id ?? '';
    expect(cancelId).toMatch(/^v1:cancel:/);

    const refused = await emulator.clickButton('bob', queued, cancelId).reply();
    expect(refused.visibleTo).toBe(emulator.users.bob.id);
    expect(refused.data.content).toMatch(/Only the person who asked/);

    const cancel = emulator.clickButton('alice', queued, cancelId);
    expect((await cancel.waitForResponse()).type).toBe(7);
    const cancelled = await second.reply({ until: (m) => m.data.content.startsWith('✖') });
    expect(cancelled.data.content).toBe(`✖ <@${env.emulator.users.alice.id}>, you cancelled this job.`);
    const labels = JSON.stringify(cancelled.data.components);
    expect(labels).not.toContain('Cancel');
    expect(labels).toContain('🔄 Reroll');
    gate.open();
    await first.reply({ until: done });
    const jobs = await env.app.store.jobs.countByState();
    expect(jobs).toMatchObject({ succeeded: 1, cancelled: 1, queued: 0, running: 0 });
  });

  it('shows five waiting jobs distinct positions in run order, ETAs that never go down, and images done', async () => {
    const gate = createBackendGate();
    // Four calls in flight at most: the first 4-image job fills them, the next four wait behind it.
    env = await startBotEnv({ env: { STABILITY_MAX_CONCURRENT: '4' }, extraUsers: FIVE, wrapBackend: gate.wrap });
    const bot = env;
    const handles: InteractionHandle[] = [];
    for (const member of FIVE) {
      const handle = bot.emulator.invokeCommand(member, 'general', 'imagine', { prompt: `by ${member}`, count: 4 });
      await handle.waitForResponse();
      handles.push(handle);
      if (handles.length === 1) await gate.entered(4);
    }
    const first = await handles[0]!.reply({ until: (m) => /of 4 done/.test(m.data.content) });
    expect(first.data.content).toMatch(/generating 4 images… 0 of 4 done/);
    const shown = await Promise.all(handles.slice(1).map((h) => h.reply()));
    const lines = shown.map((m) => /position (\d+) \(about (\d+) (s|min)\)/.exec(m.data.content));
    expect(lines.map((l) => Number(l?.[1]))).toEqual([1, 2, 3, 4]);
    const etas = lines.map((l) => Number(l?.[2]) * (l?.[3] === 'min' ? 60 : 1));
    expect(etas).toEqual([...etas].sort((a, b) => a - b));
    gate.open();
    await Promise.all(handles.map((h) => h.reply({ until: done, timeoutMs: 20_000 })));
  });
});
