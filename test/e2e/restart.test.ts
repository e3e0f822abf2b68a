import type { InteractionHandle, StoredMessage } from '@imagine-bot/discord-emulator';
import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalServices, startLocalServices } from '../helpers/bot.js';
import { type BotProcess, spawnBot } from '../helpers/bot-process.js';

let services: LocalServices | undefined;
let bot: BotProcess | undefined;
afterEach(async () => {
  await bot?.kill('SIGKILL');
  if (services) expectNoViolations(services.emulator);
  await services?.close();
  services = undefined;
  bot = undefined;
});

const done = (message: StoredMessage) => /^(✅|❌|🚫|✖)/.test(message.data.content);

function jobStates(path: string): Record<string, number> {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare('SELECT state, COUNT(*) AS n FROM jobs GROUP BY state').all() as {
      state: string;
      n: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  } finally {
    db.close();
  }
}

/** Credits recorded as estimates (calls that may have been charged), over every image. */
function estimatedCredits(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    const row = db
      .prepare('SELECT COALESCE(SUM(credits), 0) AS n FROM job_images WHERE credits_estimated = 1')
      .get() as {
      n: number;
    };
    return row.n;
  } finally {
    db.close();
  }
}

function submit(local: LocalServices, count: number): InteractionHandle[] {
  return Array.from({ length: count }, (_, i) =>
    local.emulator.invokeCommand(i % 2 ? 'alice' : 'bob', 'general', 'imagine', { prompt: `job ${i}` }),
  );
}

describe('a bot process that dies or is stopped', () => {
  it('loses none of 20 queued jobs to kill -9, and never resubmits the ones that were running', async () => {
    services = await startLocalServices({
      backend: 'stability',
      stabilityLatencyMs: 400,
      env: {
        STABILITY_RATE_LIMIT: '4',
        STABILITY_RATE_WINDOW_MS: '1000',
        LIMIT_QUEUED_PER_USER: '20',
        LIMIT_JOBS_PER_HOUR: '100',
      },
    });
    const fake = services.stability!;
    bot = await spawnBot(services);
    const handles = submit(services, 20);
    await Promise.all(handles.map((h) => h.waitForResponse({ timeoutMs: 10_000 })));
    await fake.waitForRequests(3);
    await bot.kill('SIGKILL');
    const before = jobStates(services.config.databasePath);
    expect(before.queued).toBeGreaterThan(10);

    bot = await spawnBot(services);
    const finals = await Promise.all(handles.map((h) => h.reply({ until: done, timeoutMs: 30_000 })));
    const failed = finals.filter((m) => m.data.content.startsWith('❌'));
    const delivered = finals.filter((m) => m.data.content.startsWith('✅'));
    expect(failed.length + delivered.length).toBe(20);
    expect(delivered.length).toBeGreaterThanOrEqual(before.queued ?? 0);
    for (const message of failed) {
      expect(message.data.content).toMatch(/the bot restarted while this job was running\. It was not sent again/);
      expect(JSON.stringify(message.data.components)).toContain('🔄 Reroll');
      // Stability may well have made (and charged) the image: the member and the budgets see the estimate.
      const credits = message.data.embeds[0]?.fields?.find((f) => f.name === 'Credits')?.value;
      expect(credits).toBe('3 credits (estimated — may have been charged)');
    }
    expect(estimatedCredits(services.config.databasePath)).toBe(3 * failed.length);
    const perPrompt = new Map<string, number>();
    // Image calls only: the bot also reads the account balance at each start.
    for (const request of fake.requests.filter((r) => r.path.startsWith('/v2beta'))) {
      const prompt = String(request.fields.prompt);
      perPrompt.set(prompt, (perPrompt.get(prompt) ?? 0) + 1);
    }
    expect([...perPrompt.values()].every((n) => n === 1)).toBe(true);
    expect(jobStates(services.config.databasePath)).toEqual({
      succeeded: delivered.length,
      ...(failed.length ? { failed: failed.length } : {}),
    });

    // Buttons on a message the killed process posted keep working in the new one.
    const old = delivered[0]!;
    const jobId = old.data.embeds[0]?.footer?.text.replace('Job ', '') ?? '';
    const vary = services.emulator.clickButton('alice', old, `v1:vary-subtle:${jobId}:0`);
    expect((await vary.reply({ until: done, timeoutMs: 20_000 })).data.content).toMatch(/^✅/);
  }, 90_000);

  it('on SIGTERM finishes the calls in flight, keeps the queue, leaves nothing running, and resumes at the next start', async () => {
    services = await startLocalServices({
      backend: 'stability',
      stabilityLatencyMs: 600,
      env: {
        STABILITY_RATE_LIMIT: '3',
        STABILITY_RATE_WINDOW_MS: '1000',
        LIMIT_QUEUED_PER_USER: '20',
        LIMIT_JOBS_PER_HOUR: '100',
      },
    });
    bot = await spawnBot(services);
    const handles = submit(services, 12);
    await Promise.all(handles.map((h) => h.waitForResponse({ timeoutMs: 10_000 })));
    await services.stability!.waitForRequests(2);
    expect(await bot.kill('SIGTERM')).toBe(0);
    const stopped = jobStates(services.config.databasePath);
    expect(stopped.running).toBeUndefined();
    expect(stopped.failed).toBeUndefined();
    expect(stopped.queued).toBeGreaterThan(5);
    expect(bot.output()).toMatch(/stopping: running calls finish, queued jobs stay in the store/);

    bot = await spawnBot(services);
    const finals = await Promise.all(handles.map((h) => h.reply({ until: done, timeoutMs: 30_000 })));
    expect(finals.every((m) => m.data.content.startsWith('✅'))).toBe(true);
    expect(services.stability!.requests.filter((r) => r.path.startsWith('/v2beta'))).toHaveLength(12);
  }, 90_000);
});
