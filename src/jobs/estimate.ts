import { inputEndpoint } from '../domain/image-modes.js';
import type { ImageInput, JobKind, JobParams } from '../domain/job.js';
import { isToolKind, TOOL_ENDPOINTS } from '../domain/tools.js';
import { ENDPOINTS, MODELS, UPSCALE_FAST_CREDITS, variationModelFor } from '../stability/models.js';

/** What a job will cost if every image succeeds: what admission reserves against budgets. */
export function estimateCredits(kind: JobKind, params: Pick<JobParams, 'model' | 'count' | 'input'>): number {
  return perImageCredits(kind, params.model, params.input) * params.count;
}

/** One image's price: counted when a failure leaves the charge unknown. */
export function perImageCredits(kind: JobKind, model: JobParams['model'], input?: ImageInput): number {
  if (kind === 'upscale') return UPSCALE_FAST_CREDITS;
  if (isToolKind(kind)) return ENDPOINTS[TOOL_ENDPOINTS[kind]].credits;
  if (kind === 'vary-subtle' || kind === 'vary-strong') return MODELS[variationModelFor(model)].credits;
  // An image-steered job is priced by the endpoint it calls (a reference one by the image-to-image model it runs on).
  if (input) {
    const endpoint = inputEndpoint(input.mode);
    return endpoint === undefined ? MODELS[variationModelFor(model)].credits : ENDPOINTS[endpoint].credits;
  }
  return MODELS[model].credits;
}
