import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import sharp from 'sharp';

/** The endpoints the fake serves, keyed by their v2beta path. */
export const FAKE_ENDPOINT_PATHS = {
  '/v2beta/stable-image/generate/ultra': 'ultra',
  '/v2beta/stable-image/generate/core': 'core',
  '/v2beta/stable-image/generate/sd3': 'sd3',
  '/v2beta/stable-image/upscale/fast': 'upscale-fast',
} as const;

export type FakeEndpointPath = keyof typeof FAKE_ENDPOINT_PATHS;
export type FakeEndpoint = (typeof FAKE_ENDPOINT_PATHS)[FakeEndpointPath];

export interface UploadedFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

/** A multipart body as received: every field name with all its values, in order. */
export type ReceivedForm = ReadonlyMap<string, readonly (string | UploadedFile)[]>;

export interface ImageSize {
  width: number;
  height: number;
}

export interface ValidationOutcome {
  /** Stability-style messages (`field: problem`); empty when the request is valid. */
  errors: string[];
  /** Single-valued text fields. */
  fields: Record<string, string>;
  /** Size of the `image` part, when one was sent and could be decoded. */
  image?: ImageSize;
}

const SPEC_URL = new URL('../fixtures/stability-openapi.json', import.meta.url);

type JsonObject = Record<string, unknown>;

function asObject(value: unknown, where: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`stability-openapi.json: ${where} is not an object`);
  }
  return value as JsonObject;
}

function child(value: unknown, ...keys: string[]): JsonObject {
  let current = asObject(value, 'document');
  for (const key of keys) current = asObject(current[key], key);
  return current;
}

/** Pixel rules stated in each endpoint's `image` description; JSON Schema cannot express them. */
interface ImageRules {
  minSide: number;
  maxSide: number;
  minPixels: number;
  maxPixels: number;
}

const IMAGE_RULES: Record<FakeEndpoint, ImageRules | undefined> = {
  ultra: { minSide: 64, maxSide: 16_384, minPixels: 4_096, maxPixels: Number.POSITIVE_INFINITY },
  core: undefined,
  sd3: { minSide: 64, maxSide: Number.POSITIVE_INFINITY, minPixels: 0, maxPixels: Number.POSITIVE_INFINITY },
  'upscale-fast': { minSide: 32, maxSide: 1_536, minPixels: 1_024, maxPixels: 1_048_576 },
};

