import sharp from 'sharp';
import { UPSCALE_FAST_MAX_PIXELS, UPSCALE_FAST_MAX_SIDE } from '../stability/models.js';

export interface PixelLimit {
  /** Largest allowed width × height, in pixels. */
  maxPixels: number;
  /** Largest allowed width and largest allowed height, in pixels. */
  maxSide: number;
  /** Smallest allowed width and height, in pixels; an image that cannot meet it is refused, never enlarged. */
  minSide?: number;
}

/** Input limits of `/v2beta/stable-image/upscale/fast` (reference/stability-api.md §4). */
export const UPSCALE_FAST_LIMIT: Readonly<PixelLimit> = {
  maxPixels: UPSCALE_FAST_MAX_PIXELS,
  maxSide: UPSCALE_FAST_MAX_SIDE,
  minSide: 32,
};

export interface FittedImage {
  /** The input itself when it already fitted, else the downscaled image in the input's format (png if unknown). */
  bytes: Uint8Array;
  /** Width in pixels, as displayed (EXIF orientation applied). */
  width: number;
  /** Height in pixels, as displayed (EXIF orientation applied). */
  height: number;
  resized: boolean;
}

/** Thrown when an image cannot be made to fit: unreadable, or a side below `minSide`. */
export class ImageFitError extends RangeError {
  override readonly name = 'ImageFitError';
}

/** Downscales `bytes`, keeping the aspect ratio, until it fits `limit`; returns the input untouched when it fits. */
export async function fitToPixelLimit(bytes: Uint8Array, limit: PixelLimit): Promise<FittedImage> {
  const { width, height, format } = await readSize(bytes);
  const minSide = limit.minSide ?? 1;
  if (Math.min(width, height) < minSide) {
    throw new ImageFitError(`image is ${width}x${height}; each side must be at least ${minSide} px`);
  }
  const scale = Math.min(
    1,
    Math.sqrt(limit.maxPixels / (width * height)),
    limit.maxSide / width,
    limit.maxSide / height,
  );
  if (scale === 1) return { bytes, width, height, resized: false };

  // Flooring keeps width × height under maxPixels, which rounding could overshoot by a row.
  const target = { width: Math.floor(width * scale), height: Math.floor(height * scale) };
  if (Math.min(target.width, target.height) < minSide) {
    throw new ImageFitError(`image is ${width}x${height}; its aspect ratio is too extreme to fit the limits`);
  }
  const pipeline = sharp(bytes).autoOrient().resize(target.width, target.height, { fit: 'fill', kernel: 'lanczos3' });
  const output = format === 'jpeg' || format === 'webp' ? pipeline.toFormat(format) : pipeline.png();
  return { bytes: await output.toBuffer(), ...target, resized: true };
}

async function readSize(bytes: Uint8Array): Promise<{ width: number; height: number; format: string | undefined }> {
  try {
    const meta = await sharp(bytes).metadata();
    return { width: meta.autoOrient.width, height: meta.autoOrient.height, format: meta.format };
  } catch (error) {
    throw new ImageFitError('image could not be decoded (expected png, jpeg or webp)', { cause: error });
  }
}

export interface UploadImage {
  bytes: Uint8Array;
  /** MIME type of `bytes`, e.g. `image/webp`. */
  mime: string;
  /** File extension without the dot, matching `mime` (`jpg` for JPEG). */
  extension: string;
  /** False when the input was already small enough and is returned as it was. */
  reencoded: boolean;
}

/** Thrown when no quality or size step brings an image under the upload limit. */
export class UploadTooLargeError extends Error {
  override readonly name = 'UploadTooLargeError';
  constructor(
    /** The limit, in bytes. */
    readonly limitBytes: number,
    /** The smallest encoding reached, in bytes. */
    readonly smallestBytes: number,
  ) {
    super(`image cannot be made smaller than ${smallestBytes} bytes; the upload limit is ${limitBytes} bytes`);
  }
}

interface EncodeStep {
  format: 'webp' | 'jpeg';
  quality: number;
  /** Fraction of the original width and height. */
  scale: number;
}

// Quality first, since it costs the least visible detail; smaller sizes only when quality alone cannot get there.
const ENCODE_STEPS: readonly EncodeStep[] = [
  { format: 'webp', quality: 90, scale: 1 },
  { format: 'webp', quality: 80, scale: 1 },
  { format: 'webp', quality: 65, scale: 1 },
  { format: 'jpeg', quality: 85, scale: 1 },
  { format: 'jpeg', quality: 70, scale: 1 },
  { format: 'webp', quality: 75, scale: 0.75 },
  { format: 'webp', quality: 75, scale: 0.5 },
  { format: 'webp', quality: 70, scale: 0.35 },
  { format: 'webp', quality: 65, scale: 0.25 },
];

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/** File extension for an image MIME type (`jpg` for JPEG). */
export function extensionForMime(mime: string): string {
  return EXTENSIONS[mime] ?? mime.split('/')[1]?.split(/[;+]/)[0] ?? 'bin';
}

/**
 * Returns an image no larger than `limitBytes` (Discord's `attachment_size_limit`): the input as it is when it
 * fits, else the first step of webp qualities, then jpeg, then smaller sizes, that does.
 */
export async function reencodeForUpload(bytes: Uint8Array, mime: string, limitBytes: number): Promise<UploadImage> {
  if (bytes.length <= limitBytes) return { bytes, mime, extension: extensionForMime(mime), reencoded: false };

  // Decoding once and encoding from raw pixels keeps a 16 MP image to one PNG decode across all the steps.
  const { data, info } = await sharp(bytes).autoOrient().raw().toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  let smallest = bytes.length;
  for (const step of ENCODE_STEPS) {
    let pipeline = sharp(data, raw);
    if (step.scale < 1) {
      const width = Math.max(1, Math.round(info.width * step.scale));
      const height = Math.max(1, Math.round(info.height * step.scale));
      pipeline = pipeline.resize(width, height, { fit: 'fill', kernel: 'lanczos3' });
    }
    const encoded =
      step.format === 'webp'
        ? await pipeline.webp({ quality: step.quality }).toBuffer()
        : await pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: step.quality, mozjpeg: true }).toBuffer();
    if (encoded.length <= limitBytes) {
      const outMime = `image/${step.format}`;
      return { bytes: encoded, mime: outMime, extension: extensionForMime(outMime), reencoded: true };
    }
    smallest = Math.min(smallest, encoded.length);
  }
  throw new UploadTooLargeError(limitBytes, smallest);
}
