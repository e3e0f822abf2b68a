import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { readImageHeader } from '../../src/stability/image-header.js';
import { type ImageRequestKind, INPUT_LIMITS, type InputLimits } from '../../src/stability/input-limits.js';
import { ENDPOINTS, type EndpointName } from '../../src/stability/models.js';
import type { ImageField } from '../../src/stability/request.js';

/** The POST endpoints the fake serves, keyed by their v2beta path: every one in the client's table. */
export const FAKE_ENDPOINT_PATHS: Readonly<Record<string, EndpointName>> = Object.fromEntries(
  (Object.entries(ENDPOINTS) as [EndpointName, (typeof ENDPOINTS)[EndpointName]][]).map(([name, info]) => [
    info.path,
    name,
  ]),
);

export type FakeEndpoint = EndpointName;

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
  /** Image parts by field name, with their size when they could be read. */
  files: Partial<Record<ImageField, UploadedFile & { size?: ImageSize }>>;
  /** Size of the `image` (or `init_image`) part, when one was sent and could be read. */
  image?: ImageSize;
}

/** Validates v2beta multipart requests against the saved OpenAPI document (see `createStabilityRequestValidator`). */
export interface StabilityRequestValidator {
  validate(endpoint: FakeEndpoint, form: ReceivedForm): ValidationOutcome;
  /** Whether the operation declares the `accept: image/*|application/json` header (async submits do not). */
  acceptsImage(endpoint: FakeEndpoint): boolean;
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

interface EndpointSchema {
  validate: ValidateFunction;
  fileFields: ReadonlySet<string>;
  textFields: ReadonlySet<string>;
  acceptsImage: boolean;
}

/**
 * Patches where the live server is known to differ from its document (reference §9): `sd3.5-flash` is accepted, and
 * outpaint's `creativity` is 0–1 (the document's `allOf` would also apply the shared 0.2–0.5 bounds).
 */
function patch(endpoint: FakeEndpoint, properties: JsonObject): void {
  if (endpoint === 'sd3') {
    const model = child(properties, 'model');
    model.enum = [...(model.enum as string[]), 'sd3.5-flash'];
  }
  if (endpoint === 'outpaint') properties.creativity = { type: 'number', minimum: 0, maximum: 1, default: 0.5 };
}

export function createStabilityRequestValidator(): StabilityRequestValidator {
  const document: unknown = JSON.parse(readFileSync(SPEC_URL, 'utf8'));
  const componentSchemas = structuredClone(child(document, 'components', 'schemas'));
  // Multipart sends every value as text; coercion lets `seed=5` meet `type: number` the way the server parses it.
  const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: true });
  ajv.addFormat('binary', true);

  const schemas = new Map<FakeEndpoint, EndpointSchema>();
  for (const [path, endpoint] of Object.entries(FAKE_ENDPOINT_PATHS)) {
    const operation = child(document, 'paths', path, 'post');
    const body = structuredClone(child(operation, 'requestBody', 'content', 'multipart/form-data', 'schema'));
    const properties = child(body, 'properties');
    patch(endpoint, properties);
    const names = Object.keys(properties);
    const parameters = Array.isArray(operation.parameters) ? (operation.parameters as JsonObject[]) : [];
    schemas.set(endpoint, {
      validate: ajv.compile({ ...body, additionalProperties: false, components: { schemas: componentSchemas } }),
      fileFields: new Set(names.filter((name) => child(properties, name).format === 'binary')),
      textFields: new Set(names.filter((name) => child(properties, name).format !== 'binary')),
      acceptsImage: parameters.some((parameter) => parameter.$ref === '#/components/parameters/AcceptImage'),
    });
  }

  return {
    acceptsImage: (endpoint) => schemas.get(endpoint)?.acceptsImage ?? false,
    validate(endpoint, form) {
      const schema = schemas.get(endpoint);
      if (schema === undefined) throw new Error(`no schema for ${endpoint}`);
      const errors: string[] = [];
      const fields: Record<string, string> = {};
      const files: ValidationOutcome['files'] = {};
      const data: Record<string, unknown> = {};
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
          if (name === 'image' || name === 'init_image' || name === 'style_image') files[name] = value;
          // Stands in for the file so `type: string, format: binary` (and `required`) see it.
          data[name] = 'binary';
        }
      }
      if (!schema.validate(data)) errors.push(...(schema.validate.errors ?? []).map(formatAjvError));
      errors.push(...crossFieldErrors(endpoint, fields, files.image !== undefined));
      const outcome: ValidationOutcome = { errors, fields, files };
      for (const [field, file] of Object.entries(files) as [ImageField, UploadedFile][]) {
        const header = readImageHeader(file.bytes);
        if (header === undefined) {
          errors.push(`${field}: could not be decoded as jpeg, png or webp`);
          continue;
        }
        const size = { width: header.width, height: header.height };
        files[field] = { ...file, size };
        if (field !== 'style_image') outcome.image = size;
        const rules = INPUT_LIMITS[limitsKind(endpoint)][field];
        if (rules !== undefined) errors.push(...imageRuleErrors(field, size, rules));
      }
      return outcome;
    },
  };
}

/** The shared input-limits table (src/stability/input-limits.ts) row for an endpoint. */
function limitsKind(endpoint: FakeEndpoint): ImageRequestKind {
  return endpoint === 'ultra' || endpoint === 'core' || endpoint === 'sd3' ? 'image-to-image' : endpoint;
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
  // The live server rejects a generate aspect_ratio next to an image (reference §9); control/style documents one.
  if ((endpoint === 'ultra' || endpoint === 'sd3') && hasImage && fields.aspect_ratio !== undefined) {
    errors.push('aspect_ratio: not allowed when an image is provided');
  }
  if (endpoint === 'outpaint' && ['left', 'right', 'up', 'down'].every((side) => Number(fields[side] ?? 0) === 0)) {
    errors.push('left, right, up, down: at least one must be greater than 0');
  }
  return errors;
}

function bounds(min: number, max: number): string {
  return Number.isFinite(max) ? `between ${min} and ${max}` : `at least ${min}`;
}

function imageRuleErrors(field: string, { width, height }: ImageSize, rules: InputLimits): string[] {
  const errors: string[] = [];
  for (const [side, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (value < rules.minSide || value > rules.maxSide) {
      errors.push(`${field}: ${side} must be ${bounds(rules.minSide, rules.maxSide)} pixels (got ${value})`);
    }
  }
  const pixels = width * height;
  if (pixels < rules.minPixels || pixels > rules.maxPixels) {
    errors.push(`${field}: total pixel count must be ${bounds(rules.minPixels, rules.maxPixels)} (got ${pixels})`);
  }
  const shape = width / height;
  if (rules.aspect && (shape < rules.aspect.min || shape > rules.aspect.max)) {
    errors.push(`${field}: aspect ratio must be between 1:2.5 and 2.5:1 (got ${width}:${height})`);
  }
  return errors;
}
