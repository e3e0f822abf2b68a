import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's build (`.ci/run` installs it); CHROMIUM_PATH points elsewhere, e.g. on a Mac or another distro. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_MISSING = [
  `The playground's browser test drives Chromium at ${CHROMIUM_PATH}, which is not installed.`,
  'Install it with: sudo apt-get install -y chromium',
  '(or point CHROMIUM_PATH at another Chromium or Chrome binary).',
].join('\n');

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * A headless Chromium with a fresh profile and nothing that phones home (no QUIC, sync, component updates or
 * background networking), so the test depends on the playground alone.
 */
export async function launchBrowser(viewport = { width: 1200, height: 800 }): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'imagine-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      viewport,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    return {
      context,
      async close() {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
