import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { STORE_DOWN_MESSAGE } from '../../src/jobs/admission.js';
import { openDatabase } from '../../src/store/database.js';
import { type BotEnv, startBotEnv, startLocalServices } from '../helpers/bot.js';
import { spawnBot } from '../helpers/bot-process.js';
import { freePort } from '../helpers/free-port.js';
import { createBackendGate } from '../helpers/gate.js';
import { finished, jobOf } from '../helpers/moderation.js';

let env: BotEnv | undefined;
let frozen: string[] = [];
afterEach(async () => {
  thaw();
  if (env) expectNoViolations(env.emulator);
  await env?.close();
  env = undefined;
});

/**
 * Makes the database's files immutable, as `chattr +i` does for an operator: even root's open file descriptors may
 * no longer write them (SQLite then answers SQLITE_IOERR_WRITE), which is what a failing disk looks like to the bot.
 */
function freeze(path: string): void {
  const files = [path, `${path}-wal`].filter((file) => existsSync(file));
  execFileSync('chattr', ['+i', ...files]);
  frozen = files;
}

function thaw(): void {
  if (frozen.length > 0) execFileSync('chattr', ['-i', ...frozen]);
  frozen = [];
}

describe('a store that stops taking writes', () => {
  it('turns /healthz 503 at the next check, refuses new jobs, and still delivers and later records a paid image', async () => {
    const port = await freePort();
    const gate = createBackendGate();
    env = await startBotEnv({ env: { HTTP_PORT: String(port) }, wrapBackend: gate.wrap });
    const bot = env;
    const healthz = async () => {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      return { status: response.status, body: (await response.json()) as { store: boolean } };
    };
    expect((await healthz()).status).toBe(200);

    const running = bot.emulator.invokeCommand('alice', 'general', 'imagine', { prompt: 'a paid lighthouse' });
    const job = await jobOf(bot, await running.reply());
    // The paid call has left (and is recorded as sent) when the disk fails.
    await gate.entered();
    freeze(bot.config.databasePath);

    expect(await healthz()).toEqual({ status: 503, body: expect.objectContaining({ ok: false, store: false }) });
    const refused = await bot.emulator
      .invokeCommand('bob', 'general', 'imagine', { prompt: 'a second lighthouse' })
      .reply();
    expect(refused.visibleTo).toBe(bot.emulator.users.bob.id);
    expect(refused.data.content).toBe(STORE_DOWN_MESSAGE);

    // The image Stability made (and charged) reaches alice although its row cannot be written.
    gate.open();
    const delivered = await running.reply({ until: finished });
    expect(delivered.data.content).toMatch(/^✅/);
    expect(delivered.files).toHaveLength(1);

    thaw();
    await bot.waitForLog(/held store writes landed/);
    const recorded = await bot.app.store.jobs.get(job.id);
    expect(recorded?.state).toBe('succeeded');
    expect(recorded?.images.map((i) => [i.state, i.credits, i.creditsEstimated ?? false])).toEqual([
      ['succeeded', 3, false],
    ]);
    expect(recorded?.delivery?.state).toBe('delivered');
    expect((await healthz()).status).toBe(200);
    expect(bot.logText()).not.toMatch(/job runner crashed/);
  });
});

describe('a read-only database at start', () => {
  it('is one log line naming the file, and exit code 1', async () => {
    const services = await startLocalServices();
    try {
      // The file exists with its schema current (as a previous run leaves it); then it is made immutable.
      const existing = await openDatabase({ kind: 'sqlite', path: services.config.databasePath }, Date.now());
      await existing.close();
      freeze(services.config.databasePath);
      const second = await spawnBot(services, {}, { ready: false });
      expect(await second.exited).toBe(1);
      const lines = second.output().trim().split('\n');
      expect(lines, second.output()).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({
        level: 60,
        msg: expect.stringContaining(services.config.databasePath),
      });
      expect(second.output()).not.toMatch(/\s+at /);
    } finally {
      thaw();
      await services.close();
    }
  });
});
