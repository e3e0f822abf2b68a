import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { evaluateOn, finished, openSession, type Session, textOf } from './session.js';

/** Every visible placeholder in the composer, and whether its text fits the field it is drawn in. */
const PLACEHOLDERS = `(root) => [...root.querySelectorAll('input[placeholder], textarea[placeholder]')]
  .filter((input) => input.placeholder && input.offsetParent !== null)
  .map((input) => {
    const style = getComputedStyle(input);
    const context = document.createElement('canvas').getContext('2d');
    context.font = style.fontStyle + ' ' + style.fontWeight + ' ' + style.fontSize + ' ' + style.fontFamily;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return { placeholder: input.placeholder, fits: context.measureText(input.placeholder).width <= room };
  })`;

describe('the composer in a browser', () => {
  let session: Session;
  let page: Page;

  beforeAll(async () => {
    session = await openSession({ user: 'mod' });
    page = session.page;
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  const failed = (name: string) =>
    onTestFailed(async () => {
      await session.shot(`failure-${name}`).catch(() => undefined);
      process.stderr.write(session.logs.join(''));
    });
  const composer = () => page.getByRole('combobox', { name: 'Message' });
  const form = () => page.getByRole('form', { name: 'Command options' });
  const composerError = () => page.locator('#composer .composer-error');
  /** The registered limit of one string option, as the bot deployed it. */
  const maxLength = (command: string, option: string) => {
    const { emulator } = session.playground;
    const found = emulator.commands(emulator.guild).find((c) => c.name === command);
    const limit = found?.options?.find((o) => o.name === option);
    if (!limit || !('max_length' in limit) || typeof limit.max_length !== 'number') throw new Error('no max_length');
    return limit.max_length;
  };

  it('fills the first required option from the text after the command, and Enter sends it', async () => {
    failed('composer-text');
    await composer().fill('/imagine a cat wearing a hat');
    const picked = page.getByRole('option').filter({ has: page.locator('.command-name', { hasText: /^\/imagine$/ }) });
    await picked.waitFor();
    expect(await page.locator('.command-empty').count()).toBe(0);
    await composer().press('Enter');

    const result = finished(page, 'Imagine');
    await result.waitFor();
    expect(await textOf(result.locator('.embed-description'))).toBe('a cat wearing a hat');
    expect(await form().isHidden()).toBe(true);
    expect(await composerError().textContent()).toBe('');

    // Tab (or a click) only opens the form, filled, for the remaining options.
    await composer().fill('/imagine a quiet harbour');
    await composer().press('Tab');
    expect(await form().getByLabel('prompt', { exact: true }).inputValue()).toBe('a quiet harbour');
    await form().getByRole('button', { name: 'Cancel command' }).click();

    // A choice is filled by its name, in a subcommand too.
    await composer().fill('/modlog nsfw-spoiler on');
    await composer().press('Enter');
    await page.locator('article.ephemeral', { hasText: /spoiler/i }).waitFor();
    expect(session.playground.emulator.interactions().at(-1)?.payload).toMatchObject({
      data: { name: 'modlog', options: [{ name: 'nsfw-spoiler', options: [{ name: 'mode', value: 'on' }] }] },
    });
    expectNoViolations(session.playground.emulator);
  });

  it('says "Unknown command" for a name no command has, and shows one slash only', async () => {
    failed('composer-unknown');
    await composer().fill('/');
    // The bar draws no slash of its own beside the one typed (only Discord's ➕ upload button).
    expect(await textOf(page.locator('.composer-bar'))).toBe('➕');
    await composer().fill('/nosuch');
    await page.locator('.command-empty', { hasText: 'Unknown command' }).waitFor();
    await composer().press('Enter');
    await composerError()
      .filter({ hasText: /^Unknown command/ })
      .waitFor();
    expect(await composerError().textContent()).not.toContain('Only slash commands');
    await composer().fill('hello there');
    await composer().press('Enter');
    await composerError().filter({ hasText: 'Only slash commands reach the bot' }).waitFor();
    await composer().fill('');
  });

  it('counts characters near the registered limit and refuses longer text instead of cutting it', async () => {
    failed('composer-limit');
    const max = maxLength('imagine', 'prompt');
    const interactions = session.playground.emulator.interactions().length;
    await composer().fill('/imagine');
    await composer().press('Enter');
    const prompt = form().getByLabel('prompt', { exact: true });
    const counter = form().locator('[data-option=prompt] [data-testid=char-counter]');
    await prompt.fill('a short prompt');
    expect(await counter.isHidden()).toBe(true);
    await prompt.fill('x'.repeat(max - 20));
    await counter.filter({ hasText: /^20$/ }).waitFor();
    await prompt.fill('x'.repeat(max + 5));
    expect((await prompt.inputValue()).length).toBe(max + 5);
    await counter.filter({ hasText: /^-5$/ }).waitFor();
    expect(await counter.getAttribute('class')).toContain('over');
    await form().getByRole('button', { name: 'Send' }).click();
    await composerError()
      .filter({ hasText: `prompt is too long: ${max + 5} characters, at most ${max}` })
      .waitFor();
    expect(session.playground.emulator.interactions().length).toBe(interactions);
    await session.shot('composer-limit');
    await form().getByRole('button', { name: 'Cancel command' }).click();

    // The Remix modal's prompt keeps its registered limit the same way.
    const result = finished(page, 'Imagine');
    await result.getByRole('button', { name: '✏️ Remix' }).click();
    const modal = page.getByRole('dialog');
    const field = modal.getByLabel('Prompt', { exact: true });
    await field.fill('y'.repeat(max + 1));
    await modal.locator('[data-testid=char-counter]', { hasText: /^-1$/ }).waitFor();
    await modal.getByRole('button', { name: 'Submit' }).click();
    await modal.locator('.modal-error', { hasText: 'Prompt is 1 characters too long' }).waitFor();
    expect(session.playground.emulator.interactions().filter((i) => i.type === 5)).toEqual([]);
    await modal.getByRole('button', { name: 'Cancel' }).click();
  });

  it('words limits and roles as Discord does, with placeholders that fit their fields', async () => {
    failed('composer-words');
    await composer().fill('/show');
    await composer().press('Enter');
    const hint = form().locator('[data-option=job] .option-hint');
    expect(await textOf(hint)).toMatch(/· 10 characters$/);
    // Emoji in the composer's own text are Twemoji images too.
    await hint.locator('img.emoji[alt="ℹ️"]').waitFor();
    await form().getByRole('button', { name: 'Cancel command' }).click();

    await composer().fill('/modlog moderator-role');
    await composer().press('Enter');
    const roles = await form().getByLabel('role', { exact: true }).locator('option').allTextContents();
    expect(roles).toContain('@everyone');
    expect(roles.filter((name) => name.startsWith('@@'))).toEqual([]);
    await form().getByRole('button', { name: 'Cancel command' }).click();

    await composer().fill('/imagine');
    await composer().press('Enter');
    const composerRoot = page.locator('#composer');
    const placeholders = await evaluateOn<{ placeholder: string; fits: boolean }[]>(composerRoot, PLACEHOLDERS);
    expect(placeholders.filter((p) => !p.fits)).toEqual([]);
    await form().getByRole('button', { name: 'Cancel command' }).click();
    const bar = await evaluateOn<{ placeholder: string; fits: boolean }[]>(composerRoot, PLACEHOLDERS);
    expect(bar.map((p) => p.placeholder)).toEqual(['Message #general']);
    expect(bar.every((p) => p.fits)).toBe(true);
  });
});
