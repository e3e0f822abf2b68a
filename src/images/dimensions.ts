import { type AspectRatio, MODELS, type ModelId } from '../stability/models.js';

export interface ImageSize {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
}

/**
 * 1-megapixel output sizes per aspect ratio. Stability documents only megapixels, so these are the sizes SD3-family
 * models are widely reported to return (reference/stability-api.md §6, unverified against the live service).
 */
export const ONE_MEGAPIXEL_SIZES: Readonly<Record<AspectRatio, ImageSize>> = {
  '1:1': { width: 1024, height: 1024 },
  '16:9': { width: 1344, height: 768 },
  '21:9': { width: 1536, height: 640 },
  '3:2': { width: 1216, height: 832 },
  '2:3': { width: 832, height: 1216 },
  '4:5': { width: 896, height: 1088 },
  '5:4': { width: 1088, height: 896 },
  '9:16': { width: 768, height: 1344 },
  '9:21': { width: 640, height: 1536 },
};

/** Latent-space models work in 64-pixel blocks, so every side is a multiple of this. */
const SIDE_STEP = 64;

/** Output size for an aspect ratio at a given number of megapixels (1 MP sizes scaled by √mp, sides rounded to 64). */
export function sizeForMegapixels(aspectRatio: AspectRatio, megapixels: number): ImageSize {
  const base = ONE_MEGAPIXEL_SIZES[aspectRatio];
  const scale = Math.sqrt(megapixels);
  const side = (value: number) => Math.max(SIDE_STEP, Math.round((value * scale) / SIDE_STEP) * SIDE_STEP);
  return { width: side(base.width), height: side(base.height) };
}

/** The size a model returns for an aspect ratio (Stability's default aspect ratio is 1:1). */
export function outputSize(model: ModelId, aspectRatio: AspectRatio = '1:1'): ImageSize {
  return sizeForMegapixels(aspectRatio, MODELS[model].megapixels);
}

/** The listed aspect ratio nearest to width ÷ height (on a log scale, so 2:1 and 1:2 are equally far from 1:1). */
export function closestAspectRatio(width: number, height: number): AspectRatio {
  const distance = (ratio: AspectRatio) => {
    const [w = 1, h = 1] = ratio.split(':').map(Number);
    return Math.abs(Math.log(w / h) - Math.log(width / height));
  };
  return (Object.keys(ONE_MEGAPIXEL_SIZES) as AspectRatio[]).reduce((best, ratio) =>
    distance(ratio) < distance(best) ? ratio : best,
  );
}

/** The size with about `pixels` pixels and the aspect ratio of `width`×`height` (sides rounded, at least 1). */
export function sizeAtPixels(width: number, height: number, pixels: number): ImageSize {
  const scale = Math.sqrt(pixels / (width * height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
