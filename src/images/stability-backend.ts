import type { StabilityClient } from '../stability/client.js';
import type { ImageBackend } from './backend.js';

/** The production backend: each action is one Stability call (vary is image-to-image, upscale is fast upscale). */
export function createStabilityBackend(client: StabilityClient): ImageBackend {
  return {
    name: 'stability',
    generate: (request, options) => client.generate(request, options),
    vary: (request, options) => client.imageToImage(request, options),
    upscale: (request, options) => client.upscaleFast(request, options),
    balance: () => client.getBalance(),
  };
}
