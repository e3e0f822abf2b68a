import type { InteractionHandle } from '@imagine-bot/discord-emulator';
import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotEnv, startBotEnv } from '../helpers/bot.js';
import { createBackendGate } from '../helpers/gate.js';
import { finished, jobOf } from '../helpers/moderation.js';

let env: BotEnv | undefined;
afterEach(async () => {
  if (env) expectNoViolations(env.emulator);
  await env?.close();
  env = undefined;
});

const members = Array.from({ length: 10 }, (_, i) => `member${i}`);

/** `n` jobs, spread over the extra members, one after another as members type them (each acknowledged). */
async function submit(bot: BotEnv, n: number): Promise<InteractionHandle[]> {
  const handles: InteractionHandle[] = [];
  for (let i = 0; i < n; i++) {
    const member = members[i % members.length]!;
    const handle = bot.emulator.invokeCommand(member, 'general', 'imagine', { prompt: `harbour ${i}` });
    await handle.waitForResponse();
    handles.push(handle);
  }
  return handles;
}

/** Read from the file itself: the stopped app's store is closed. */
function deliveryState(bot: BotEnv, jobId: string): string | undefined {
  const db = new Database(bot.config.databasePath, { readonly: true });
  try {
    const row = db.prepare('SELECT delivery_state FROM jobs WHERE id = ?').get(jobId) as
      | { delivery_state: string | null }
      | undefined;
    return row?.delivery_state ?? undefined;
  } finally {
    db.close();
  }
}

const limits = { LIMIT_QUEUED_PER_USER: '20', LIMIT_JOBS_PER_HOUR: '100', LIMIT_CONCURRENT_PER_USER: '4' };

describe('delivering a paid result through Discord errors', () => {
  it('delivers all 10 results that finish during a 1.5 s window of 500s on every webhook edit', async () => {
    const gate = createBackendGate();
    env = await startBotEnv({ extraUsers: members, env: limits, wrapBackend: gate.wrap });
    const bot = env;
    // All ten calls are out when the window opens; they come back inside it.
    const handles = await submit(bot, 10);
    await gate.entered(10);
    const outage = bot.emulator.faults.add({ routes: ['webhook-edit'], status: 500, for: { ms: 1_500 } });
    gate.open();
    const finals = await Promise.all(handles.map((h) => h.reply({ until: finished, timeoutMs: 20_000 })));
    expect(outage.injected).toBeGreaterThanOrEqual(10);
    expect(finals.map((m) => m.data.content.slice(0, 1))).toEqual(Array(10).fill('✅'));
    expect(finals.every((m) => m.files.length === 1)).toBe(true);
    // Each is recorded as delivered once Discord took it (the member may see it a moment before that write).
    for (const message of finals) {
      const job = await jobOf(bot, message);
      await bot.waitForLog(new RegExp(`"jobId":"${job.id}".*"msg":"job delivered"`));
      expect((await bot.app.store.jobs.get(job.id))?.delivery?.state).toBe('delivered');
    }
  });

  it('delivers all 40 results when every other edit answers 502', async () => {
    env = await startBotEnv({ extraUsers: members, env: limits });
    const bot = env;
    const flaky = bot.emulator.faults.add({ routes: ['webhook-edit'], status: 502, every: 2 });
    const handles = await submit(bot, 40);
    const finals = await Promise.all(handles.map((h) => h.reply({ until: finished, timeoutMs: 30_000 })));
    expect(flaky.injected).toBeGreaterThan(20);
    expect(finals.filter((m) => m.data.content.startsWith('✅') && m.files.length === 1)).toHaveLength(40);
  });

  it('resumes a delivery left pending by a stopped process at the next start', async () => {
    env = await startBotEnv();
    const bot = env;
    const handle = bot.emulator.invokeCommand('alice', 'general', 'imagine', { prompt: 'a lighthouse' });
    const first = await handle.reply();
    const down = bot.emulator.faults.add({ routes: ['webhook-edit', 'channel-message-create'], status: 503 });
    const job = await jobOf(bot, first);
    await bot.waitForLog(new RegExp(`"jobId":"${job.id}".*delivery through the interaction failed`));
    await bot.stop();
    expect(deliveryState(bot, job.id)).toBe('pending');
    down.remove();
    await bot.restart();
    const final = await handle.reply({ until: finished });
    expect(final.data.content).toMatch(/^✅/);
    expect(final.files).toHaveLength(1);
    await bot.waitForLog(new RegExp(`"jobId":"${job.id}".*"msg":"job delivered"`));
    expect((await bot.app.store.jobs.get(job.id))?.delivery?.state).toBe('delivered');
  });

  it('posts once in the channel, mentioning the member, when the token expired and a post answer was lost', async () => {
    env = await startBotEnv();
    const bot = env;
    const handle = bot.emulator.invokeCommand('alice', 'general', 'imagine', { prompt: 'a lighthouse' });
    const job = await jobOf(bot, await handle.reply());
    // The token dies while Discord is down: the result can no longer go through the interaction.
    const down = bot.emulator.faults.add({ routes: ['webhook-edit'], status: 503 });
    await bot.waitForLog(new RegExp(`"jobId":"${job.id}".*delivery through the interaction failed`));
    bot.emulator.advanceClock(16 * 60_000);
    // The channel post is made, but its answer is lost: the bot must not post it a second time.
    const lost = bot.emulator.faults.add({
      routes: ['channel-message-create'],
      status: 500,
      afterApplying: true,
      for: { count: 1 },
    });
    down.remove();
    const original = await handle.reply({ until: (m) => m.data.content.startsWith('↪️') });
    expect(lost.injected).toBe(1);
    const posts = bot.emulator
      .messages('general')
      .filter((m) => m.interactionId === null && m.data.embeds[0]?.footer?.text === `Job ${job.id}`);
    expect(posts).toHaveLength(1);
    const posted = posts[0]!;
    expect(posted.data.content).toMatch(new RegExp(`^✅ <@${bot.emulator.users.alice.id}>`));
    expect(posted.data.nonce).toBe(`ib-${job.id}`);
    expect(posted.files).toHaveLength(1);
    expect(posted.data.message_reference?.message_id).toBe(original.id);
    expect(posted.data.components?.length).toBeGreaterThan(0);
    // The original no longer claims to be generating, links the post and leaves the buttons to it.
    expect(original.data.content).toContain(posted.id);
    expect(original.data.components ?? []).toEqual([]);
  });

  it('logs why it could not deliver a late job when the bot may not post in the channel', async () => {
    const gate = createBackendGate();
    env = await startBotEnv({ wrapBackend: gate.wrap });
    const { emulator } = env;
    const handle = emulator.invokeCommand('alice', 'art', 'imagine', { prompt: 'slow and unlucky' });
    const job = await jobOf(env, await handle.reply());
    await gate.entered();
    // While the image is being made, the bot loses Send Messages in #art and the token expires.
    emulator.setChannelPermissions('art', emulator.botUser, { deny: 1n << 11n });
    emulator.advanceClock(16 * 60_000);
    gate.open();
    const line = await env.waitForLog(new RegExp(`cannot deliver job ${job.id}`));
    expect(line).toMatch(/cannot deliver job \w+: I may not post in that channel any more/);
    expect(line).toContain('"code":50013');
    expect((await env.app.store.jobs.get(job.id))?.state).toBe('succeeded');
  });
});
