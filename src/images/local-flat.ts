import type { OutputFormat } from '../stability/enums.js';
import { loadSharp } from '../stability/sharp.js';
import type { ImageSize } from './dimensions.js';

export type FlatVariant = 'success' | 'filtered';

const COLOURS: Readonly<Record<FlatVariant, { r: number; g: number; b: number }>> = {
  success: { r: 70, g: 110, b: 170 },
  // CONTENT_FILTERED answers carry a blurred image; flat grey stands in for it.
  filtered: { r: 128, g: 128, b: 128 },
};

/**
 * Flat-colour images at real sizes, for the fake HTTP server and benchmarks: cheap to encode and cached per size,
 * so hundreds of requests cost almost nothing. `alpha` gives a transparent frame around an opaque centre.
 */
export interface FlatImages {
  render(size: ImageSize, format: OutputFormat, variant: FlatVariant, alpha: boolean): Promise<Uint8Array>;
}

export function createFlatImages(): FlatImages {
  const cache = new Map<string, Promise<Uint8Array>>();
  return {
    render(size, format, variant, alpha) {
      const key = `${size.width}x${size.height}.${format}.${variant}.${alpha}`;
      let image = cache.get(key);
      if (image === undefined) {
        image = draw(size, format, variant, alpha);
        cache.set(key, image);
        // A failed encode must not stay cached as a rejected promise.
        image.catch(() => cache.delete(key));
      }
      return image;
    },
  };
}

async function draw(size: ImageSize, format: OutputFormat, variant: FlatVariant, alpha: boolean): Promise<Uint8Array> {
  const sharp = await loadSharp();
  const { width, height } = size;
  if (!alpha) {
    const background = COLOURS[variant];
    return sharp({ create: { width, height, channels: 3, background } })
      .toFormat(format)
      .toBuffer();
  }
  const centre = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><ellipse cx="${width / 2}" cy="${height / 2}" rx="${width * 0.3}" ry="${height * 0.3}" fill="#fff"/></svg>`,
  );
  const background = { ...COLOURS[variant], alpha: 1 };
  const pipeline = sharp({ create: { width, height, channels: 4, background } }).composite([
    { input: centre, blend: 'dest-in' },
  ]);
  return format === 'webp' ? pipeline.webp({ alphaQuality: 100 }).toBuffer() : pipeline.png().toBuffer();
}
