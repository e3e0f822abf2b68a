import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { ARTIFACTS, around, finished, imagesLoaded, openSession, runCommand, type Session } from './session.js';

describe('images in and Apps in the playground', () => {
  let session: Session;
  let page: Page;
  let picture: string;

  beforeAll(async () => {
    session = await openSession({ user: 'alice' });
    page = session.page;
    picture = join(ARTIFACTS, 'upload-cat.png');
    await writeFile(
      picture,
      await sharp({ create: { width: 480, height: 360, channels: 3, background: '#d08030' } })
        .png()
        .toBuffer(),
    );
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  const failed = (name: string) =>
    onTestFailed(async () => {
      await session.shot(`failure-${name}`).catch(() => undefined);
      process.stderr.write(session.logs.join(''));
    });

  /** alice's own message with her picture (not the bot's replies, which quote its text as their prompt). */
  const memberPost = () =>
    page
      .locator('article[data-testid=message]', { hasText: 'my cat' })
      .filter({ hasNot: page.locator('.app-tag') })
      .filter({ has: page.locator('[data-testid=attachment-image]') });

  /** Right click on a message → Apps → `name`, as on Discord. */
  async function useApp(message: ReturnType<Page['locator']>, name: string, screenshot?: string) {
    await message.click({ button: 'right' });
    const menu = page.getByRole('menu', { name: 'Message actions' });
    await menu.getByRole('menuitem', { name: 'Apps ▸' }).click();
    if (screenshot) await session.keep(screenshot, await around(message, menu));
    await menu.getByRole('menu', { name: 'Apps' }).getByRole('menuitem', { name, exact: true }).click();
  }

  it('posts a picture with ➕ and upscales it with Apps → Upscale', async () => {
    failed('apps-upscale');
    await page.getByLabel('File to upload').setInputFiles(picture);
    await page.locator('.file-chip', { hasText: 'upload-cat.png' }).waitFor();
    await page.getByRole('combobox', { name: 'Message' }).fill('my cat');
    await page.getByRole('combobox', { name: 'Message' }).press('Enter');
    const post = memberPost();
    await post.waitFor();
    expect(await page.locator('.file-chip').count()).toBe(0);
    await imagesLoaded(page, post, 1);

    await useApp(post, 'Upscale', 'apps-menu');
    const result = finished(page, 'Upscale');
    await result.waitFor();
    // 480×360 → 4× each side.
    expect(await imagesLoaded(page, result, 1)).toEqual([{ width: 1920, height: 1440 }]);
    expect(await result.locator('.invocation-label').textContent()).toBe('Upscale');
    expectNoViolations(session.playground.emulator);
  });

  it('imagines from the picture with Apps → Use as image prompt, through its form', async () => {
    failed('apps-prompt');
    const post = memberPost();
    await useApp(post, 'Use as image prompt');
    const form = page.getByRole('form', { name: 'Imagine from this image' });
    await form.getByLabel('Prompt').fill('a tiger in the same pose');
    await form.getByRole('button', { name: 'Submit' }).click();
    const result = finished(page, 'Imagine').filter({ hasText: 'a tiger in the same pose' });
    await result.waitFor();
    await imagesLoaded(page, result, 1);
    expect(await result.locator('.embed').textContent()).toContain('Reference image');
    expectNoViolations(session.playground.emulator);
  });

  it('attaches a file to /imagine image: in the command form', async () => {
    failed('imagine-image');
    await runCommand(page, '/imagine', async (form) => {
      await form.getByLabel('prompt', { exact: true }).fill('a castle drawn from this sketch');
      await form.getByLabel('image', { exact: true }).setInputFiles(picture);
      await form
        .getByLabel('image_mode', { exact: true })
        .selectOption({ label: 'sketch — follow its lines, 5 credits' });
    });
    const result = finished(page, 'Imagine').filter({ hasText: 'a castle drawn from this sketch' });
    await result.waitFor();
    await imagesLoaded(page, result, 1);
    const embed = (await result.locator('.embed').textContent()) ?? '';
    expect(embed).toContain('Control: sketch');
    expect(embed).toContain('480×360');
    expectNoViolations(session.playground.emulator);
  });
});
