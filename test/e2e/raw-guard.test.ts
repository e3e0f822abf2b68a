import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotEnv, startBotEnv } from '../helpers/bot.js';

let env: BotEnv | undefined;
afterEach(async () => {
  if (env) expectNoViolations(env.emulator);
  await env?.close();
  env = undefined;
});

/** Found by the fault suite (faults/probes/fuzz-options.ts): the guard answered, then discord.js threw anyway. */
describe('payloads discord.js cannot build', () => {
  it('are answered ephemerally and never reach discord.js, so nothing throws in its gateway handler', async () => {
    env = await startBotEnv();
    const rejections: unknown[] = [];
    const record = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', record);
    try {
      const shapes = [
        env.emulator.forgeCommand('alice', 'general', 'imagine', {}),
        env.emulator.forgeCommand('alice', 'general', 'imagine', [null]),
        env.emulator.forgeCommand('alice', 'general', 'imagine', [
          { name: 'prompt', type: 3, value: 'a', options: {} },
        ]),
        env.emulator.forgeModalSubmit('alice', 'general', 'v1:remix-submit:abcdefghij', null),
      ];
      for (const handle of shapes) {
        const reply = await handle.reply();
        expect(reply.visibleTo).toBe(env.emulator.users.alice.id);
        expect(reply.data.content).toMatch(/arrived damaged/);
      }
      // A well-formed interaction after them still goes through discord.js and the router as usual.
      const fine = await env.emulator.invokeCommand('bob', 'general', 'usage').reply();
      expect(fine.visibleTo).toBe(env.emulator.users.bob.id);
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});
