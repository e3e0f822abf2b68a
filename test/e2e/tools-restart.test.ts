import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalServices, startLocalServices } from '../helpers/bot.js';
import { type BotProcess, spawnBot } from '../helpers/bot-process.js';
import { done, imageSize, jobIdOf } from '../helpers/components.js';

let services: LocalServices | undefined;
let bot: BotProcess | undefined;
afterEach(async () => {
  await bot?.kill('SIGKILL');
  if (services) expectNoViolations(services.emulator);
  await services?.close();
  services = undefined;
  bot = undefined;
});

function creativeRows(path: string): { state: string; generation_id: string | null }[] {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare(
        "SELECT j.state, i.generation_id FROM jobs j JOIN job_images i ON i.job_id = j.id WHERE j.kind = 'upscale-creative'",
      )
      .all() as { state: string; generation_id: string | null }[];
  } finally {
    db.close();
  }
}

describe('a creative upscale across kill -9', () => {
  it('resumes polling after the restart and delivers the image, with exactly one paid submit', async () => {
    services = await startLocalServices({
      backend: 'stability',
      stabilityAsync: { pendingPolls: 3 },
      env: { STABILITY_POLL_INTERVAL_MS: '300' },
    });
    const fake = services.stability!;
    bot = await spawnBot(services);
    const source = await services.emulator
      .invokeCommand('alice', 'general', 'imagine', { prompt: 'a lighthouse at dusk' })
      .reply({ until: done });
    const click = services.emulator.clickButton('alice', source, `v1:upscale-creative:${jobIdOf(source)}:0`);
    await click.waitForResponse();
    // The balance read, the image, the creative submit, then its first poll: polls start once the id is stored.
    await fake.waitForRequests(4);
    expect(fake.requests[3]?.endpoint).toBe('results');
    await bot.kill('SIGKILL');
    expect(creativeRows(services.config.databasePath)).toEqual([
      { state: 'running', generation_id: fake.requests[2]?.generationId },
    ]);

    bot = await spawnBot(services);
    expect(bot.output()).toMatch(/"polling":1/);
    const result = await click.reply({ until: done, timeoutMs: 20_000 });
    expect(result.data.content).toMatch(/^✅/);
    expect(Math.max(...Object.values(await imageSize(result)))).toBe(4096);

    const calls = fake.requests.filter((r) => r.path.startsWith('/v2beta'));
    expect(calls.filter((r) => r.endpoint === 'upscale-creative')).toHaveLength(1);
    expect(fake.duplicates()).toEqual({});
    const polls = calls.filter((r) => r.endpoint === 'results');
    expect(polls.map((r) => r.status).slice(-2)).toEqual([202, 200]);
    expect(polls.every((r) => r.generationId === fake.requests[2]?.generationId)).toBe(true);
    expect(fake.ledger.total()).toBe(3 + 60);
    expect(creativeRows(services.config.databasePath)).toMatchObject([{ state: 'succeeded' }]);
  }, 90_000);
});
