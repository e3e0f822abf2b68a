import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { evaluateOn, finished, imagesLoaded, openSession, runCommand, type Session } from './session.js';

/** The computed CSS filter of a message's first attachment image. */
function filterOf(message: Locator): Promise<string> {
  return evaluateOn(
    message.locator('[data-testid=attachment-image]').first(),
    '(image) => getComputedStyle(image).filter',
  );
}

describe('messages in the playground', () => {
  let session: Session;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    session = await openSession({ user: 'mod' });
    page = session.page;
    page.on('request', (request) => requests.push(request.url()));
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  const failed = (name: string) =>
    onTestFailed(async () => {
      await session.shot(`failure-${name}`).catch(() => undefined);
      process.stderr.write(session.logs.join(''));
    });

  it('blurs spoiler images behind a SPOILER badge until clicked, and draws emoji as Twemoji images', async () => {
    failed('spoiler');
    await runCommand(page, '/modlog nsfw-spoiler', (form) =>
      form.getByLabel('mode', { exact: true }).selectOption({ label: 'on' }),
    );
    await page
      .locator('article.ephemeral', { hasText: /spoiler/i })
      .last()
      .waitFor();
    await page.getByRole('button', { name: 'nsfw-art (age-restricted)' }).click();
    await runCommand(page, '/imagine', (form) =>
      form.getByLabel('prompt', { exact: true }).fill('a red fox 🦊 at night'),
    );

    const result = finished(page, 'Imagine');
    await result.waitFor();
    await imagesLoaded(page, result, 1);
    const spoiler = result.locator('[data-testid=spoiler]');
    await spoiler.locator('.spoiler-badge', { hasText: /^spoiler$/i }).waitFor();
    expect(await filterOf(result)).toMatch(/blur\(/);

    // Emoji are images drawn from the playground's Twemoji copy, in buttons as in the text.
    const reroll = result.getByRole('button', { name: '🔄 Reroll' });
    const emoji = reroll.locator('img.emoji[alt="🔄"]');
    await page.waitForFunction(
      `[...document.querySelectorAll('img.emoji')].some((image) => image.alt === '🔄' && image.naturalWidth > 0)`,
    );
    expect(await emoji.getAttribute('src')).toBe('/playground/emoji/1f504.svg');
    await result.locator('.embed-description img.emoji[alt="🦊"]').waitFor();
    await session.keep('spoiler-blurred');
    await reroll.scrollIntoViewIfNeeded();
    await session.keep('emoji-images');

    await spoiler.click();
    await result.locator('.spoiler-media.revealed').waitFor();
    expect(await filterOf(result)).toBe('none');
    expect(await result.locator('.spoiler-badge').count()).toBe(0);
    await session.shot('spoiler-revealed');

    // Nothing the page drew came from anywhere but the playground server.
    const origin = new URL(session.playground.url).origin;
    expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'))).toEqual([]);
    expectNoViolations(session.playground.emulator);
  }, 60_000);
});
