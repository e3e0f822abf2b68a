import { join } from 'node:path';
import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { finished, imagesLoaded, openSession, RECORD_SEEN, runCommand, type Session, textOf } from './session.js';

describe('the playground in a browser', () => {
  let session: Session;
  let page: Page;

  beforeAll(async () => {
    session = await openSession({ initScripts: [RECORD_SEEN] });
    page = session.page;
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  const playground = () => session.playground;
  const logs = () => session.logs;
  const shot = (name: string) => session.shot(name);

  it('runs /imagine from the composer, then reroll, a variation and a remix, all live', async () => {
    onTestFailed(async () => {
      await shot('failure-imagine').catch(() => undefined);
      process.stderr.write(logs().join(''));
    });
    const emulator = playground().emulator;

    // The channel list and user switcher come from the emulator's seed.
    await page.getByRole('button', { name: 'nsfw-art (age-restricted)' }).waitFor();
    const users = await page.locator('#user-select option').allTextContents();
    expect(users.join('\n')).toMatch(/Alice.*\n.*Bob.*\n.*Moderator Mo.*Moderator/);

    // The composer lists what the bot registered; the options are typed fields with their choices and limits.
    await page.getByRole('combobox', { name: 'Message' }).fill('/ima');
    await page.getByRole('option', { name: /^\/imagine/ }).click();
    const form = page.getByRole('form', { name: 'Command options' });
    await form.getByLabel('prompt', { exact: true }).fill('a lighthouse at dawn');
    const ratios = await form.getByLabel('aspect_ratio', { exact: true }).locator('option').allTextContents();
    expect(ratios).toEqual(expect.arrayContaining(['16:9', '1:1', '9:16']));
    await form.getByLabel('aspect_ratio', { exact: true }).selectOption({ label: '16:9' });
    const count = form.getByLabel('count', { exact: true });
    expect(await count.getAttribute('max')).toBe('4');
    await count.fill('2');
    await form.getByRole('button', { name: 'Send' }).click();

    const imagine = finished(page, 'Imagine');
    await imagine.waitFor();
    await expect(textOf(imagine.locator('.invocation'))).resolves.toMatch(/@Alice used \/imagine/);
    const sizes = await imagesLoaded(page, imagine, 2);
    for (const { width, height } of sizes) expect(width / height).toBeCloseTo(16 / 9, 1);
    await expect(imagine.locator('.embed-field', { hasText: 'Aspect ratio' }).textContent()).resolves.toContain('16:9');
    await expect(imagine.locator('[data-testid=content] .mention').textContent()).resolves.toBe('@Alice');
    // Live edits: the first reply already showed the job's place (no "thinking…" deferral), then its progress.
    const seen = (await page.evaluate('window.__seen')) as { thinking: boolean; contents: string[] };
    expect(seen.thinking).toBe(false);
    expect(seen.contents.some((text) => /^⏳ .*position \d+/.test(text))).toBe(true);
    await shot('1-imagine');
    if (process.env.UPDATE_DOCS_SCREENSHOT)
      await page.screenshot({ path: join(process.cwd(), 'docs', 'playground.png') });

    await imagine.getByRole('button', { name: '🔄 Reroll' }).click();
    const reroll = finished(page, 'Reroll');
    await reroll.waitFor();
    await expect(textOf(reroll.locator('.invocation'))).resolves.toMatch(/@Alice clicked 🔄 Reroll/);
    await imagesLoaded(page, reroll, 2);
    await shot('2-reroll');

    await imagine.getByRole('button', { name: 'V1 subtle' }).click();
    const variation = finished(page, 'Variation (subtle)');
    await variation.waitFor();
    await imagesLoaded(page, variation, 1);
    await expect(variation.locator('.embed-field', { hasText: 'From' }).textContent()).resolves.toContain('image #1');
    await shot('3-variation');

    await imagine.getByRole('button', { name: '✏️ Remix' }).click();
    const modal = page.getByRole('dialog');
    await modal.getByRole('heading', { name: 'Remix: edit the prompt and run again' }).waitFor();
    const prompt = modal.getByLabel('Prompt', { exact: true });
    expect(await prompt.inputValue()).toBe('a lighthouse at dawn');
    await prompt.fill('a lighthouse at dusk, remixed');
    await shot('4-remix-modal');
    await modal.getByRole('button', { name: 'Submit' }).click();
    const remix = finished(page, 'Remix');
    await remix.waitFor();
    await expect(remix.locator('.embed-description').textContent()).resolves.toBe('a lighthouse at dusk, remixed');
    await imagesLoaded(page, remix, 2);
    await shot('5-remix');

    // What the page showed is what the emulator stored, reached only through interactions.
    await page.locator('#queue-summary', { hasText: '0 waiting · 0 running · 4 finished' }).waitFor();
    const kinds = emulator.interactions().map((i) => i.type);
    expect(kinds).toEqual([2, 3, 3, 3, 5]);
    expectNoViolations(emulator);
  }, 60_000);

  it('shows faults, ephemerals per user, channel permissions and the clock', async () => {
    onTestFailed(async () => {
      await shot('failure-controls').catch(() => undefined);
      process.stderr.write(logs().join(''));
    });
    const emulator = playground().emulator;

    await page.locator('#fault-kind').selectOption('server-error');
    await page.locator('#fault-times').selectOption('1');
    await page.locator('#fault-apply').click();
    await page.locator('#fault-state', { hasText: 'Server error (500)' }).waitFor();

    await page.getByRole('combobox', { name: 'Message' }).fill('/imagine');
    await page.getByRole('combobox', { name: 'Message' }).press('Enter');
    await page.getByLabel('prompt', { exact: true }).fill('a storm over the sea');
    await page.getByLabel('prompt', { exact: true }).press('Enter');
    const failed = finished(page, 'Imagine', '❌');
    await failed.waitFor();
    await page.locator('#fault-state', { hasText: 'Calls succeed' }).waitFor();

    await failed.getByRole('button', { name: 'ℹ️ Info' }).click();
    const details = page
      .locator('article.ephemeral')
      .filter({ has: page.locator('.embed-title', { hasText: 'Job details' }) });
    await details.locator('.ephemeral-note', { hasText: 'Only you can see this' }).waitFor();
    await shot('6-fault-and-ephemeral');

    // Bob sees the failed job but not Alice's ephemeral, and not the moderators' channel.
    await page.locator('#user-select').selectOption(emulator.users.bob.id);
    await page.locator('.message-header .author').first().waitFor();
    await page.waitForFunction(`new URL(location.href).searchParams.get('user') === '${emulator.users.bob.id}'`);
    await failed.waitFor();
    expect(await page.locator('article.ephemeral').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'mod-log' }).count()).toBe(0);

    await page.locator('#user-select').selectOption(emulator.users.mod.id);
    await page.getByRole('button', { name: 'mod-log' }).waitFor();

    await page.locator('#clock-jump').click();
    await page.locator('#clock-offset', { hasText: '15 min ahead' }).waitFor();
    expect(emulator.clock.now() - Date.now()).toBeGreaterThanOrEqual(15 * 60_000 - 1_000);
    await shot('7-controls');
    expectNoViolations(emulator);
  }, 60_000);
  it('lets a moderator block a member from the composer, audited in #mod-log, and the member is refused', async () => {
    onTestFailed(async () => {
      await shot('failure-moderation').catch(() => undefined);
      process.stderr.write(logs().join(''));
    });
    const emulator = playground().emulator;
    const run = (command: string, fill: Parameters<typeof runCommand>[2]) => runCommand(page, command, fill);

    await page.locator('#user-select').selectOption(emulator.users.mod.id);
    await page.getByRole('button', { name: 'general', exact: true }).click();
    await run('/modlog channel', (f) => f.getByLabel('channel', { exact: true }).selectOption({ label: '#mod-log' }));
    await page.locator('article.ephemeral', { hasText: 'mod-log' }).last().waitFor();
    await run('/block', async (f) => {
      await f.getByLabel('user', { exact: true }).selectOption(emulator.users.bob.id);
      await f.getByLabel('reason', { exact: true }).fill('spamming the art channel');
    });
    await page.locator('article.ephemeral', { hasText: 'Blocked' }).waitFor();

    await page.getByRole('button', { name: 'mod-log', exact: true }).click();
    await page.locator('article[data-testid=message]', { hasText: 'spamming the art channel' }).first().waitFor();
    // Code blocks in narrow inline fields keep long values inside their box.
    const overflowing = await page.evaluate(
      `[...document.querySelectorAll('.code-block')].filter((b) => b.scrollWidth > b.clientWidth + 1).length`,
    );
    expect(overflowing).toBe(0);
    await shot('8-moderator-block');

    await page.locator('#user-select').selectOption(emulator.users.bob.id);
    await page.getByRole('button', { name: 'general', exact: true }).click();
    await run('/imagine', (f) => f.getByLabel('prompt', { exact: true }).fill('a cat'));
    await page.locator('article.ephemeral', { hasText: 'spamming the art channel' }).waitFor();
    expectNoViolations(emulator);
  }, 60_000);
});
