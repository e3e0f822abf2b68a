import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readImageHeader, sniffImageFormat } from '../../src/stability/image-header.js';

describe('readImageHeader', () => {
  it.each(['png', 'jpeg', 'webp'] as const)('reads a %s size without decoding it', async (format) => {
    const bytes = await sharp({ create: { width: 321, height: 123, channels: 3, background: '#123' } })
      .toFormat(format)
      .toBuffer();
    expect(readImageHeader(bytes)).toMatchObject({ format, width: 321, height: 123, mime: `image/${format}` });
  });

  it('reports a JPEG turned by its EXIF orientation as it is displayed', async () => {
    const bytes = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#888' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect(readImageHeader(bytes)).toMatchObject({ width: 100, height: 200 });
  });

  it('recognises only PNG, JPEG and WebP, by their bytes', async () => {
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .gif()
      .toBuffer();
    expect(sniffImageFormat(gif)).toBeUndefined();
    expect(readImageHeader(gif)).toBeUndefined();
    expect(readImageHeader(new TextEncoder().encode('not an image'))).toBeUndefined();
    expect(readImageHeader(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBeUndefined();
  });
});
