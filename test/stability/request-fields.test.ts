import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENDPOINTS, endpointOf } from '../../src/stability/models.js';
import { REQUEST_KINDS, type RequestKind, type StabilityRequest } from '../../src/stability/request.js';
import { REQUEST_FIELDS, wireName } from '../../src/stability/request-fields.js';
import { requestProblems } from '../../src/stability/validate.js';

type Schema = {
  $ref?: string;
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  enum?: string[];
  format?: string;
};
const spec = JSON.parse(readFileSync(new URL('../fixtures/stability-openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<
    string,
    { post: { requestBody: { content: Record<string, { schema: { properties: Record<string, Schema> } }> } } }
  >;
  components: { schemas: Record<string, Schema> };
};

/** A property's schema with `$ref`s followed and `allOf` merged, later parts winning (as the spec intends). */
function resolve(schema: Schema): Schema {
  const base = schema.$ref ? resolve(spec.components.schemas[schema.$ref.split('/').at(-1) ?? ''] ?? {}) : schema;
  if (!base.allOf) return base;
  return Object.assign({}, ...base.allOf.map(resolve));
}

/** The endpoint each kind is checked against; generate and image-to-image take sd3's (the widest field set). */
function sampleFor(kind: RequestKind): StabilityRequest {
  return { kind, model: 'sd3.5-large' } as unknown as StabilityRequest;
}

describe('REQUEST_FIELDS against the OpenAPI document', () => {
  for (const kind of REQUEST_KINDS) {
    it(`${kind}: every field exists with the document's bounds`, () => {
      const path = ENDPOINTS[endpointOf(sampleFor(kind))].path;
      const properties = spec.paths[path]?.post.requestBody.content['multipart/form-data']?.schema.properties ?? {};
      for (const [property, rule] of Object.entries(REQUEST_FIELDS[kind].rules)) {
        const schema = properties[wireName(property)];
        expect(schema, `${kind}.${wireName(property)}`).toBeDefined();
        const resolved = resolve(schema ?? {});
        if (rule.type === 'number') expect([rule.minimum, rule.maximum]).toEqual([resolved.minimum, resolved.maximum]);
        if (rule.type === 'text') {
          expect(rule.maxLength).toBe(resolved.maxLength);
          expect(rule.minLength).toBe(resolved.minLength ?? 0);
        }
        if (rule.type === 'enum') expect([...rule.values].sort()).toEqual([...(resolved.enum ?? [])].sort());
      }
      for (const field of Object.values(REQUEST_FIELDS[kind].images)) expect(properties[field]?.format).toBe('binary');
    });
  }
});

describe('requestProblems', () => {
  const image = new Uint8Array([1]);
  it('accepts a request with only its required fields', () => {
    expect(requestProblems({ kind: 'upscale-creative', image, prompt: 'p' })).toEqual([]);
  });

  it('names each broken field by its wire name', () => {
    expect(
      requestProblems({ kind: 'search-and-replace', image, prompt: '', searchPrompt: 'x', growMask: 21, seed: -1 }),
    ).toEqual(['prompt: cannot be empty', 'grow_mask: must be from 0 to 20', 'seed: must be from 0 to 4294967294']);
    expect(requestProblems({ kind: 'upscale-conservative', image, prompt: 'p', creativity: 0.1 })).toEqual([
      'creativity: must be from 0.2 to 0.5',
    ]);
    expect(requestProblems({ kind: 'remove-background', image, outputFormat: 'jpeg' as 'png' })).toEqual([
      'output_format: must be one of png, webp',
    ]);
  });

  it('refuses a property the endpoint does not take, so aspect_ratio never rides along with an image', () => {
    const smuggled = { kind: 'image-to-image', model: 'ultra', prompt: 'p', image, strength: 0.5, aspectRatio: '1:1' };
    expect(requestProblems(smuggled as StabilityRequest)).toEqual(['aspect_ratio: not accepted by image-to-image']);
  });

  it('requires outpaint to grow at least one side, and whole-pixel margins of at most 2000', () => {
    expect(requestProblems({ kind: 'outpaint', image })).toEqual([
      'left, right, up, down: at least one must be more than 0',
    ]);
    expect(requestProblems({ kind: 'outpaint', image, left: 2001, up: 1.5 })).toEqual([
      'left: must be from 0 to 2000',
      'up: must be a whole number from 0 to 2000',
    ]);
  });

  it('requires the images and required fields', () => {
    expect(requestProblems({ kind: 'style-transfer' } as StabilityRequest)).toEqual([
      'init_image: required',
      'style_image: required',
    ]);
    expect(requestProblems({ kind: 'control-sketch', image } as StabilityRequest)).toEqual(['prompt: required']);
  });
});
