import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { extensionForMime } from '../../src/domain/attachments.js';
import { reencodeForUpload, UploadTooLargeError } from '../../src/images/upload.js';

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

/** Noise with a transparent left half: a cut-out whose alpha must survive any re-encode. */
async function transparentNoise(width: number, height: number): Promise<Buffer> {
  const rgb = await sharp(await noise(width, height))
    .raw()
    .toBuffer();
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i += 1) {
    rgb.copy(data, i * 4, i * 3, i * 3 + 3);
    data[i * 4 + 3] = i % width < width / 2 ? 0 : 255;
  }
  return sharp(data, { raw: { width, height, channels: 4 } })
    .png()
    .toBuffer();
}

describe('reencodeForUpload with an alpha channel', () => {
  it.each([0.5, 0.25, 0.06])(
    'never falls back to JPEG and keeps the transparency (limit %s of the input)',
    async (share) => {
      const input = await transparentNoise(256, 256);
      const limit = Math.floor(input.length * share);
      const result = await reencodeForUpload(input, 'image/png', limit);
      expect(result.bytes.length).toBeLessThanOrEqual(limit);
      expect(result.mime).not.toBe('image/jpeg');
      const meta = await sharp(result.bytes).metadata();
      expect(meta.hasAlpha).toBe(true);
      const { data, info } = await sharp(result.bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      const alphaAt = (x: number, y: number) => data[(y * info.width + x) * 4 + 3];
      expect(alphaAt(2, Math.floor(info.height / 2))).toBeLessThan(20);
      expect(alphaAt(info.width - 3, Math.floor(info.height / 2))).toBeGreaterThan(235);
    },
  );
});

describe('extensionForMime', () => {
  it('names files the way Discord users expect', () => {
    expect(extensionForMime('image/jpeg')).toBe('jpg');
    expect(extensionForMime('image/png')).toBe('png');
    expect(extensionForMime('image/webp')).toBe('webp');
    expect(extensionForMime('image/avif')).toBe('avif');
  });
});

describe('reencodeForUpload with an opaque alpha channel', () => {
  it('may use JPEG: an alpha channel of only 255s is no cut-out', async () => {
    const rgb = await sharp(await noise(256, 256))
      .raw()
      .toBuffer();
    const rgba = Buffer.alloc(256 * 256 * 4, 255);
    for (let i = 0; i < 256 * 256; i += 1) rgb.copy(rgba, i * 4, i * 3, i * 3 + 3);
    const input = await sharp(rgba, { raw: { width: 256, height: 256, channels: 4 } })
      .png()
      .toBuffer();
    // WebP at 65 is still over this; JPEG at 85 is the first step that fits an opaque picture.
    const webp65 = await sharp(input).webp({ quality: 65 }).toBuffer();
    const result = await reencodeForUpload(input, 'image/png', webp65.length - 1);
    expect(result.mime).toBe('image/jpeg');
  });
});
