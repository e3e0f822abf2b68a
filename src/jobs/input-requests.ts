import { inputEndpoint } from '../domain/image-modes.js';
import type { ImageMode, Job, JobKind, JobParams } from '../domain/job.js';
import type { StabilityRequest } from '../images/backend.js';
import type { JobInputs } from '../pipeline/dispatcher.js';
import type { ImageRequestKind } from '../stability/input-limits.js';
import { variationModelFor } from '../stability/models.js';

/** The request kind a mode's image is checked against (its pixel limits, reference/stability-api.md §4). */
export function inputRequestKind(mode: ImageMode): ImageRequestKind {
  return inputEndpoint(mode) ?? 'image-to-image';
}

/**
 * Whether a job's call takes a `model`: the control and style-transfer endpoints and remove background do not, so
 * the `models` limit says nothing about them.
 */
export function runsOnModel(kind: JobKind, params: Pick<JobParams, 'input'>): boolean {
  if (kind === 'remove-background') return false;
  return params.input === undefined || params.input.mode === 'reference';
}

/** Whether a job of this kind with these params reads a member's own image (for the `image_input` limit). */
export function usesOwnImage(params: Pick<JobParams, 'input'>): boolean {
  return params.input !== undefined;
}

function required(image: Uint8Array | undefined, what: string): Uint8Array {
  if (!image) throw new Error(`${what} without its input image`);
  return image;
}

/**
 * The request of an image-steered job (`params.input`): only the fields the member set, and only those the
 * endpoint takes (no aspect ratio where the output follows the image, no style preset on style transfer).
 */
export function inputRequestFor(job: Job, seed: number | undefined, inputs: JobInputs): StabilityRequest {
  const p = job.params;
  const input = p.input;
  if (!input) throw new Error(`job ${job.id} has no image input`);
  const common = {
    ...(p.negativePrompt ? { negativePrompt: p.negativePrompt } : {}),
    ...(p.outputFormat ? { outputFormat: p.outputFormat } : {}),
    ...(seed ? { seed } : {}),
  };
  const styled = { ...common, ...(p.stylePreset ? { stylePreset: p.stylePreset } : {}) };
  const image = () => required(inputs.image, input.mode);
  switch (input.mode) {
    case 'reference':
      return {
        kind: 'image-to-image',
        model: variationModelFor(p.model),
        prompt: p.prompt,
        image: image(),
        strength: input.strength ?? DEFAULT_REFERENCE_STRENGTH,
        ...styled,
      };
    case 'sketch':
    case 'structure':
      return {
        kind: input.mode === 'sketch' ? 'control-sketch' : 'control-structure',
        prompt: p.prompt,
        image: image(),
        ...(input.controlStrength !== undefined ? { controlStrength: input.controlStrength } : {}),
        ...styled,
      };
    case 'style-guide':
      return {
        kind: 'control-style',
        prompt: p.prompt,
        image: image(),
        ...(input.fidelity !== undefined ? { fidelity: input.fidelity } : {}),
        ...(p.aspectRatio ? { aspectRatio: p.aspectRatio } : {}),
        ...styled,
      };
    case 'blend':
      return {
        kind: 'style-transfer',
        initImage: image(),
        styleImage: required(inputs.styleImage, 'blend style'),
        ...(p.prompt ? { prompt: p.prompt } : {}),
        ...(input.styleStrength !== undefined ? { styleStrength: input.styleStrength } : {}),
        ...common,
      };
  }
}

/**
 * Image-to-image strength when `/imagine image_mode:reference` gives none (Stability requires one): the picture
 * keeps its composition and colours while the prompt still changes it visibly.
 */
export const DEFAULT_REFERENCE_STRENGTH = 0.6;
