import { RequestRefusedError } from './errors.js';
import { isModelId, MODELS } from './models.js';
import type { StabilityRequest } from './request.js';
import { type FieldRule, REQUEST_FIELDS, wireName } from './request-fields.js';

function ruleProblem(name: string, value: unknown, rule: FieldRule): string | undefined {
  if (rule.type === 'text') {
    if (typeof value !== 'string') return `${name}: must be text`;
    if (value.length < rule.minLength) return `${name}: cannot be empty`;
    if (value.length > rule.maxLength) return `${name}: must be at most ${rule.maxLength} characters`;
    return undefined;
  }
  if (rule.type === 'enum') {
    return rule.values.includes(String(value)) ? undefined : `${name}: must be one of ${rule.values.join(', ')}`;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || (rule.integer && !Number.isInteger(value))) {
    return `${name}: must be ${rule.integer ? 'a whole number' : 'a number'} from ${rule.minimum} to ${rule.maximum}`;
  }
  if (value < rule.minimum || value > rule.maximum) return `${name}: must be from ${rule.minimum} to ${rule.maximum}`;
  return undefined;
}

/**
 * What Stability's validator would refuse in this request, checked without the network (its fields, not its image
 * sizes: see `checkInput`). Unknown properties are refused too, so a cast cannot smuggle `aspect_ratio` next to an image.
 */
export function requestProblems(request: StabilityRequest): string[] {
  const fields = REQUEST_FIELDS[request.kind];
  if (fields === undefined) return [`kind: unknown request kind '${String(request.kind)}'`];
  const problems: string[] = [];
  const entries = Object.entries(request).filter(([, value]) => value !== undefined);
  for (const [key, value] of entries) {
    if (key === 'kind') continue;
    if (key === 'model' && (request.kind === 'generate' || request.kind === 'image-to-image')) continue;
    const rule = fields.rules[key];
    const imageField = fields.images[key];
    if (imageField !== undefined) {
      if (!(value instanceof Uint8Array) || value.length === 0) problems.push(`${imageField}: must be image bytes`);
    } else if (rule === undefined) {
      problems.push(`${wireName(key)}: not accepted by ${request.kind}`);
    } else {
      const problem = ruleProblem(wireName(key), value, rule);
      if (problem !== undefined) problems.push(problem);
    }
  }
  const present = new Set(entries.map(([key]) => key));
  for (const key of [...fields.required, ...Object.keys(fields.images)]) {
    if (!present.has(key)) problems.push(`${fields.images[key] ?? wireName(key)}: required`);
  }
  if (request.kind === 'generate' || request.kind === 'image-to-image') {
    const model: string = request.model;
    if (!isModelId(model)) problems.push(`model: unknown model '${model}'`);
    else if (request.kind === 'image-to-image' && !MODELS[model].imageToImage) {
      problems.push(`model: ${MODELS[model].label} has no image-to-image mode`);
    }
  }
  if (request.kind === 'outpaint') {
    const grown = [request.left, request.right, request.up, request.down].some((side) => (side ?? 0) > 0);
    if (!grown) problems.push('left, right, up, down: at least one must be more than 0');
  }
  return problems;
}

/** Throws `RequestRefusedError` (never sent, never charged) when the request breaks a rule. */
export function assertValidRequest(request: StabilityRequest): void {
  const problems = requestProblems(request);
  if (problems.length > 0) throw new RequestRefusedError(problems);
}
