import type { EndpointName, ImageToImageModelId, ModelId } from '../../src/stability/models.js';
import type { ImageField, StabilityRequest } from '../../src/stability/request.js';
import { REQUEST_FIELDS, wireName } from '../../src/stability/request-fields.js';
import type { ValidationOutcome } from './stability-request-validator.js';

function modelOf(endpoint: 'ultra' | 'core' | 'sd3', fields: Record<string, string>): ModelId {
  if (endpoint !== 'sd3') return endpoint;
  return (fields.model ?? 'sd3.5-large') as ModelId;
}

/**
 * Reads a validated multipart body back into the client's request type, so the fake answers through the same engine
 * (sizes, pictures, async store) as the local backend. Fields outside the client's table (sd3's `cfg_scale`) are
 * valid for the server but make no difference to the fake's answer, so they are dropped.
 */
export function requestFromForm(endpoint: EndpointName, outcome: ValidationOutcome): StabilityRequest {
  const { fields, files } = outcome;
  let kind: StabilityRequest['kind'];
  if (endpoint === 'ultra' || endpoint === 'core' || endpoint === 'sd3') {
    kind = files.image !== undefined ? 'image-to-image' : 'generate';
  } else {
    kind = endpoint;
  }
  const spec = REQUEST_FIELDS[kind];
  const request: Record<string, unknown> = { kind };
  if (endpoint === 'ultra' || endpoint === 'core' || endpoint === 'sd3') {
    request.model = modelOf(endpoint, fields) as ImageToImageModelId;
  }
  for (const [property, rule] of Object.entries(spec.rules)) {
    const value = fields[wireName(property)];
    if (value !== undefined) request[property] = rule.type === 'number' ? Number(value) : value;
  }
  for (const [property, field] of Object.entries(spec.images) as [string, ImageField][]) {
    const file = files[field];
    if (file !== undefined) request[property] = file.bytes;
  }
  return request as unknown as StabilityRequest;
}
