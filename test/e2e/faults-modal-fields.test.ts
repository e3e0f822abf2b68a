import type { StoredMessage } from '@imagine-bot/discord-emulator';
import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotEnv, startBotEnv } from '../helpers/bot.js';

let env: BotEnv | undefined;
afterEach(async () => {
  if (env) expectNoViolations(env.emulator);
  await env?.close();
  env = undefined;
});

const done = (message: StoredMessage) => /^(✅|❌|🚫|✖)/.test(message.data.content);

/** Found by the fault suite (faults/probes/fuzz-modals.ts): `String(42)` became the remix's prompt. */
describe('a modal field that is not text', () => {
  it('is refused as damaged and makes no job', async () => {
    env = await startBotEnv();
    const result = await env.emulator
      .invokeCommand('alice', 'general', 'imagine', { prompt: 'an owl' })
      .reply({ until: done });
    const jobId = result.data.embeds[0]?.footer?.text.replace('Job ', '') ?? '';
    for (const value of [42, true, null, { text: 'an owl' }]) {
      const reply = await env.emulator
        .forgeModalSubmit(
          'alice',
          'general',
          `v1:remix-submit:${jobId}`,
          [{ type: 1, components: [{ type: 4, custom_id: 'prompt', value }] }],
          { message: result.id },
        )
        .reply();
      expect(reply.visibleTo).toBe(env.emulator.users.alice.id);
      expect(reply.data.content).toMatch(/arrived damaged/);
    }
    expect((await env.app.store.jobs.countByState()).queued ?? 0).toBe(0);
    expect(Object.values(await env.app.store.jobs.countByState()).reduce((a, b) => a + b, 0)).toBe(1);
  });
});
