import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { FieldError } from '../rest/errors.js';
import { sharpenUnions } from './openapi-transform.js';

/** Names under `components.schemas` of Discord's OpenAPI document that the emulator validates against. */
const SCHEMA_NAMES = [
  'CreateMessageInteractionCallbackRequest',
  'UpdateMessageInteractionCallbackRequest',
  'ModalInteractionCallbackRequest',
  'ApplicationCommandAutocompleteCallbackRequest',
  'IncomingWebhookUpdateRequestPartial',
  'IncomingWebhookRequestPartial',
  'MessageCreateRequest',
  'MessageEditRequestPartial',
  'ApplicationCommandUpdateRequest',
] as const;

export type DiscordSchemaName = (typeof SCHEMA_NAMES)[number];

/**
 * Compiles schemas lazily and keeps them: the whole document takes ~0.5 s to compile, one route's schema ~10-80 ms.
 * Share one registry across emulators (option `schemas`) to pay that once per process.
 */
export interface SchemaRegistry {
  validate(name: DiscordSchemaName, value: unknown): FieldError[];
}

const RELATIVE_DOC_PATH = join('fixtures', 'discord-openapi.json');

/** Walks up from this module to the package's `fixtures/` folder. */
export function findOpenApiDocument(start = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, RELATIVE_DOC_PATH);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`emulator: cannot find ${RELATIVE_DOC_PATH} above ${start}; pass openApiPath`);
}

export function createSchemaRegistry(openApiPath?: string): SchemaRegistry {
  let ajv: Ajv2020 | undefined;
  const compiled = new Map<DiscordSchemaName, ValidateFunction>();
  const load = (): Ajv2020 => {
    if (ajv) return ajv;
    const doc: unknown = JSON.parse(readFileSync(openApiPath ?? findOpenApiDocument(), 'utf8'));
    const schemas = reachable(schemasOf(doc), SCHEMA_NAMES);
    // strict:false because the document carries OpenAPI extensions (x-discord-union) Ajv does not know.
    const instance = new Ajv2020({
      strict: false,
      allErrors: true,
      logger: false,
      validateSchema: false,
      inlineRefs: false,
      code: { optimize: false },
    });
    // Formats are documentation here (snowflakes and int64 are strings or numbers); Discord checks ranges elsewhere.
    for (const format of ['int32', 'int64', 'double', 'snowflake', 'nonce', 'uri', 'date-time']) {
      instance.addFormat(format, true);
    }
    instance.addSchema({ $id: 'discord', components: { schemas: sharpenUnions(schemas) } });
    ajv = instance;
    return instance;
  };
  return {
    validate(name, value) {
      let fn = compiled.get(name);
      if (!fn) {
        fn = load().compile({ $ref: `discord#/components/schemas/${name}` });
        compiled.set(name, fn);
      }
      return fn(value) ? [] : toFieldErrors(fn.errors ?? []);
    },
  };
}

/** For benchmarks (option `validateOpenApi: false`): accepts every body; Discord's documented limits still apply. */
export function createPermissiveSchemaRegistry(): SchemaRegistry {
  return { validate: () => [] };
}

/** Only the ~100 schemas the request bodies reference (of 539): transforming and adding all of them costs ~0.3 s. */
function reachable(schemas: Record<string, unknown>, roots: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const queue = [...roots];
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    if (name in out || !(name in schemas)) continue;
    out[name] = schemas[name];
    JSON.stringify(schemas[name], (key, value: unknown) => {
      if (key === '$ref' && typeof value === 'string') queue.push(value.replace('#/components/schemas/', ''));
      return value;
    });
  }
  return out;
}

function schemasOf(doc: unknown): Record<string, unknown> {
  if (typeof doc === 'object' && doc !== null && 'components' in doc) {
    const components = doc.components;
    if (typeof components === 'object' && components !== null && 'schemas' in components) {
      const schemas = components.schemas;
      if (typeof schemas === 'object' && schemas !== null) return schemas as Record<string, unknown>;
    }
  }
  throw new Error('emulator: the OpenAPI document has no components.schemas');
}

/** Ajv errors in Discord's Invalid Form Body vocabulary. */
export function toFieldErrors(errors: readonly ErrorObject[]): FieldError[] {
  const out = new Map<string, FieldError>();
  for (const error of errors) {
    // `if` just says "the then-branch failed"; the branch's own errors are listed separately.
    if (error.keyword === 'if') continue;
    const path: (string | number)[] = error.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'required') path.push(String(params.missingProperty));
    const { code, message } = describe(error.keyword, params, error.message);
    out.set(`${path.join('.')}|${code}`, { path, code, message });
  }
  return [...out.values()];
}

function describe(keyword: string, params: Record<string, unknown>, fallback = 'is invalid') {
  const limit = String(params.limit);
  switch (keyword) {
    case 'maxLength':
    case 'maxItems':
      return { code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${limit} or fewer in length.` };
    case 'minLength':
    case 'minItems':
      return { code: 'BASE_TYPE_MIN_LENGTH', message: `Must be ${limit} or more in length.` };
    case 'required':
      return { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' };
    case 'enum':
    case 'const': {
      const allowed = params.allowedValues ?? params.allowedValue;
      return { code: 'BASE_TYPE_CHOICES', message: `Value must be one of ${JSON.stringify(allowed)}.` };
    }
    case 'maximum':
      return { code: 'NUMBER_TYPE_MAX', message: `int value should be less than or equal to ${limit}.` };
    case 'minimum':
      return { code: 'NUMBER_TYPE_MIN', message: `int value should be greater than or equal to ${limit}.` };
    case 'type':
      return { code: 'BASE_TYPE_BAD_TYPE', message: `Must be of type ${String(params.type)}.` };
    default:
      return { code: 'BASE_TYPE_INVALID', message: `Invalid value (${keyword}: ${fallback}).` };
  }
}
