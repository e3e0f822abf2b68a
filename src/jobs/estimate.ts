import type { JobKind, JobParams } from '../domain/job.js';
import { isToolKind, TOOL_ENDPOINTS } from '../domain/tools.js';
import { ENDPOINTS, MODELS, UPSCALE_FAST_CREDITS, variationModelFor } from '../stability/models.js';

/** What a job will cost if every image succeeds: what admission reserves against budgets. */
export function estimateCredits(kind: JobKind, params: Pick<JobParams, 'model' | 'count'>): number {
  return perImageCredits(kind, params.model) * params.count;
}

/** One image's price: counted when a failure leaves the charge unknown. */
export function perImageCredits(kind: JobKind, model: JobParams['model']): number {
  if (kind === 'upscale') return UPSCALE_FAST_CREDITS;
  if (isToolKind(kind)) return ENDPOINTS[TOOL_ENDPOINTS[kind]].credits;
  if (kind === 'vary-subtle' || kind === 'vary-strong') return MODELS[variationModelFor(model)].credits;
  return MODELS[model].credits;
}
