import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStabilityClient, type StabilityClient } from '../../src/stability/client.js';
import { InternalServerError, RateLimitError } from '../../src/stability/errors.js';
import { generate } from '../images/run-image.js';
import { caught, png } from '../stability/images.js';
import { type FakeStabilityProcess, spawnFakeStabilityServer } from './stability-server-process.js';

let fake: FakeStabilityProcess;
let client: StabilityClient;

beforeAll(async () => {
  // A window far longer than the test, so the quota verdicts cannot depend on how fast this machine is.
  fake = await spawnFakeStabilityServer(['--quota-limit', '4', '--quota-window-ms', '600000', '--async-polls', '1']);
  client = createStabilityClient({ apiKey: fake.apiKey, baseUrl: fake.url, timeoutMs: 10_000 });
});
afterAll(async () => {
  await fake?.close();
});

describe('the fake server as its own process', () => {
  it('prints its URL first, serves the API, and reports its log and ledger over HTTP', async () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fake.pid).not.toBe(process.pid);
    await generate(client, { prompt: 'p', model: 'core' });
    await fake.failNext(500);
    expect(await caught(generate(client, { prompt: 'p', model: 'core' }))).toBeInstanceOf(InternalServerError);
    const submitted = await client.run({ kind: 'upscale-creative', image: await png(128, 128), prompt: 'p' });
    expect(submitted).toMatchObject({ pending: true });
    const requests = await fake.requests();
    expect(requests.map((request) => [request.endpoint, request.status])).toEqual([
      ['core', 200],
      ['core', 500],
      ['upscale-creative', 200],
    ]);
    expect(requests.every((request) => request.receivedAt > 0)).toBe(true);
    const ledger = await fake.ledger();
    expect(ledger.total).toBe(63);
    expect(ledger.entries.map((entry) => entry.reason)).toEqual(['success', 'async-submit']);
  });

  it('enforces the quota given on its command line, counted at arrival', async () => {
    // Three requests so far; the fourth fits, the fifth starts the lockout.
    await client.getBalance();
    expect(await caught(client.getBalance())).toBeInstanceOf(RateLimitError);
    const requests = await fake.requests();
    expect(requests.map((request) => request.quotaRejected)).toEqual([false, false, false, false, true]);
  });
});
