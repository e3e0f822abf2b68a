import type { ImageFormat } from './image-header.js';
import { loadSharp } from './sharp.js';

/** Thrown when an image cannot be decoded or made to fit. */
export class ImageFitError extends RangeError {
  override readonly name = 'ImageFitError';
}

/** Re-encodes in the input's own format, so a JPEG stays small and a PNG keeps its alpha. */
function encoderFor(format: ImageFormat) {
  return format === 'jpeg'
    ? ({ id: 'jpeg', quality: 92 } as const)
    : format === 'webp'
      ? ({ id: 'webp', quality: 92 } as const)
      : ({ id: 'png' } as const);
}

/** Resizes to exactly `width`×`height` (lanczos3) as displayed (EXIF orientation applied), in the given format. */
export async function resizeImage(bytes: Uint8Array, width: number, height: number, format: ImageFormat) {
  const sharp = await loadSharp();
  const encoder = encoderFor(format);
  try {
    let pipeline = sharp(bytes).autoOrient().resize(width, height, { fit: 'fill', kernel: 'lanczos3' });
    pipeline = encoder.id === 'png' ? pipeline.png() : pipeline.toFormat(encoder.id, { quality: encoder.quality });
    return new Uint8Array(await pipeline.toBuffer());
  } catch (error) {
    throw new ImageFitError('image could not be decoded (expected png, jpeg or webp)', { cause: error });
  }
}

export interface CompressedImage {
  bytes: Uint8Array;
  width: number;
  height: number;
  format: 'webp';
}

/**
 * The largest WebP (alpha kept) of at most `maxBytes`, shrinking by 0.8 per step but never below `minSide`: for
 * inputs whose pixel count fits an endpoint but whose file would break the 10 MiB request cap. Undefined if none fits.
 */
export async function compressToBytes(
  bytes: Uint8Array,
  width: number,
  height: number,
  maxBytes: number,
  minSide: number,
): Promise<CompressedImage | undefined> {
  const sharp = await loadSharp();
  for (let scale = 1; Math.min(width, height) * scale >= minSide; scale *= 0.8) {
    const size = { width: Math.floor(width * scale), height: Math.floor(height * scale) };
    const encoded = await sharp(bytes)
      .autoOrient()
      .resize(size.width, size.height, { fit: 'fill', kernel: 'lanczos3' })
      .webp({ quality: 90 })
      .toBuffer();
    if (encoded.length <= maxBytes) return { bytes: new Uint8Array(encoded), ...size, format: 'webp' };
  }
  return undefined;
}
