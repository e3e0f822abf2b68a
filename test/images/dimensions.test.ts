import { describe, expect, it } from 'vitest';
import { ONE_MEGAPIXEL_SIZES, outputSize, sizeForMegapixels } from '../../src/images/dimensions.js';
import { ASPECT_RATIOS, type AspectRatio, MODEL_IDS, MODELS } from '../../src/stability/models.js';

const ratioOf = (aspect: AspectRatio) => {
  const [w, h] = aspect.split(':').map(Number);
  return (w ?? 1) / (h ?? 1);
};

describe('ONE_MEGAPIXEL_SIZES', () => {
  it.each([
    ['1:1', 1024, 1024],
    ['16:9', 1344, 768],
    ['21:9', 1536, 640],
    ['3:2', 1216, 832],
    ['2:3', 832, 1216],
    ['4:5', 896, 1088],
    ['5:4', 1088, 896],
    ['9:16', 768, 1344],
    ['9:21', 640, 1536],
  ] as const)('maps %s to %ix%i', (aspect, width, height) => {
    expect(ONE_MEGAPIXEL_SIZES[aspect]).toEqual({ width, height });
  });

  it('covers every aspect ratio Stability accepts', () => {
    expect(Object.keys(ONE_MEGAPIXEL_SIZES).sort()).toEqual([...ASPECT_RATIOS].sort());
  });
});

describe('sizeForMegapixels', () => {
  it('returns the 1 MP table unchanged at 1 MP', () => {
    for (const aspect of ASPECT_RATIOS) expect(sizeForMegapixels(aspect, 1)).toEqual(ONE_MEGAPIXEL_SIZES[aspect]);
  });

  it.each(ASPECT_RATIOS)('sizes %s at 1.5 MP in 64 px steps, near 1.5 MP and the named ratio', (aspect) => {
    const { width, height } = sizeForMegapixels(aspect, 1.5);
    expect(width % 64).toBe(0);
    expect(height % 64).toBe(0);
    const base = ONE_MEGAPIXEL_SIZES[aspect];
    expect(width).toBeGreaterThan(base.width);
    expect(height).toBeGreaterThan(base.height);
    expect((width * height) / 1_048_576).toBeGreaterThan(1.35);
    expect((width * height) / 1_048_576).toBeLessThan(1.7);
    expect(Math.abs(width / height / ratioOf(aspect) - 1)).toBeLessThan(0.1);
  });

  it('scales 1:1 to 1280x1280 and 16:9 to 1664x960', () => {
    expect(sizeForMegapixels('1:1', 1.5)).toEqual({ width: 1280, height: 1280 });
    expect(sizeForMegapixels('16:9', 1.5)).toEqual({ width: 1664, height: 960 });
  });
});

describe('outputSize', () => {
  it('defaults to 1:1, as Stability does', () => {
    expect(outputSize('ultra')).toEqual({ width: 1024, height: 1024 });
  });

  it('sizes every model by its megapixels', () => {
    for (const model of MODEL_IDS) {
      expect(outputSize(model, '21:9')).toEqual(sizeForMegapixels('21:9', MODELS[model].megapixels));
    }
    expect(outputSize('core', '1:1')).toEqual({ width: 1280, height: 1280 });
    expect(outputSize('sd3.5-medium', '9:16')).toEqual({ width: 768, height: 1344 });
  });
});
