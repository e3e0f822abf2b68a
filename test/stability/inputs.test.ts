import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { MAX_REQUEST_BYTES } from '../../src/stability/enums.js';
import { RequestRefusedError } from '../../src/stability/errors.js';
import { prepareInputs } from '../../src/stability/inputs.js';
import { decodedSize, png } from './images.js';

/** Seeded noise: no codec compresses it much, so its file is as large as its pixels allow. */
async function noisePng(width: number, height: number): Promise<Uint8Array> {
  const data = Buffer.alloc(width * height * 3);
  let state = 99;
  for (let i = 0; i < data.length; i += 1) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    data[i] = state >>> 24;
  }
  return new Uint8Array(
    await sharp(data, { raw: { width, height, channels: 3 } })
      .png()
      .toBuffer(),
  );
}

describe('prepareInputs', () => {
  it('sends an image that fits as the very same bytes, without loading it', async () => {
    const image = await png(1024, 768);
    const prepared = await prepareInputs({ kind: 'outpaint', image, left: 10 });
    expect(prepared.images[0]?.bytes).toBe(image);
    expect(prepared.inputFitted).toBeUndefined();
  });

  it('shrinks to the largest size that fits, in the input’s own format, as displayed (EXIF)', async () => {
    const turned = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#888' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const prepared = await prepareInputs({ kind: 'upscale-fast', image: turned });
    const sent = prepared.images[0]!;
    expect(await decodedSize(sent.bytes)).toEqual({ width: sent.width, height: sent.height, format: 'jpeg' });
    expect(sent.height).toBeGreaterThan(sent.width);
    expect(prepared.inputFitted).toEqual({
      field: 'image',
      fromWidth: 1000,
      fromHeight: 2000,
      width: 724,
      height: 1448,
    });
  });

  it('re-encodes a file too heavy for the 10 MiB request as WebP, shrinking only as far as needed', async () => {
    const heavy = await noisePng(2400, 2400);
    expect(heavy.length).toBeGreaterThan(MAX_REQUEST_BYTES);
    const prepared = await prepareInputs({ kind: 'control-structure', image: heavy, prompt: 'p' });
    const sent = prepared.images[0]!;
    expect(sent.bytes.length).toBeLessThanOrEqual(MAX_REQUEST_BYTES - 128 * 1024);
    expect(sent.format).toBe('webp');
    expect((await decodedSize(sent.bytes)).format).toBe('webp');
    expect(sent.width / sent.height).toBeCloseTo(1, 2);
  });

  it('refuses what cannot be made to fit, naming the field', async () => {
    const error = await prepareInputs({
      kind: 'style-transfer',
      initImage: await png(640, 480),
      styleImage: await png(50, 400),
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RequestRefusedError);
    expect((error as RequestRefusedError).errors).toEqual(['style_image: is 50x400; each side must be at least 64 px']);
  });
});
