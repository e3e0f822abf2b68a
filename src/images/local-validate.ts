import { ASPECT_RATIOS, isModelId, MAX_SEED, MODELS, OUTPUT_FORMATS, STYLE_PRESETS } from '../stability/models.js';
import type { GenerateRequest, VaryRequest } from './backend.js';
import { badRequest } from './fault-errors.js';

const MAX_PROMPT_CHARS = 10_000;

// The same checks Stability's validator makes, so the local backend refuses what the real one would (400).
export function validateGenerate(request: GenerateRequest | VaryRequest, requestId: string): void {
  const problem = (message: string) => badRequest(message, requestId);
  if (!isModelId(request.model)) throw problem(`model: unknown model '${String(request.model)}'`);
  if (request.prompt.length < 1) throw problem('prompt: cannot be empty');
  if (request.prompt.length > MAX_PROMPT_CHARS) throw problem(`prompt: must be at most ${MAX_PROMPT_CHARS} characters`);
  if ((request.negativePrompt?.length ?? 0) > MAX_PROMPT_CHARS) {
    throw problem(`negative_prompt: must be at most ${MAX_PROMPT_CHARS} characters`);
  }
  const { seed } = request;
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED)) {
    throw problem(`seed: must be an integer between 0 and ${MAX_SEED}`);
  }
  if (request.stylePreset !== undefined && !(STYLE_PRESETS as readonly string[]).includes(request.stylePreset)) {
    throw problem(`style_preset: must be one of ${STYLE_PRESETS.join(', ')}`);
  }
  if (request.outputFormat !== undefined && !(OUTPUT_FORMATS as readonly string[]).includes(request.outputFormat)) {
    throw problem(`output_format: must be one of ${OUTPUT_FORMATS.join(', ')}`);
  }
  if ('aspectRatio' in request && request.aspectRatio !== undefined) {
    if (!(ASPECT_RATIOS as readonly string[]).includes(request.aspectRatio)) {
      throw problem(`aspect_ratio: must be one of ${ASPECT_RATIOS.join(', ')}`);
    }
  }
}

export function validateVary(request: VaryRequest, requestId: string): void {
  validateGenerate(request, requestId);
  const problem = (message: string) => badRequest(message, requestId);
  if (!MODELS[request.model].imageToImage) {
    throw problem(`image: ${MODELS[request.model].label} does not accept an input image (no image-to-image mode)`);
  }
  if (!(request.strength >= 0 && request.strength <= 1)) throw problem('strength: must be between 0 and 1');
}
