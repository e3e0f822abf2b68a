import { inputEndpoint } from '../domain/image-modes.js';
import type { Job } from '../domain/job.js';
import { isToolKind, TOOL_ENDPOINTS } from '../domain/tools.js';
import type { StabilityRequest } from '../images/backend.js';
import type { JobInputs } from '../pipeline/dispatcher.js';
import { MAX_SEED, variationModelFor } from '../stability/models.js';
import { inputRequestFor } from './input-requests.js';
import { toolRequest } from './tool-requests.js';

/** Image i of a job with a fixed seed uses seed + i, so a 4-image job is reproducible image by image. */
export function seedFor(job: Job, index: number): number | undefined {
  if (job.params.seed === undefined || job.params.seed === 0) return undefined;
  return ((job.params.seed - 1 + index) % MAX_SEED) + 1;
}

/** The one request that makes image `index` of `job`. Only what the member set is sent; Stability's defaults apply. */
export function requestFor(job: Job, index: number, inputs: JobInputs): StabilityRequest {
  const p = job.params;
  const styled = {
    ...(p.negativePrompt ? { negativePrompt: p.negativePrompt } : {}),
    ...(p.stylePreset ? { stylePreset: p.stylePreset } : {}),
    ...(p.outputFormat ? { outputFormat: p.outputFormat } : {}),
  };
  const seed = seedFor(job, index);
  if (isToolKind(job.kind)) {
    if (!inputs.image) throw new Error(`${job.kind} without a source image`);
    return toolRequest(job.kind, p, inputs.image);
  }
  switch (job.kind) {
    case 'upscale':
      if (!inputs.image) throw new Error('upscale without a source image');
      return { kind: 'upscale-fast', image: inputs.image, ...(p.outputFormat ? { outputFormat: p.outputFormat } : {}) };
    case 'vary-subtle':
    case 'vary-strong':
      if (!inputs.image) throw new Error('variation without a source image');
      return {
        kind: 'image-to-image',
        prompt: p.prompt,
        model: variationModelFor(p.model),
        image: inputs.image,
        strength: p.strength ?? 0.5,
        ...styled,
        ...(seed ? { seed } : {}),
      };
    default:
      // `/imagine image:`, `/blend`, Use as image prompt, and their rerolls and remixes.
      if (p.input) return inputRequestFor(job, seed, inputs);
      return {
        kind: 'generate',
        prompt: p.prompt,
        model: p.model,
        ...styled,
        ...(p.aspectRatio ? { aspectRatio: p.aspectRatio } : {}),
        ...(seed ? { seed } : {}),
      };
  }
}

/** The name latency is tracked under for a job's calls (the model for generations, the endpoint otherwise). */
export function endpointKey(job: Pick<Job, 'kind' | 'params'>): string {
  if (isToolKind(job.kind)) return TOOL_ENDPOINTS[job.kind];
  switch (job.kind) {
    case 'upscale':
      return 'upscale-fast';
    case 'vary-subtle':
    case 'vary-strong':
      return 'image-to-image';
    default:
      if (job.params.input) return inputEndpoint(job.params.input.mode) ?? 'image-to-image';
      return job.params.model;
  }
}
