import { type CallOptions, type ImageBackend, type ImageResult, isPending } from '../images/backend.js';
import { MAX_SEED, variationModelFor } from '../stability/models.js';
import type { Job } from '../store/job-types.js';

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
  const run = async (request: Parameters<ImageBackend['run']>[0]): Promise<ImageResult> => {
    const result = await backend.run(request, options);
    // Only creative upscale is asynchronous, and no job kind uses it yet.
    if (isPending(result)) throw new Error(`${request.kind} answered asynchronously`);
    return result;
  };
  if (job.kind === 'upscale') {
    if (!source) throw new Error('upscale without a source image');
    return run({ kind: 'upscale-fast', image: source, ...(p.outputFormat ? { outputFormat: p.outputFormat } : {}) });
  }
  if (job.kind === 'vary-subtle' || job.kind === 'vary-strong') {
    if (!source) throw new Error('variation without a source image');
    const model = variationModelFor(common.model);
    const strength = p.strength ?? 0.5;
    return run({ kind: 'image-to-image', ...common, model, image: source, strength, ...(seed ? { seed } : {}) });
  }
  return run({
    kind: 'generate',
    ...common,
    ...(p.aspectRatio ? { aspectRatio: p.aspectRatio } : {}),
    ...(seed ? { seed } : {}),
  });
}
