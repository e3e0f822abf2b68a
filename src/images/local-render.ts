import type { OutputFormat } from '../stability/enums.js';
import type { PreparedImage } from '../stability/inputs.js';
import { MODELS } from '../stability/models.js';
import type { StabilityRequest } from '../stability/request.js';
import type { ImageSize } from './dimensions.js';
import { backgroundRemoved, outpainted, recoloured, replaced } from './local-edits.js';
import { blend, decodeImage, greyscale, labelledImage, renderScene, resampledImage } from './local-raster.js';

/** Everything one local answer is drawn from: nothing else (no clock, no randomness) goes into the pixels. */
export interface RenderJob {
  request: StabilityRequest;
  /** The input images after the same fitting the Stability client does. */
  inputs: readonly PreparedImage[];
  size: ImageSize;
  seed: number;
  filtered: boolean;
  format: OutputFormat;
}

const LABELS: Readonly<Record<StabilityRequest['kind'], string>> = {
  generate: 'generate',
  'image-to-image': 'variation',
  'upscale-fast': '4× fast upscale',
  'upscale-conservative': 'conservative upscale',
  'upscale-creative': 'creative upscale',
  outpaint: 'outpaint',
  'search-and-replace': 'search and replace',
  'search-and-recolor': 'search and recolor',
  'remove-background': 'background removed',
  'control-sketch': 'sketch control',
  'control-structure': 'structure control',
  'control-style': 'style guide',
  'style-transfer': 'style transfer',
};

function caption(details: readonly (string | number | undefined)[], filtered: boolean): string {
  return [...details, filtered ? 'CONTENT_FILTERED (blurred)' : undefined]
    .filter((part) => part !== undefined && part !== '')
    .join(' · ');
}

function input(job: RenderJob, field = 'image'): PreparedImage {
  const found = job.inputs.find((image) => image.field === field);
  if (found === undefined) throw new RangeError(`${job.request.kind}: no prepared ${field}`);
  return found;
}

/** A labelled landscape for `prompt`, optionally mixed with a picture derived from the input. */
async function generative(job: RenderJob, prompt: string, mix?: { with: Uint8Array; amount: number; grey?: boolean }) {
  const { request, size, seed, filtered, format } = job;
  const stylePreset = 'stylePreset' in request ? request.stylePreset : undefined;
  let image = await renderScene({ prompt, seed, ...size, ...(stylePreset ? { stylePreset } : {}) });
  if (mix !== undefined) {
    const decoded = await decodeImage(mix.with, size);
    image = blend(image, mix.grey ? greyscale(decoded) : decoded, mix.amount);
  }
  const model = 'model' in request ? MODELS[request.model].label : undefined;
  const aspect = 'aspectRatio' in request ? request.aspectRatio : undefined;
  const details = caption([LABELS[request.kind], `seed ${seed}`, model, aspect, stylePreset], filtered);
  return labelledImage(image, { prompt: prompt || LABELS[request.kind], details }, filtered, format);
}

/** Draws the local answer to one request: the picture reads as that kind of edit, at the service's output size. */
export async function renderLocal(job: RenderJob): Promise<Buffer> {
  const { request } = job;
  const edit = () => ({
    input: input(job),
    size: job.size,
    seed: job.seed,
    filtered: job.filtered,
    format: job.format,
  });
  switch (request.kind) {
    case 'generate':
      return generative(job, request.prompt);
    case 'image-to-image':
      // strength 0 keeps the input, 1 ignores it.
      return generative(job, request.prompt, { with: input(job).bytes, amount: 1 - request.strength });
    case 'upscale-fast':
    case 'upscale-conservative':
    case 'upscale-creative':
      return resampledImage(input(job).bytes, job.size, LABELS[request.kind], job.filtered, job.format);
    case 'outpaint':
      return outpainted(request, edit());
    case 'search-and-replace':
      return replaced(request, edit());
    case 'search-and-recolor':
      return recoloured(request, edit());
    case 'remove-background':
      return backgroundRemoved(request, edit());
    case 'control-sketch':
    case 'control-structure':
      // The input's shapes show through in proportion to control_strength (default 0.7).
      return generative(job, request.prompt, {
        with: input(job).bytes,
        amount: 0.6 * (request.controlStrength ?? 0.7),
        grey: true,
      });
    case 'control-style':
      return generative(job, request.prompt, { with: input(job).bytes, amount: 0.5 * (request.fidelity ?? 0.5) });
    case 'style-transfer': {
      const init = await decodeImage(input(job, 'init_image').bytes, job.size);
      const style = await decodeImage(input(job, 'style_image').bytes, job.size);
      const mixed = blend(init, style, 0.5 * (request.styleStrength ?? 1));
      const details = caption([LABELS[request.kind], `seed ${job.seed}`], job.filtered);
      return labelledImage(mixed, { prompt: request.prompt || 'style transfer', details }, job.filtered, job.format);
    }
  }
}
