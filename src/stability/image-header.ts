import { imageSize } from 'image-size';

/** The three image formats Stability accepts as input and returns as output. */
export type ImageFormat = 'png' | 'jpeg' | 'webp';

export interface ImageHeader {
  format: ImageFormat;
  mime: `image/${ImageFormat}`;
  /** File extension without the dot (`jpg` for JPEG). */
  extension: 'png' | 'jpg' | 'webp';
  /** Width as displayed (EXIF orientation applied), in pixels. */
  width: number;
  /** Height as displayed, in pixels. */
  height: number;
}

const TYPES: Readonly<Record<ImageFormat, Pick<ImageHeader, 'mime' | 'extension'>>> = {
  png: { mime: 'image/png', extension: 'png' },
  jpeg: { mime: 'image/jpeg', extension: 'jpg' },
  webp: { mime: 'image/webp', extension: 'webp' },
};

/** Recognises PNG, JPEG and WebP by their magic bytes, whatever the file name or MIME type claims. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  const startsWith = (signature: readonly number[], offset = 0) =>
    signature.every((byte, index) => bytes[offset + index] === byte);
  if (startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith([0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith([0x52, 0x49, 0x46, 0x46]) && startsWith([0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  return undefined;
}

/**
 * Format and size from the file's header alone, in microseconds: the hot path (answer → Discord upload) never decodes
 * pixels. Undefined for anything that is not a readable PNG, JPEG or WebP header.
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader | undefined {
  const format = sniffImageFormat(bytes);
  if (format === undefined) return undefined;
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(bytes);
  } catch {
    return undefined;
  }
  const { width, height } = size;
  if (width === undefined || height === undefined || width <= 0 || height <= 0) return undefined;
  // EXIF orientations 5–8 turn the picture a quarter: it is shown (and resized) with its sides swapped.
  const turned = (size.orientation ?? 1) >= 5;
  return { format, ...TYPES[format], width: turned ? height : width, height: turned ? width : height };
}
