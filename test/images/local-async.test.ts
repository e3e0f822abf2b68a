import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/clock.js';
import { type ImageResult, isPending, type PendingResult } from '../../src/images/backend.js';
import { createLocalFaults } from '../../src/images/faults.js';
import { createLocalBackend, type LocalBackendOptions } from '../../src/images/local-backend.js';
import { GenerationNotFoundError, RequestRefusedError } from '../../src/stability/errors.js';

async function submit(options: LocalBackendOptions = {}, prompt = 'more detail') {
  const backend = createLocalBackend(options);
  const image = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#4a6' } })
    .png()
    .toBuffer();
  const pending = await backend.run({ kind: 'upscale-creative', image, prompt, seed: 8 });
  if (!isPending(pending)) throw new Error('creative upscale must be asynchronous');
  return { backend, pending: pending as PendingResult };
}

describe('creative upscale on the local backend', () => {
  it('answers pending for the configured number of polls, then the 4K image, charged once at submit', async () => {
    const { backend, pending } = await submit({ async: { pendingPolls: 3 }, balance: 100 });
    expect(pending).toMatchObject({ pending: true, credits: 60 });
    expect(pending.generationId).toMatch(/^[0-9a-f]{64}$/);
    expect(await backend.balance?.()).toBe(40);
    for (let poll = 0; poll < 3; poll += 1) {
      expect(await backend.poll(pending.generationId)).toMatchObject({
        pending: true,
        generationId: pending.generationId,
      });
    }
    const done = (await backend.poll(pending.generationId)) as ImageResult;
    expect(done).toMatchObject({ width: 4096, height: 2731, seed: 8, credits: 0, finishReason: 'SUCCESS' });
    expect((await sharp(done.bytes).metadata()).width).toBe(4096);
    // A finished result stays what it was, poll after poll.
    const again = (await backend.poll(pending.generationId)) as ImageResult;
    expect(Buffer.from(again.bytes).equals(Buffer.from(done.bytes))).toBe(true);
    expect(await backend.balance?.()).toBe(40);
  });

  it('waits for the configured time as well, on the injected clock', async () => {
    const clock = createManualClock(0);
    const { backend, pending } = await submit({ clock, async: { pendingPolls: 0, readyAfterMs: 30_000 } });
    expect(await backend.poll(pending.generationId)).toMatchObject({ pending: true });
    clock.advance(29_999);
    expect(await backend.poll(pending.generationId)).toMatchObject({ pending: true });
    clock.advance(1);
    expect(await backend.poll(pending.generationId)).toMatchObject({ width: 4096 });
  });

  it('forgets a result after its time to live, like Stability after 24 hours', async () => {
    const clock = createManualClock(0);
    const { backend, pending } = await submit({ clock, async: { pendingPolls: 0, ttlMs: 86_400_000 } });
    clock.advance(86_399_999);
    expect(await backend.poll(pending.generationId)).toMatchObject({ width: 4096 });
    clock.advance(1);
    await expect(backend.poll(pending.generationId)).rejects.toBeInstanceOf(GenerationNotFoundError);
  });

  it('answers an unknown id with the typed 404 and a malformed one with a local refusal', async () => {
    const { backend } = await submit();
    const unknown = await backend.poll('f'.repeat(64)).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(GenerationNotFoundError);
    expect(unknown).toMatchObject({ status: 404, code: 'generation_not_found' });
    await expect(backend.poll('../../etc/passwd')).rejects.toBeInstanceOf(RequestRefusedError);
  });

  it('blurs the result when the submit was content-filtered, and lets error faults reach polls', async () => {
    const faults = createLocalFaults();
    faults.set('content-filtered', { times: 1 });
    const { backend, pending } = await submit({ faults, async: { pendingPolls: 1 } });
    faults.set('server-error', { times: 1 });
    await expect(backend.poll(pending.generationId)).rejects.toMatchObject({ status: 500 });
    expect(await backend.poll(pending.generationId)).toMatchObject({ pending: true });
    expect(await backend.poll(pending.generationId)).toMatchObject({ finishReason: 'CONTENT_FILTERED' });
  });
});
