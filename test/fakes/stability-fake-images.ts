import sharp from 'sharp';
import type { AspectRatio, OutputFormat } from '../../src/stability/models.js';

export interface PixelSize {
  width: number;
  height: number;
}

/** ~1 MP outputs of Ultra and SD3.5 (community mapping, reference §6). */
export const ONE_MEGAPIXEL_SIZES: Readonly<Record<AspectRatio, PixelSize>> = {
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

/** Core is documented as 1.5 MP; its exact sizes are unknown, so scale the 1 MP table and snap to 32 px. */
const CORE_SCALE = Math.sqrt(1.5);
const SNAP = 32;

export function outputSizeFor(endpoint: 'ultra' | 'core' | 'sd3', aspectRatio: AspectRatio): PixelSize {
  const base = ONE_MEGAPIXEL_SIZES[aspectRatio];
  if (endpoint !== 'core') return base;
  const snap = (side: number) => Math.round((side * CORE_SCALE) / SNAP) * SNAP;
  return { width: snap(base.width), height: snap(base.height) };
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
