import { describe, expect, it } from 'vitest';
import { createLocalBackend } from '../../src/images/local-backend.js';
import { generate } from './run-image.js';

describe('local backend balance', () => {
  it('reports a pretend balance that every charged image lowers, filtered ones included', async () => {
    const backend = createLocalBackend({ balance: 20 });
    expect(await backend.balance?.()).toBe(20);
    await generate(backend, { prompt: 'a harbour', model: 'core' });
    await generate(backend, { prompt: 'a harbour [fault:content-filtered]', model: 'sd3.5-flash' });
    await expect(
      generate(backend, { prompt: 'a harbour [fault:content-moderation]', model: 'ultra' }),
    ).rejects.toThrow();
    expect(await backend.balance?.()).toBe(14.5);
  });

  it('reports no balance unless given one', () => {
    expect(createLocalBackend().balance).toBeUndefined();
  });
});
