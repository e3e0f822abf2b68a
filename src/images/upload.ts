import { extensionForMime } from '../domain/attachments.js';
import { loadSharp } from '../stability/sharp.js';

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
  format: 'webp' | 'jpeg' | 'png';
  quality: number;
  /** Fraction of the original width and height. */
  scale: number;
}

// Quality first, since it costs the least visible detail; smaller sizes only when quality alone cannot get there.
const OPAQUE_STEPS: readonly EncodeStep[] = [
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

// JPEG has no alpha channel: a cut-out (remove-background) would come back on a white box. WebP and PNG keep it.
const ALPHA_STEPS: readonly EncodeStep[] = [
  { format: 'webp', quality: 90, scale: 1 },
  { format: 'webp', quality: 80, scale: 1 },
  { format: 'webp', quality: 65, scale: 1 },
  { format: 'png', quality: 80, scale: 1 },
  { format: 'webp', quality: 75, scale: 0.75 },
  { format: 'webp', quality: 75, scale: 0.5 },
  { format: 'webp', quality: 70, scale: 0.35 },
  { format: 'webp', quality: 65, scale: 0.25 },
];

/** Whether any pixel is less than fully opaque: an alpha channel of 255s (common in PNGs) carries no cut-out. */
function isTransparent(data: Buffer, channels: number): boolean {
  if (channels !== 2 && channels !== 4) return false;
  for (let i = channels - 1; i < data.length; i += channels) if ((data[i] ?? 255) < 255) return true;
  return false;
}

/**
 * Returns an image no larger than `limitBytes` (Discord's `attachment_size_limit`): the input as it is when it fits —
 * without loading sharp, since this sits on the answer → upload hot path — else the first step of webp qualities,
 * then jpeg (opaque images only) or palette png (images with alpha), then smaller sizes, that does.
 */
export async function reencodeForUpload(bytes: Uint8Array, mime: string, limitBytes: number): Promise<UploadImage> {
  if (bytes.length <= limitBytes) return { bytes, mime, extension: extensionForMime(mime), reencoded: false };

  const sharp = await loadSharp();
  // Decoding once and encoding from raw pixels keeps a 16 MP image to one PNG decode across all the steps.
  const { data, info } = await sharp(bytes).autoOrient().raw().toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  const steps = isTransparent(data, info.channels) ? ALPHA_STEPS : OPAQUE_STEPS;
  let smallest = bytes.length;
  for (const step of steps) {
    let pipeline = sharp(data, raw);
    if (step.scale < 1) {
      const width = Math.max(1, Math.round(info.width * step.scale));
      const height = Math.max(1, Math.round(info.height * step.scale));
      pipeline = pipeline.resize(width, height, { fit: 'fill', kernel: 'lanczos3' });
    }
    const encoded =
      step.format === 'webp'
        ? await pipeline.webp({ quality: step.quality }).toBuffer()
        : step.format === 'png'
          ? await pipeline.png({ palette: true, quality: step.quality, compressionLevel: 9 }).toBuffer()
          : await pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: step.quality, mozjpeg: true }).toBuffer();
    if (encoded.length <= limitBytes) {
      const outMime = `image/${step.format}`;
      return { bytes: encoded, mime: outMime, extension: extensionForMime(outMime), reencoded: true };
    }
    smallest = Math.min(smallest, encoded.length);
  }
  throw new UploadTooLargeError(limitBytes, smallest);
}
