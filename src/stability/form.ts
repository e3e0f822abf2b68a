import { FormData } from 'undici';
import type { GenerateRequest, UpscaleRequest, VaryRequest } from '../images/backend.js';
import { BadRequestError } from './errors.js';
import { ENDPOINTS, MAX_SEED, MODELS, type ModelInfo, UPSCALE_FAST_CREDITS } from './models.js';

/** A request ready to send: where it goes, its multipart body, and what a success costs. */
export interface PreparedForm {
  path: string;
  form: FormData;
  credits: number;
}

interface ImageType {
  mime: string;
  extension: string;
}

/** Recognises the three input formats Stability accepts from their magic bytes. */
export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  const startsWith = (signature: readonly number[], offset = 0) =>
    signature.every((byte, index) => bytes[offset + index] === byte);
  if (startsWith([0x89, 0x50, 0x4e, 0x47])) return { mime: 'image/png', extension: 'png' };
  if (startsWith([0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', extension: 'jpg' };
  if (startsWith([0x52, 0x49, 0x46, 0x46]) && startsWith([0x57, 0x45, 0x42, 0x50], 8)) {
    return { mime: 'image/webp', extension: 'webp' };
  }
  return undefined;
}

function appendImage(form: FormData, bytes: Uint8Array): void {
  const type = sniffImageType(bytes);
  if (type === undefined) throw new BadRequestError({ message: 'image: must be a png, jpeg or webp file' });
  form.append('image', new Blob([bytes], { type: type.mime }), `image.${type.extension}`);
}

function checkSeed(seed: number | undefined): void {
  if (seed === undefined) return;
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new BadRequestError({ message: `seed: must be an integer from 0 to ${MAX_SEED}` });
  }
}

function endpointPath(model: ModelInfo): string {
  return ENDPOINTS[model.endpoint].path;
}

/** Text-to-image on ultra, core or sd3. Only fields the caller set are sent, so the server's defaults apply. */
export function generateForm(request: GenerateRequest): PreparedForm {
  checkSeed(request.seed);
  const model = MODELS[request.model];
  const form = new FormData();
  form.append('prompt', request.prompt);
  if (model.sd3Model !== undefined) form.append('model', model.sd3Model);
  if (request.negativePrompt !== undefined) form.append('negative_prompt', request.negativePrompt);
  if (request.aspectRatio !== undefined) form.append('aspect_ratio', request.aspectRatio);
  if (request.seed !== undefined) form.append('seed', String(request.seed));
  if (request.stylePreset !== undefined) form.append('style_preset', request.stylePreset);
  if (request.outputFormat !== undefined) form.append('output_format', request.outputFormat);
  return { path: endpointPath(model), form, credits: model.credits };
}

/**
 * Image-to-image on ultra or sd3. Never carries `aspect_ratio`: the live server rejects it next to an image.
 * Throws `BadRequestError` before any network call for a model without image-to-image (Core).
 */
export function imageToImageForm(request: VaryRequest): PreparedForm {
  const model = MODELS[request.model];
  if (!model.imageToImage) {
    throw new BadRequestError({ message: `model: ${request.model} has no image-to-image mode` });
  }
  if (!Number.isFinite(request.strength) || request.strength < 0 || request.strength > 1) {
    throw new BadRequestError({ message: 'strength: must be between 0 and 1' });
  }
  checkSeed(request.seed);
  const form = new FormData();
  form.append('prompt', request.prompt);
  if (model.sd3Model !== undefined) {
    form.append('model', model.sd3Model);
    form.append('mode', 'image-to-image');
  }
  appendImage(form, request.image);
  form.append('strength', String(request.strength));
  if (request.negativePrompt !== undefined) form.append('negative_prompt', request.negativePrompt);
  if (request.seed !== undefined) form.append('seed', String(request.seed));
  if (request.stylePreset !== undefined) form.append('style_preset', request.stylePreset);
  if (request.outputFormat !== undefined) form.append('output_format', request.outputFormat);
  return { path: endpointPath(model), form, credits: model.credits };
}

/** Fast upscale; `request.image` must already fit the endpoint's limits (see `fitUpscaleInput`). */
export function upscaleFastForm(request: UpscaleRequest): PreparedForm {
  const form = new FormData();
  appendImage(form, request.image);
  if (request.outputFormat !== undefined) form.append('output_format', request.outputFormat);
  return { path: ENDPOINTS['upscale-fast'].path, form, credits: UPSCALE_FAST_CREDITS };
}