function formatAjvError(error: ErrorObject): string {
  const field = error.instancePath.replace(/^\//, '');
  if (error.keyword === 'required') return `${String(error.params.missingProperty)}: required`;
  if (error.keyword === 'additionalProperties') return `${String(error.params.additionalProperty)}: unknown field`;
  if (error.keyword === 'enum') {
    const allowed = (error.params.allowedValues as unknown[]).map(String).join(', ');
    return `${field}: must be one of ${allowed}`;
  }
  return `${field}: ${error.message ?? 'is invalid'}`;
}

/**
 * Validates v2beta multipart requests against the saved OpenAPI document, patched where the live server is known to
 * differ (reference §9): `sd3.5-flash` is accepted, `aspect_ratio` next to an image is rejected.
 */
export interface StabilityRequestValidator {
  validate(endpoint: FakeEndpoint, form: ReceivedForm): Promise<ValidationOutcome>;
}

export function createStabilityRequestValidator(): StabilityRequestValidator {
  const document: unknown = JSON.parse(readFileSync(SPEC_URL, 'utf8'));
  const componentSchemas = structuredClone(child(document, 'components', 'schemas'));
  // Multipart sends every value as text; coercion lets `seed=5` meet `type: number` the way the server parses it.
  const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: true });
  ajv.addFormat('binary', true);

  const schemas = new Map<FakeEndpoint, EndpointSchema>();
  for (const [path, endpoint] of Object.entries(FAKE_ENDPOINT_PATHS)) {
    const body = structuredClone(
      child(document, 'paths', path, 'post', 'requestBody', 'content', 'multipart/form-data', 'schema'),
    );
    const properties = child(body, 'properties');
    if (endpoint === 'sd3') {
      const model = child(properties, 'model');
      model.enum = [...(model.enum as string[]), 'sd3.5-flash'];
    }
    const names = Object.keys(properties);
    schemas.set(endpoint, {
      validate: ajv.compile({ ...body, additionalProperties: false, components: { schemas: componentSchemas } }),
      fileFields: new Set(names.filter((name) => child(properties, name).format === 'binary')),
      textFields: new Set(names.filter((name) => child(properties, name).format !== 'binary')),
    });
  }

  return {
    async validate(endpoint, form) {
      const schema = schemas.get(endpoint);
      if (schema === undefined) throw new Error(`no schema for ${endpoint}`);
      const errors: string[] = [];
      const fields: Record<string, string> = {};
      const data: Record<string, unknown> = {};
      let imageFile: UploadedFile | undefined;
      for (const [name, values] of form) {
        if (values.length !== 1) errors.push(`${name}: must be sent once`);
        const value = values[0];
        if (value === undefined) continue;
        if (typeof value === 'string') {
          if (schema.fileFields.has(name)) errors.push(`${name}: must be a file`);
          fields[name] = value;
          data[name] = value;
        } else {
          if (schema.textFields.has(name)) errors.push(`${name}: must be a text field, not a file`);
          if (name === 'image') imageFile = value;
          // Stands in for the file so `type: string, format: binary` (and `required`) see it.
          data[name] = 'binary';
        }
      }
      if (!schema.validate(data)) errors.push(...(schema.validate.errors ?? []).map(formatAjvError));
      errors.push(...crossFieldErrors(endpoint, fields, imageFile !== undefined));
      const outcome: ValidationOutcome = { errors, fields };
      const rules = IMAGE_RULES[endpoint];
      if (imageFile !== undefined && rules !== undefined) {
        const size = await imageSizeOf(imageFile.bytes);
        if (size === undefined) errors.push('image: could not be decoded as jpeg, png or webp');
        else {
          outcome.image = size;
          errors.push(...imageRuleErrors(size, rules));
        }
      }
      return outcome;
    },
  };
}

interface EndpointSchema {
  validate: ValidateFunction;
  fileFields: ReadonlySet<string>;
  textFields: ReadonlySet<string>;
}

function crossFieldErrors(endpoint: FakeEndpoint, fields: Record<string, string>, hasImage: boolean): string[] {
  const errors: string[] = [];
  const hasStrength = fields.strength !== undefined;
  if (endpoint === 'ultra') {
    if (hasImage && !hasStrength) errors.push('strength: required when image is provided');
    if (hasStrength && !hasImage) errors.push('image: required when strength is provided');
  }
  if (endpoint === 'sd3') {
    const imageToImage = fields.mode === 'image-to-image';
    if (imageToImage && !hasImage) errors.push('image: required for image-to-image');
    if (imageToImage && !hasStrength) errors.push('strength: required for image-to-image');
    if (!imageToImage && hasImage) errors.push('image: only valid for image-to-image');
    if (!imageToImage && hasStrength) errors.push('strength: only valid for image-to-image');
  }
  if (hasImage && fields.aspect_ratio !== undefined) {
    errors.push('aspect_ratio: not allowed when an image is provided');
  }
  return errors;
}

async function imageSizeOf(bytes: Uint8Array): Promise<ImageSize | undefined> {
  try {
    const { width, height, format } = await sharp(bytes).metadata();
    if (width === undefined || height === undefined) return undefined;
    if (format !== 'png' && format !== 'jpeg' && format !== 'webp') return undefined;
    return { width, height };
  } catch {
    return undefined;
  }
}

function imageRuleErrors({ width, height }: ImageSize, rules: ImageRules): string[] {
  const errors: string[] = [];
  for (const [side, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (value < rules.minSide || value > rules.maxSide) {
      errors.push(`image: ${side} must be between ${rules.minSide} and ${rules.maxSide} pixels (got ${value})`);
    }
  }
  const pixels = width * height;
  if (pixels < rules.minPixels || pixels > rules.maxPixels) {
    errors.push(`image: total pixel count must be between ${rules.minPixels} and ${rules.maxPixels} (got ${pixels})`);
  }
  return errors;
}
