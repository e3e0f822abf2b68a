import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkInput, type ImageRequestKind, INPUT_LIMITS } from '../../src/stability/input-limits.js';
import { ENDPOINTS } from '../../src/stability/models.js';

const spec = JSON.parse(readFileSync(new URL('../fixtures/stability-openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<
    string,
    {
      post: {
        requestBody: { content: Record<string, { schema: { properties: Record<string, { description?: string }> } }> };
      };
    }
  >;
};

function description(kind: Exclude<ImageRequestKind, 'image-to-image'>, field: string): string {
  const schema = spec.paths[ENDPOINTS[kind].path]?.post.requestBody.content['multipart/form-data']?.schema;
  return (schema?.properties[field]?.description ?? '').replaceAll(',', '');
}

describe('INPUT_LIMITS', () => {
  // The numbers in each endpoint's image description, so a spec update that moves a limit fails here.
  const kinds = Object.keys(INPUT_LIMITS).filter((kind) => kind !== 'image-to-image') as Exclude<
    ImageRequestKind,
    'image-to-image'
  >[];
  for (const kind of kinds) {
    for (const [field, limits] of Object.entries(INPUT_LIMITS[kind])) {
      it(`${kind} ${field} matches the OpenAPI document`, () => {
        const text = description(kind, field);
        const { minSide, maxSide, minPixels, maxPixels } = limits;
        if (Number.isFinite(maxSide)) expect(text).toContain(`between ${minSide} and ${maxSide} pixels`);
        else expect(text).toContain(`at least ${minSide} pixels`);
        expect(text).toContain(String(maxPixels));
        if (text.includes('Total pixel count must be between'))
          expect(text).toContain(`between ${minPixels} and ${maxPixels}`);
        expect(limits.aspect !== undefined).toBe(text.includes('1:2.5 and 2.5:1'));
      });
    }
  }
});

describe('checkInput', () => {
  it('passes an image that fits unchanged', () => {
    expect(checkInput('outpaint', 1024, 1024)).toEqual({ ok: true, fitted: false, width: 1024, height: 1024 });
  });

  it('shrinks an image over the pixel maximum to the largest size of the same shape that fits', () => {
    const check = checkInput('upscale-fast', 1664, 960);
    if (!check.ok || !check.fitted) throw new Error('expected a fitted size');
    expect(check.width * check.height).toBeLessThanOrEqual(1_048_576);
    expect(check.width * check.height).toBeGreaterThan(1_040_000);
    expect(check.width / check.height).toBeCloseTo(1664 / 960, 2);
    expect(check).toMatchObject({ fromWidth: 1664, fromHeight: 960 });
  });

  it('shrinks a side over the side maximum even when the pixel count is small', () => {
    expect(checkInput('upscale-fast', 1600, 100)).toMatchObject({ ok: true, fitted: true, width: 1536, height: 96 });
    expect(checkInput('style-transfer', 20_000, 10_000, 'style_image')).toMatchObject({ ok: true, fitted: true });
  });

  it.each([
    ['upscale-fast', 16, 64, 'image: is 16x64; each side must be at least 32 px'],
    ['remove-background', 64, 60, 'image: is 64x60; each side must be at least 64 px'],
    ['control-structure', 1000, 399, 'image: is 1000x399 (2.51:1); its aspect ratio must be between 1:2.5 and 2.5:1'],
    ['search-and-replace', 300, 800, 'image: is 300x800 (1:2.67); its aspect ratio must be between 1:2.5 and 2.5:1'],
  ] as const)('refuses %s at %ix%i: "%s"', (kind, width, height, reason) => {
    expect(checkInput(kind, width, height)).toEqual({ ok: false, reason });
  });

  it('accepts exactly 2.5:1 and 1:2.5 where the range applies, and any shape elsewhere', () => {
    expect(checkInput('outpaint', 1000, 400).ok).toBe(true);
    expect(checkInput('outpaint', 400, 1000).ok).toBe(true);
    expect(checkInput('upscale-creative', 1000, 100).ok).toBe(true);
    expect(checkInput('style-transfer', 1000, 100, 'style_image').ok).toBe(true);
    expect(checkInput('style-transfer', 1000, 100, 'init_image').ok).toBe(false);
  });

  it('refuses a shape that would drop below the minimum once shrunk', () => {
    const check = checkInput('upscale-fast', 4000, 40);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(/shrunk to fit its maximum it is 1536x15/);
  });

  it('refuses sizes that are not positive whole numbers', () => {
    expect(checkInput('outpaint', 0, 100).ok).toBe(false);
    expect(checkInput('outpaint', 100.5, 100).ok).toBe(false);
  });
});
