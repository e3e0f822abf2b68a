import type { InteractionHandle, StoredMessage } from '@imagine-bot/discord-emulator';
import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotEnv, startBotEnv } from '../helpers/bot.js';
import { finished, imagineAdmitted, jobOf } from '../helpers/moderation.js';

let env: BotEnv | undefined;
afterEach(async () => {
  if (env) expectNoViolations(env.emulator);
  await env?.close();
  env = undefined;
});

const jobCount = async (bot: BotEnv) =>
  Object.values(await bot.app.store.jobs.countByState()).reduce((a, b) => a + b, 0);

/** The bot's answer to a forged interaction: it must be an ephemeral message to the sender. */
async function refusal(bot: BotEnv, handle: InteractionHandle, user: 'alice' | 'bob'): Promise<string> {
  const reply = await handle.reply();
  expect(reply.visibleTo).toBe(bot.emulator.users[user].id);
  return reply.data.content;
}

/** A click of `customId` on `message` that the Discord client would never send: the id is not on that message. */
const forgedClick = (bot: BotEnv, user: 'alice' | 'bob', message: StoredMessage, customId: string) =>
  bot.emulator.clickButton(user, message, customId, { unchecked: true });

describe('a button acts on the job of the message it was clicked on', () => {
  it("refuses Bob's ids for his own or unknown jobs on Alice's message, and leaves her message alone", async () => {
    env = await startBotEnv({ env: { LOCAL_BACKEND_LATENCY_MS: '300' } });
    const bot = env;
    const alice = await imagineAdmitted(bot, 'alice', { prompt: 'alice harbour' });
    const bob = await imagineAdmitted(bot, 'bob', { prompt: 'bob harbour' });
    // Bob's queued job, for the cancel case: he holds its id while it waits.
    const queued = bot.emulator.invokeCommand('bob', 'general', 'imagine', { prompt: 'bob queued', count: 4 });
    const queuedJob = await jobOf(bot, await queued.reply());
    const before = bot.emulator.getMessage(alice.message.id)?.data.content;

    for (const id of [`v1:delete:${bob.job.id}`, 'v1:delete:zzzzzzzzzz', `v1:cancel:${queuedJob.id}`]) {
      const text = await refusal(bot, forgedClick(bot, 'bob', alice.message, id), 'bob');
      expect(text, id).toMatch(/does not belong to the job of this message|Only the person who asked/);
    }
    const after = bot.emulator.getMessage(alice.message.id);
    expect(after?.deleted).toBe(false);
    expect(after?.data.content).toBe(before);
    expect((await bot.app.store.jobs.get(queuedJob.id))?.state).not.toBe('cancelled');
    await queued.reply({ until: finished });
  });

  it("keeps Alice's own Delete button hers after her job's row is gone", async () => {
    env = await startBotEnv();
    const bot = env;
    const alice = await imagineAdmitted(bot, 'alice', { prompt: 'alice harbour' });
    await bot.app.db.deleteFrom('jobs').where('id', '=', alice.job.id).execute();
    const deleteId = `v1:delete:${alice.job.id}`;
    const refused = await refusal(bot, bot.emulator.clickButton('bob', alice.message, deleteId), 'bob');
    expect(refused).toMatch(/Only the person who asked/);
    expect(bot.emulator.getMessage(alice.message.id)?.deleted).toBe(false);
    const deleted = new Promise<void>((resolve) => {
      const off = bot.emulator.events.on('message', ({ change, message }) => {
        if (change === 'deleted' && message.id === alice.message.id) {
          off();
          resolve();
        }
      });
    });
    bot.emulator.clickButton('alice', alice.message, deleteId);
    await deleted;
  });

  it("refuses a job of another server, whatever message in Bob's server carries its id", async () => {
    env = await startBotEnv();
    const bot = env;
    const elsewhere = await imagineAdmitted(bot, 'alice', { prompt: 'a private harbour' });
    const own = await imagineAdmitted(bot, 'bob', { prompt: 'bob harbour' });
    // As if the job had been made in a server Bob is not in.
    await bot.app.db
      .updateTable('jobs')
      .set({ guild_id: '1000000000000000001' })
      .where('id', '=', elsewhere.job.id)
      .execute();
    const before = await jobCount(bot);
    for (const action of ['info', 'reroll']) {
      const text = await refusal(bot, forgedClick(bot, 'bob', own.message, `v1:${action}:${elsewhere.job.id}`), 'bob');
      expect(text).toBe('This button does not belong to a job of this server.');
      expect(text).not.toContain('private harbour');
    }
    expect(await jobCount(bot)).toBe(before);
  });
});

