import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { finished, openSession, runCommand, type Session } from './session.js';

describe('the page around the chat', () => {
  let session: Session;
  let page: Page;

  beforeAll(async () => {
    session = await openSession();
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

  it('says in the fault panel that a fault hits calls as they run, not jobs as they are submitted', async () => {
    failed('fault-note');
    const note = page.locator('#tools .tool-note', { hasText: 'A fault hits image calls as they run' });
    expect(await note.textContent()).toContain('not jobs as you submit them');
    expect(await note.isVisible()).toBe(true);
  });

  it('opens the tester panel from a toggle below 1,000 px, where it leaves the layout', async () => {
    failed('narrow');
    const toggle = page.getByRole('button', { name: '🧪 Tester tools', exact: true });
    const jump = page.locator('#clock-jump');
    expect(await toggle.isHidden()).toBe(true);
    await page.setViewportSize({ width: 900, height: 800 });
    try {
      await toggle.waitFor();
      expect(await jump.isHidden()).toBe(true);
      await toggle.click();
      await jump.waitFor();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      await session.keep('narrow-tools-toggle');
      await jump.click();
      await page.locator('#clock-offset', { hasText: '15 min ahead' }).waitFor();
      await page.getByRole('button', { name: 'Close tester tools' }).click();
      await jump.waitFor({ state: 'hidden' });
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    } finally {
      await page.setViewportSize({ width: 1200, height: 800 });
    }
    await jump.waitFor();
  });

  it('says the server is not reachable while it is stopped, and comes back live when it returns', async () => {
    failed('offline');
    const offline = page.getByRole('status').filter({ hasText: 'The playground server is not reachable' });
    expect(await offline.isHidden()).toBe(true);
    await session.stopServer();
    await offline.waitFor();
    await page.locator('.live-label', { hasText: 'reconnecting' }).waitFor();

    // An action now is told why it failed, in words, not the browser's "Failed to fetch".
    await page.getByRole('combobox', { name: 'Message' }).fill('/imagine a boat');
    await page.getByRole('combobox', { name: 'Message' }).press('Enter');
    const error = page.locator('#composer .composer-error');
    await error.filter({ hasText: 'The playground server is not reachable' }).waitFor();
    expect(await error.textContent()).not.toContain('Failed to fetch');
    await session.shot('offline');

    // A fresh server on the same port (new emulator, new ids): the page finds its user again by name.
    await session.startServer();
    await offline.waitFor({ state: 'hidden' });
    await page.locator('.live-label', { hasText: /^live$/ }).waitFor();
    await page.getByRole('form', { name: 'Command options' }).getByRole('button', { name: 'Send' }).click();
    await finished(page, 'Imagine').waitFor();
    expect(await page.locator('#user-select option:checked').textContent()).toMatch(/^Alice/);
    await runCommand(page, '/imagine', (form) => form.getByLabel('prompt', { exact: true }).fill('back again'));
    await finished(page, 'Imagine').filter({ hasText: 'back again' }).waitFor();
    expectNoViolations(session.playground.emulator);
  }, 60_000);
});
