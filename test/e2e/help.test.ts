import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { commands, components } from '../../commands/index.js';
import { formatAmount } from '../../src/format/credits.js';
import { MODEL_IDS, MODELS, UPSCALE_FAST_CREDITS } from '../../src/stability/models.js';
import { type BotEnv, startBotEnv } from '../helpers/bot.js';
import { command } from '../helpers/moderation.js';

let env: BotEnv | undefined;
afterEach(async () => {
  if (env) expectNoViolations(env.emulator);
  await env?.close();
  env = undefined;
});

describe('/help', () => {
  it('lists every command, app and button with prices, the member’s limits, and the queue — without links', async () => {
    env = await startBotEnv();
    await command(
      env,
      'mod',
      'limits',
      { scope: 'user', key: 'max_count', value: '2', user: env.emulator.users.alice },
      'set',
    );
    const handle = env.emulator.invokeCommand('alice', 'general', 'help');
    // Long enough lists go on in follow-ups; "The queue" closes the last one.
    const pages = [await handle.reply()];
    const last = () => pages.at(-1)?.data.embeds[0]?.fields?.some((f) => f.name === 'The queue');
    while (!last()) pages.push(await handle.followUp({ index: pages.length - 1 }));
    for (const page of pages) expect(page.visibleTo).toBe(env.emulator.users.alice.id);
    const embeds = pages.map((page) => page.data.embeds[0]);
    const allFields = embeds.flatMap((embed) => embed?.fields ?? []);
    const text = [embeds[0]?.description ?? '', ...allFields.flatMap((f) => [f.name, f.value])].join('\n');
    for (const c of commands) expect(text).toContain(c.kind === 'slash' ? `/${c.data.name}` : c.data.name);
    // Every button a result can carry, read from the bot's own component list (new tools included).
    const buttons = components.filter((c) => c.kind === 'button' && c.target === 'job');
    expect(buttons.length).toBeGreaterThan(8);
    for (const button of buttons) expect(text).toContain(`**${button.look.label}** — `);
    for (const id of MODEL_IDS) expect(text).toContain(`${MODELS[id].label} ${formatAmount(MODELS[id].credits)}`);
    expect(text).toContain(`fast 4× upscale of that image, ${UPSCALE_FAST_CREDITS} credits`);
    expect(text).toContain('Sketch 5');
    const limits = allFields.find((f) => f.name === 'Your limits here')?.value ?? '';
    expect(limits.split('\n')).toHaveLength(1);
    expect(limits).toContain('Images per job: 2');
    expect(limits).toContain('Image input allowed: yes');
    expect(allFields.find((f) => f.name === 'The queue')?.value).toMatch(/members take turns/);
    expect(text).not.toMatch(/https?:\/\//);
  });
});