describe('forged options and fields', () => {
  it('answers every forged /imagine option with a clear ephemeral message and makes no job', async () => {
    env = await startBotEnv();
    const bot = env;
    const prompt = { name: 'prompt', type: 3, value: 'a harbour' };
    const cases: [options: unknown, expected: RegExp][] = [
      [[prompt, { name: 'count', type: 4, value: 0 }], /The option `count` must be/],
      [[prompt, { name: 'count', type: 4, value: -1 }], /The option `count` must be/],
      [[prompt, { name: 'count', type: 4, value: -0.5 }], /The option `count` must be/],
      [[prompt, { name: 'count', type: 4, value: '2' }], /The option `count` must be/],
      [[prompt, { name: 'aspect_ratio', type: 3, value: 169 }], /The option `aspect_ratio` must be/],
      [[prompt, { name: 'style', type: 3, value: 7 }], /The option `style` must be/],
      [[{ name: 'prompt', type: 3, value: '\u200b\u200d\u2060\ufeff' }], /The option `prompt` is empty/],
      [[], /The option `prompt` is required/],
      [{}, /arrived damaged/],
      [[null], /arrived damaged/],
    ];
    for (const [options, expected] of cases) {
      const text = await refusal(bot, bot.emulator.forgeCommand('alice', 'general', 'imagine', options), 'alice');
      expect(text, JSON.stringify(options)).toMatch(expected);
    }
    expect(await jobCount(bot)).toBe(0);
    // Nothing was left queued to lock Alice out: her next real request runs.
    await imagineAdmitted(bot, 'alice', { prompt: 'a real harbour' });
    expect(bot.logText()).not.toMatch(/unhandled|NaN/i);
  });

  it('answers forged remix forms: no components, an invisible prompt, an overlong one', async () => {
    env = await startBotEnv();
    const bot = env;
    const { job, message } = await imagineAdmitted(bot, 'alice', { prompt: 'a harbour' });
    const formId = `v1:remix-submit:${job.id}`;
    const damaged = bot.emulator.forgeModalSubmit('alice', 'general', formId, null, { message });
    expect(await refusal(bot, damaged, 'alice')).toMatch(/arrived damaged/);
    // A text field whose value is not text (the fault suite once saw `42` become a paid prompt).
    for (const value of [42, true, null, { text: 'an owl' }]) {
      const rows = [{ type: 1, components: [{ type: 4, custom_id: 'prompt', value }] }];
      const forged = bot.emulator.forgeModalSubmit('alice', 'general', formId, rows, { message });
      expect(await refusal(bot, forged, 'alice'), JSON.stringify(value)).toMatch(/arrived damaged/);
    }
    // A form that names the job but was opened from no message at all: nothing shows it is Bob's to submit.
    const wolf = [{ type: 1, components: [{ type: 4, custom_id: 'prompt', value: 'a wolf' }] }];
    const orphan = bot.emulator.forgeModalSubmit('bob', 'general', formId, wolf);
    expect(await refusal(bot, orphan, 'bob')).toMatch(/does not belong to the job of this message/);
    const click = bot.emulator.clickButton('alice', message, `v1:remix:${job.id}`);
    await click.modal();
    const cases: [values: Record<string, string>, expected: RegExp][] = [
      [{ prompt: '\u200b \u200b', negative_prompt: '' }, /^\*\*Prompt\*\* is empty: it has nothing visible in it\.$/],
      [{ prompt: 'x'.repeat(2001), negative_prompt: '' }, /^\*\*Prompt\*\* is limited to 2000 characters\.$/],
      [{ prompt: 'a harbour', negative_prompt: 'y'.repeat(2001) }, /^\*\*Negative prompt\*\* is limited to 2000/],
    ];
    for (const [values, expected] of cases) {
      const submit = bot.emulator.submitModal('alice', click, formId, values, { unchecked: true });
      expect(await refusal(bot, submit, 'alice')).toMatch(expected);
    }
    expect(await jobCount(bot)).toBe(1);
  });
});
