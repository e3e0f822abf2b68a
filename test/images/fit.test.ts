import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  extensionForMime,
  fitToPixelLimit,
  ImageFitError,
  reencodeForUpload,
  UPSCALE_FAST_LIMIT,
  UploadTooLargeError,
} from '../../src/images/fit.js';

/** A flat-colour image: tiny to encode, any size. */
function solid(width: number, height: number, format: 'png' | 'jpeg' | 'webp' = 'png'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#3a7bd5' } })
    .toFormat(format)
    .toBuffer();
}

/** Seeded noise, which no codec compresses well, so sizes are predictable in bytes. */
function noise(width: number, height: number): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3);
  let state = 12345;
  for (let i = 0; i < data.length; i += 1) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    data[i] = (t ^ (t >>> 14)) & 255;
  }
  return sharp(data, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

describe('fitToPixelLimit', () => {
  it('returns the very same bytes when the image already fits', async () => {
    const input = await solid(1024, 1024);
    const fitted = await fitToPixelLimit(input, UPSCALE_FAST_LIMIT);
    expect(fitted.bytes).toBe(input);
    expect(fitted).toMatchObject({ width: 1024, height: 1024, resized: false });
  });

  it('downscales a 1.5 MP image under the pixel limit, keeping aspect ratio and format', async () => {
    const input = await solid(1664, 960, 'jpeg');
    const fitted = await fitToPixelLimit(input, UPSCALE_FAST_LIMIT);
    const meta = await sharp(fitted.bytes).metadata();
    expect(fitted.resized).toBe(true);
    expect(meta.format).toBe('jpeg');
    expect({ width: meta.width, height: meta.height }).toEqual({ width: fitted.width, height: fitted.height });
    expect(fitted.width * fitted.height).toBeLessThanOrEqual(1_048_576);
    expect(fitted.width * fitted.height).toBeGreaterThan(1_040_000);
    expect(Math.max(fitted.width, fitted.height)).toBeLessThanOrEqual(1536);
    expect(fitted.width / fitted.height).toBeCloseTo(1664 / 960, 2);
  });

  it('downscales a long side over maxSide even when the pixel count is small', async () => {
    const fitted = await fitToPixelLimit(await solid(1600, 100), UPSCALE_FAST_LIMIT);
    expect(fitted).toMatchObject({ width: 1536, height: 96, resized: true });
  });

  it('measures the image as displayed (EXIF orientation)', async () => {
    const rotated = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#888' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const fitted = await fitToPixelLimit(rotated, UPSCALE_FAST_LIMIT);
    const meta = await sharp(fitted.bytes).metadata();
    expect(fitted.height).toBeGreaterThan(fitted.width);
    expect(meta.autoOrient).toEqual({ width: fitted.width, height: fitted.height });
  });

  it('refuses images below minSide, and shapes that would drop below it', async () => {
    await expect(fitToPixelLimit(await solid(16, 64), UPSCALE_FAST_LIMIT)).rejects.toThrow(ImageFitError);
    await expect(fitToPixelLimit(await solid(4000, 40), UPSCALE_FAST_LIMIT)).rejects.toThrow(/aspect ratio/);
  });

  it('refuses bytes that are not an image', async () => {
    await expect(fitToPixelLimit(new TextEncoder().encode('not an image'), UPSCALE_FAST_LIMIT)).rejects.toThrow(
      ImageFitError,
    );
  });
});

describe('reencodeForUpload', () => {
  it('returns the input untouched when within the limit', async () => {
    const input = await solid(64, 64);
    const result = await reencodeForUpload(input, 'image/png', input.length);
    expect(result.bytes).toBe(input);
    expect(result).toMatchObject({ mime: 'image/png', extension: 'png', reencoded: false });
  });

  it('re-encodes an over-limit png as webp at full size when quality alone is enough', async () => {
    const input = await noise(256, 256);
    const limit = Math.floor(input.length * 0.4);
    const result = await reencodeForUpload(input, 'image/png', limit);
    const meta = await sharp(result.bytes).metadata();
    expect(result.bytes.length).toBeLessThanOrEqual(limit);
    expect(result).toMatchObject({ mime: 'image/webp', extension: 'webp', reencoded: true });
    expect(meta.format).toBe('webp');
    expect({ width: meta.width, height: meta.height }).toEqual({ width: 256, height: 256 });
  });

  it('downscales when no quality step fits', async () => {
    const input = await noise(256, 256);
    const limit = Math.floor(input.length * 0.06);
    const result = await reencodeForUpload(input, 'image/png', limit);
    const meta = await sharp(result.bytes).metadata();
    expect(result.bytes.length).toBeLessThanOrEqual(limit);
    expect(result.reencoded).toBe(true);
    expect(meta.width).toBeLessThan(256);
    expect(meta.width / meta.height).toBeCloseTo(1, 1);
    expect(`image/${meta.format}`).toBe(result.mime);
  });

  it('throws UploadTooLargeError when even the smallest step is over the limit', async () => {
    const input = await noise(128, 128);
    const error = await reencodeForUpload(input, 'image/png', 100).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UploadTooLargeError);
    expect(error).toMatchObject({ limitBytes: 100 });
    expect((error as UploadTooLargeError).smallestBytes).toBeGreaterThan(100);
  });
});

describe('extensionForMime', () => {
  it('names files the way Discord users expect', () => {
    expect(extensionForMime('image/jpeg')).toBe('jpg');
    expect(extensionForMime('image/png')).toBe('png');
    expect(extensionForMime('image/webp')).toBe('webp');
    expect(extensionForMime('image/avif')).toBe('avif');
  });
});
