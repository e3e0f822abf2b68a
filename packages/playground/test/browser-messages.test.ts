import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { around, evaluateOn, finished, imagesLoaded, openSession, runCommand, type Session } from './session.js';

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

    await spoiler.click();
    await result.locator('.spoiler-media.revealed').waitFor();
    expect(await filterOf(result)).toBe('none');
    expect(await result.locator('.spoiler-badge').count()).toBe(0);
    await session.shot('spoiler-revealed');
    await result.locator('.components').scrollIntoViewIfNeeded();
    await session.keep('emoji-images', await around(result.locator('.embed'), result.locator('.components')));

    // Nothing the page drew came from anywhere but the playground server.
    const origin = new URL(session.playground.url).origin;
    expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'))).toEqual([]);
    expectNoViolations(session.playground.emulator);
  }, 60_000);

  it('brings a private reply to an old message into view, bars other news below, and keeps dismissals', async () => {
    failed('ephemeral');
    const { emulator } = session.playground;
    const channel = page.locator('article[data-testid=message]');
    await runCommand(page, '/imagine', async (form) => {
      await form.getByLabel('prompt', { exact: true }).fill('two lanterns on a lake');
      await form.getByLabel('count', { exact: true }).fill('2');
    });
    const latest = finished(page, 'Imagine').filter({ hasText: 'two lanterns on a lake' });
    await latest.waitFor();
    await imagesLoaded(page, latest, 2);
    const older = finished(page, 'Imagine').filter({ hasText: 'a red fox' });

    const scroller = page.locator('#scroller');
    const scrollTop = () => evaluateOn(scroller, '(s) => { s.scrollTop = 0; return s.scrollHeight - s.clientHeight; }');
    expect(await scrollTop()).toBeGreaterThan(400);
    /** Whether the whole element is inside the scroller's visible area (what the reader sees without scrolling). */
    const inView = (element: Locator) =>
      evaluateOn<boolean>(
        element,
        `(e) => { const a = e.getBoundingClientRect(), s = document.getElementById('scroller').getBoundingClientRect();
          return a.top >= s.top - 1 && a.bottom <= s.bottom + 1; }`,
      );

    // The reply to a click on the old message comes into view.
    await older.getByRole('button', { name: 'ℹ️ Info' }).click();
    const details = channel.filter({ has: page.locator('.embed-title', { hasText: 'Job details' }) });
    const first = details.filter({ hasText: 'a red fox' });
    await first.locator('.ephemeral-note').waitFor();
    // A condition, not a snapshot: its embed may still be drawn in, which moves its bottom.
    const id = await first.getAttribute('data-message-id');
    await page.waitForFunction(`(() => {
      const a = document.querySelector('[data-message-id="${id}"]')?.getBoundingClientRect();
      const s = document.getElementById('scroller').getBoundingClientRect();
      return a !== undefined && a.top >= s.top - 1 && a.bottom <= s.bottom + 1;
    })()`);

    // Someone else's message below, while reading older ones: Discord's bar, which jumps there.
    await scrollTop();
    const jump = page.locator('#jump-bar');
    expect(await jump.isHidden()).toBe(true);
    const response = await fetch(`${session.playground.url}playground/api/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        user: 'alice',
        channel: emulator.channels.nsfwArt.id,
        name: 'imagine',
        options: { prompt: 'alice was here' },
      }),
    });
    expect(response.status).toBe(200);
    await jump.filter({ hasText: /new messages?.*Jump to present/ }).waitFor();
    const alices = finished(page, 'Imagine').filter({ hasText: 'alice was here' });
    await alices.waitFor();
    expect(await inView(alices)).toBe(false);
    await session.shot('jump-bar');
    await jump.click();
    expect(await jump.isHidden()).toBe(true);
    expect(await inView(alices.locator('.components'))).toBe(true);

    // Dismissed stays dismissed: after a reload and after switching user and back; the other one stays.
    await latest.getByRole('button', { name: 'ℹ️ Info' }).click();
    const second = details.filter({ hasText: 'two lanterns' });
    await second.locator('.ephemeral-note').waitFor();
    await first.getByRole('button', { name: 'Dismiss message' }).click();
    expect(await first.count()).toBe(0);
    await page.reload();
    await page.locator('body[data-ready=true]').waitFor();
    await second.locator('.ephemeral-note').waitFor();
    expect(await first.count()).toBe(0);
    await page.locator('#user-select').selectOption(emulator.users.alice.id);
    await page.waitForFunction(`new URL(location.href).searchParams.get('user') === '${emulator.users.alice.id}'`);
    await page.locator('#user-select').selectOption(emulator.users.mod.id);
    await page.waitForFunction(`new URL(location.href).searchParams.get('user') === '${emulator.users.mod.id}'`);
    await second.locator('.ephemeral-note').waitFor();
    expect(await first.count()).toBe(0);
    expectNoViolations(emulator);
  }, 60_000);
  // Last in this file: it leaves the queue paused for Stability's lockout.
  it('shows five waiting jobs their own positions, in run order, with ETAs that never go down', async () => {
    failed('positions');
    await page.getByRole('button', { name: 'general' }).click();
    // A 429 pauses the queue for the lockout (60 s), so the jobs behind it wait for as long as the test looks, and the
    // running job says it waits too.
    await page.getByRole('combobox', { name: 'Message' }).fill('/imagine a stalled lighthouse [fault:rate-limit]');
    await page.getByRole('combobox', { name: 'Message' }).press('Enter');
    const message = (prompt: string) =>
      page
        .locator('article[data-testid=message]')
        .filter({ has: page.locator('.embed-description', { hasText: prompt }) });
    await message('a stalled lighthouse')
      .locator('[data-testid=content]', { hasText: /paused this bot .* resumes/ })
      .waitFor();
    const kites = ['red', 'blue', 'green', 'gold', 'white'].map((colour) => `a ${colour} kite over the dunes`);
    for (const prompt of kites) {
      await runCommand(page, '/imagine', async (form) => {
        await form.getByLabel('prompt', { exact: true }).fill(prompt);
        await form.getByLabel('count', { exact: true }).fill('4');
      });
      await message(prompt).waitFor();
    }
    // The lighthouse runs (its call waits at the head of the queue); the five kites wait behind it.
    const waiting = kites.map(message);
    for (const [i, job] of waiting.entries()) {
      await job.locator('[data-testid=content]', { hasText: new RegExp(`position ${i + 1} \\(about`) }).waitFor();
    }
    // Each message says "about N s" as of when it was drawn, and a lockout counts down meanwhile: what must not go
    // down is the moment each job expects to start (drawn at + ETA), to the second the messages round to.
    const expected = await Promise.all(
      waiting.map(async (job) => {
        const stored = session.playground.emulator.getMessage((await job.getAttribute('data-message-id')) ?? '');
        const [, amount, unit] = /position \d+ \(about (\d+) (s|min)\)/.exec(stored?.data.content ?? '') ?? [];
        const drawnAt = Date.parse(stored?.data.edited_timestamp ?? stored?.data.timestamp ?? '');
        return drawnAt + Number(amount) * (unit === 'min' ? 60_000 : 1_000);
      }),
    );
    expect(expected.every(Number.isFinite)).toBe(true);
    for (const [i, at] of expected.entries()) expect(at).toBeGreaterThanOrEqual((expected[i - 1] ?? at) - 1_000);
    // The tester panel's queue agrees with the messages.
    await page.getByText(/^5 waiting · 1 running/).waitFor();
    await waiting[4]?.scrollIntoViewIfNeeded();
    // The page as a member sees it: the last waiting messages, and the tester panel's queue in run order.
    await session.keep('five-waiting');
    expectNoViolations(session.playground.emulator);
  }, 60_000);
});
