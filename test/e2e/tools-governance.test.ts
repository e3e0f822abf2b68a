import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotEnv, startBotEnv } from '../helpers/bot.js';
import { buttonIds, clickDone, imageCalls, imagineResult, jobIdOf } from '../helpers/components.js';
import { command } from '../helpers/moderation.js';

let env: BotEnv | undefined;
afterEach(async () => {
  if (env) expectNoViolations(env.emulator);
  await env?.close();
  env = undefined;
});

/**
 * Clicks a button that must be refused: the clicker alone sees why, and nothing is sent to Stability. `unchecked`
 * sends a click for a button the message does not carry (an old layout, or a modified client).
 */
async function refused(
  bot: BotEnv,
  user: 'alice' | 'bob',
  message: Parameters<typeof clickDone>[2],
  id: string,
  unchecked = false,
) {
  const before = imageCalls(bot).length;
  const reply = await bot.emulator.clickButton(user, message, id, { unchecked }).reply();
  expect(reply.visibleTo).toBe(bot.emulator.users[user].id);
  expect(imageCalls(bot)).toHaveLength(before);
  return reply.data.content;
}

describe('the editing tools under the server’s rules', () => {
  it('moderators switch the editing tools off with edit_tools and every upscale off with upscale; Open stays free', async () => {
    env = await startBotEnv({ backend: 'stability' });
    const grid = await imagineResult(env, { count: 2 });
    const single = await imagineResult(env);
    const id = jobIdOf(single);

    const set = await command(env, 'mod', 'limits', { scope: 'guild', key: 'edit_tools', value: 'no' }, 'set');
    expect(set.data.content).toContain('Editing tools allowed');
    const off =
      '🚦 The editing tools (zoom, pan, make square, vary region, recolor, remove background) are turned off for you ' +
      'here (**Editing tools allowed: no**, server setting).';
    for (const action of ['zoom-out-2', 'pan-left', 'remove-background']) {
      expect(await refused(env, 'alice', single, `v1:${action}:${id}:0`), action).toBe(off);
    }
    // The form opens (a modal cannot wait for admission), but its submission is refused the same way.
    const region = env.emulator.clickButton('alice', single, `v1:vary-region:${id}:0`);
    const form = await region.modal();
    const submitted = await env.emulator
      .submitModal('alice', region, form.custom_id, { find: 'the fox', into: 'a cat' })
      .reply();
    expect(submitted.data.content).toBe(off);
    // Upscales follow their own key, still on.
    expect((await clickDone(env, 'alice', single, `v1:upscale-subtle:${id}:0`)).data.content).toMatch(/^✅/);

    await command(env, 'mod', 'limits', { scope: 'guild', key: 'upscale', value: 'no' }, 'set');
    const noUpscale = '🚦 Upscaling is turned off for you here (**Upscale allowed: no**, server setting).';
    for (const action of ['upscale', 'upscale-subtle', 'upscale-creative']) {
      expect(await refused(env, 'alice', single, `v1:${action}:${id}:0`), action).toBe(noUpscale);
    }
    // Opening an image calls nothing and costs nothing: no limit stands in its way.
    const opened = await env.emulator.clickButton('alice', grid, `v1:open:${jobIdOf(grid)}:1`).reply();
    expect(opened.files).toHaveLength(1);
  });

  it('reserves each tool’s own price against the member’s daily budget', async () => {
    env = await startBotEnv({ backend: 'stability' });
    await command(env, 'mod', 'budget', { scope: 'member', credits: '50' }, 'set');
    const single = await imagineResult(env);
    const id = jobIdOf(single);
    // 3 spent: a creative upscale (60) does not fit, a subtle one (40) does, then a zoom (4), then no background (5).
    expect(await refused(env, 'alice', single, `v1:upscale-creative:${id}:0`)).toMatch(
      /^💸 This job would cost about 60 credits, but only 47 credits of your daily budget of 50 credits are left\./,
    );
    const subtle = env.emulator.clickButton('alice', single, `v1:upscale-subtle:${id}:0`);
    await subtle.waitForResponse();
    // Its 40 credits are held while it waits or runs, and spent once it is done: the next tool sees 7 left either way.
    expect(await refused(env, 'alice', single, `v1:upscale-creative:${id}:0`)).toMatch(/only 7 credits .* are left/);
    await subtle.reply({ until: (m) => /^✅/.test(m.data.content) });
    expect((await clickDone(env, 'alice', single, `v1:zoom-out-1.5:${id}:0`)).data.content).toMatch(/^✅/);
    expect(await refused(env, 'alice', single, `v1:remove-background:${id}:0`)).toMatch(
      /^💸 This job would cost about 5 credits, but only 3 credits of your daily budget of 50 credits are left\./,
    );
    const view = await command(env, 'alice', 'budget', {}, 'view');
    expect(view.data.embeds[0]?.fields?.find((f) => f.name === 'Per member')?.value).toContain('47 spent');
  });

  it('does not run a tool twice when it is pressed twice quickly', async () => {
    env = await startBotEnv({ backend: 'stability', stabilityLatencyMs: 300 });
    const single = await imagineResult(env);
    const id = `v1:make-square:${jobIdOf(single)}:0`;
    // 1:1 images are square already: Make Square is offered only on other shapes.
    expect(buttonIds(single)).not.toContain(id);
    expect(await refused(env, 'alice', single, id, true)).toMatch(
      /^⬜ Make Square is not available for this \d+×\d+ image/,
    );
    const wide = await imagineResult(env, { aspect_ratio: '16:9' });
    const square = `v1:make-square:${jobIdOf(wide)}:0`;
    const first = env.emulator.clickButton('alice', wide, square);
    const second = env.emulator.clickButton('alice', wide, square);
    const note = await second.reply();
    expect(note.visibleTo).toBe(env.emulator.users.alice.id);
    expect(note.data.content).toMatch(/^Already on it/);
    expect((await first.reply({ until: (m) => /^✅/.test(m.data.content) })).files).toHaveLength(1);
    expect(imageCalls(env).filter((r) => r.endpoint === 'outpaint')).toHaveLength(1);
  });
});
