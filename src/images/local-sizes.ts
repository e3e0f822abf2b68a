import type { StabilityRequest } from '../stability/request.js';
import { closestAspectRatio, type ImageSize, outputSize, sizeAtPixels, sizeForMegapixels } from './dimensions.js';

/** Fast upscale returns at most 16 MP (4x a 1,048,576 px input). */
export const UPSCALE_MAX_OUTPUT_PIXELS = 16 * 1_048_576;
/** Conservative upscale answers about 4 MP. */
export const CONSERVATIVE_OUTPUT_PIXELS = 4_194_304;
/** Creative upscale goes "all the way to 4K": the long side becomes 4096 px. */
export const CREATIVE_LONG_SIDE = 4096;
const ONE_MP = 1_048_576;

/**
 * The size Stability answers each request at, given its (fitted) input sizes: shared by the local backend and the
 * fake server so both answer like the service (reference §0: outputs per endpoint).
 */
export function outputSizeFor(request: StabilityRequest, input: ImageSize | undefined): ImageSize {
  if (request.kind === 'generate') return outputSize(request.model, request.aspectRatio);
  if (request.kind === 'control-style') return sizeForMegapixels(request.aspectRatio ?? '1:1', 1);
  if (input === undefined) throw new RangeError(`${request.kind} needs its input image's size`);
  const { width, height } = input;
  switch (request.kind) {
    case 'image-to-image':
      return outputSize(request.model, closestAspectRatio(width, height));
    case 'upscale-fast':
    case 'upscale-conservative':
    case 'upscale-creative':
      return upscaledSize(request.kind, input);
    case 'outpaint':
      return {
        width: width + (request.left ?? 0) + (request.right ?? 0),
        height: height + (request.up ?? 0) + (request.down ?? 0),
      };
    case 'style-transfer':
      return sizeAtPixels(width, height, ONE_MP);
    default:
      // search-and-replace, search-and-recolor, remove-background, control-sketch, control-structure
      return { width, height };
  }
}

export type UpscaleKind = 'upscale-fast' | 'upscale-conservative' | 'upscale-creative';

/** What each upscale answers for a (fitted) input: also how the buttons tell an upscale that would not enlarge. */
export function upscaledSize(kind: UpscaleKind, { width, height }: ImageSize): ImageSize {
  switch (kind) {
    case 'upscale-fast': {
      const factor = Math.min(4, Math.sqrt(UPSCALE_MAX_OUTPUT_PIXELS / (width * height)));
      return { width: Math.floor(width * factor), height: Math.floor(height * factor) };
    }
    case 'upscale-conservative':
      return sizeAtPixels(width, height, CONSERVATIVE_OUTPUT_PIXELS);
    case 'upscale-creative': {
      const scale = CREATIVE_LONG_SIDE / Math.max(width, height);
      return { width: Math.round(width * scale), height: Math.round(height * scale) };
    }
  }
}
