import type { StabilityClient } from '../stability/client.js';
import type { ImageBackend } from './backend.js';

/** The production backend: each `run` or `poll` is one Stability call. */
export function createStabilityBackend(client: StabilityClient): ImageBackend {
  return {
    name: 'stability',
    run: (request, options) => client.run(request, options),
    poll: (generationId, options) => client.poll(generationId, options),
    balance: () => client.getBalance(),
  };
}
