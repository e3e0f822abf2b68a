import type { CallOptions, ImageBackend, ImageResult } from '../images/backend.js';
import { MAX_SEED } from '../stability/models.js';
import type { Job } from '../domain/job.js';

/** Image i of a job with a fixed seed uses seed + i, so a 4-image job is reproducible image by image. */
export function seedFor(job: Job, index: number): number | undefined {
  if (job.params.seed === undefined || job.params.seed === 0) return undefined;
  return ((job.params.seed - 1 + index) % MAX_SEED) + 1;
}

/** The one backend call that makes image `index` of `job`; `source` is the input image of a variation or upscale. */
export function callFor(
  backend: ImageBackend,
  job: Job,
  index: number,
  source: Uint8Array | undefined,
  options: CallOptions,
): Promise<ImageResult> {
  const p = job.params;
  const common = {
    prompt: p.prompt,
    model: p.model,
    ...(p.negativePrompt ? { negativePrompt: p.negativePrompt } : {}),
    ...(p.stylePreset ? { stylePreset: p.stylePreset } : {}),
    ...(p.outputFormat ? { outputFormat: p.outputFormat } : {}),
  };
  const seed = seedFor(job, index);
  if (job.kind === 'upscale') {
    if (!source) throw new Error('upscale without a source image');
    return backend.upscale({ image: source, ...(p.outputFormat ? { outputFormat: p.outputFormat } : {}) }, options);
  }
  if (job.kind === 'vary-subtle' || job.kind === 'vary-strong') {
    if (!source) throw new Error('variation without a source image');
    return backend.vary({ ...common, image: source, strength: p.strength ?? 0.5, ...(seed ? { seed } : {}) }, options);
  }
  return backend.generate(
    { ...common, ...(p.aspectRatio ? { aspectRatio: p.aspectRatio } : {}), ...(seed ? { seed } : {}) },
    options,
  );
}
