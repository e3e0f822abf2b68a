import sharp from 'sharp';
import { type ImageSize, ONE_MEGAPIXEL_SIZES, sizeForMegapixels } from '../../src/images/dimensions.js';
import type { AspectRatio, OutputFormat } from '../../src/stability/models.js';

export type PixelSize = ImageSize;
export { ONE_MEGAPIXEL_SIZES };

/** The fake answers at the same sizes the local renderer draws (src/images/dimensions.ts). */
export function outputSizeFor(endpoint: 'ultra' | 'core' | 'sd3', aspectRatio: AspectRatio): PixelSize {
  return sizeForMegapixels(aspectRatio, endpoint === 'core' ? 1.5 : 1);
}

export type ImageVariant = 'success' | 'filtered';

const COLOURS: Readonly<Record<ImageVariant, { r: number; g: number; b: number }>> = {
  success: { r: 70, g: 110, b: 170 },
  // CONTENT_FILTERED answers carry a blurred image; flat grey stands in for it.
  filtered: { r: 128, g: 128, b: 128 },
};

export const MIME_BY_FORMAT: Readonly<Record<OutputFormat, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

/** Real, decodable images at real sizes; flat colours keep encoding fast, and the cache makes repeats free. */
export interface FakeImageFactory {
  render(size: PixelSize, format: OutputFormat, variant: ImageVariant): Promise<Uint8Array>;
}

export function createFakeImageFactory(): FakeImageFactory {
  const cache = new Map<string, Promise<Uint8Array>>();
  return {
    render(size, format, variant) {
      const key = `${size.width}x${size.height}.${format}.${variant}`;
      let image = cache.get(key);
      if (image === undefined) {
        image = sharp({ create: { width: size.width, height: size.height, channels: 3, background: COLOURS[variant] } })
          .toFormat(format)
          .toBuffer();
        cache.set(key, image);
      }
      return image;
    },
  };
}
