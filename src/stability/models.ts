import type { StabilityRequest } from './request.js';

export {
  ASPECT_RATIOS,
  type AspectRatio,
  MAX_SEED,
  OUTPUT_FORMATS,
  type OutputFormat,
  STYLE_PRESETS,
  type StylePreset,
} from './enums.js';

interface EndpointInfo {
  path: string;
  /** Credits per successful call (a CONTENT_FILTERED answer included); sd3's is its default model's. */
  credits: number;
  /** True when the POST answers `{id}` and the image comes from `GET /v2beta/results/{id}`. */
  async: boolean;
}

/**
 * Every Stability endpoint the bot calls, with its price: the one table prices, budgets, the fake server and the
 * local backend read (reference/stability-api.md §0).
 */
export const ENDPOINTS = {
  ultra: { path: '/v2beta/stable-image/generate/ultra', credits: 8, async: false },
  core: { path: '/v2beta/stable-image/generate/core', credits: 3, async: false },
  sd3: { path: '/v2beta/stable-image/generate/sd3', credits: 6.5, async: false },
  'upscale-fast': { path: '/v2beta/stable-image/upscale/fast', credits: 2, async: false },
  'upscale-conservative': { path: '/v2beta/stable-image/upscale/conservative', credits: 40, async: false },
  'upscale-creative': { path: '/v2beta/stable-image/upscale/creative', credits: 60, async: true },
  outpaint: { path: '/v2beta/stable-image/edit/outpaint', credits: 4, async: false },
  'search-and-replace': { path: '/v2beta/stable-image/edit/search-and-replace', credits: 5, async: false },
  'search-and-recolor': { path: '/v2beta/stable-image/edit/search-and-recolor', credits: 5, async: false },
  'remove-background': { path: '/v2beta/stable-image/edit/remove-background', credits: 5, async: false },
  'control-sketch': { path: '/v2beta/stable-image/control/sketch', credits: 5, async: false },
  'control-structure': { path: '/v2beta/stable-image/control/structure', credits: 5, async: false },
  'control-style': { path: '/v2beta/stable-image/control/style', credits: 5, async: false },
  'style-transfer': { path: '/v2beta/stable-image/control/style-transfer', credits: 8, async: false },
} as const satisfies Record<string, EndpointInfo>;

export type EndpointName = keyof typeof ENDPOINTS;

/** Where async results are fetched; `{id}` is a 64-character generation id. */
export const RESULTS_PATH = '/v2beta/results';
export const BALANCE_PATH = '/v1/user/balance';

export interface ModelInfo {
  /** The id users pick (`/imagine model:`, `--model`). */
  id: ModelId;
  label: string;
  endpoint: 'ultra' | 'core' | 'sd3';
  /** Sent as the `model` field; only the sd3 endpoint takes one. */
  sd3Model?: 'sd3.5-large' | 'sd3.5-large-turbo' | 'sd3.5-medium' | 'sd3.5-flash';
  credits: number;
  /** Whether the endpoint accepts `image` + `strength` (variations). */
  imageToImage: boolean;
  /** Output megapixels, used by the local backend to size its pictures like the real service. */
  megapixels: number;
}

export const MODEL_IDS = ['ultra', 'core', 'sd3.5-large', 'sd3.5-large-turbo', 'sd3.5-medium', 'sd3.5-flash'] as const;
export type ModelId = (typeof MODEL_IDS)[number];
/** Models with an image-to-image mode: every one but Core. */
export type ImageToImageModelId = Exclude<ModelId, 'core'>;

function sd3(id: ImageToImageModelId & `sd3.5-${string}`, label: string, credits: number): ModelInfo {
  return { id, label, endpoint: 'sd3', sd3Model: id, credits, imageToImage: true, megapixels: 1 };
}

export const MODELS: Readonly<Record<ModelId, ModelInfo>> = {
  ultra: { id: 'ultra', label: 'Stable Image Ultra', endpoint: 'ultra', credits: 8, imageToImage: true, megapixels: 1 },
  core: { id: 'core', label: 'Stable Image Core', endpoint: 'core', credits: 3, imageToImage: false, megapixels: 1.5 },
  'sd3.5-large': sd3('sd3.5-large', 'SD 3.5 Large', 6.5),
  'sd3.5-large-turbo': sd3('sd3.5-large-turbo', 'SD 3.5 Large Turbo', 4),
  'sd3.5-medium': sd3('sd3.5-medium', 'SD 3.5 Medium', 3.5),
  'sd3.5-flash': sd3('sd3.5-flash', 'SD 3.5 Flash', 2.5),
};

/** Model used for variations when the job's own model has no image-to-image mode (Core). */
export const FALLBACK_VARIATION_MODEL: ImageToImageModelId = 'sd3.5-large';

/** Fast upscale accepts at most this many input pixels (and sides of at most 1536 px). */
export const UPSCALE_FAST_MAX_PIXELS = 1_048_576;
export const UPSCALE_FAST_MAX_SIDE = 1536;
export const UPSCALE_FAST_CREDITS = ENDPOINTS['upscale-fast'].credits;

export function isModelId(value: string): value is ModelId {
  return (MODEL_IDS as readonly string[]).includes(value);
}

export function variationModelFor(model: ModelId): ImageToImageModelId {
  return model === 'core' ? FALLBACK_VARIATION_MODEL : model;
}

/** The endpoint a request is sent to. */
export function endpointOf(request: StabilityRequest): EndpointName {
  if (request.kind === 'generate' || request.kind === 'image-to-image') return MODELS[request.model].endpoint;
  return request.kind;
}

/** Credits a successful (or CONTENT_FILTERED) answer to `request` costs; failed calls cost nothing. */
export function priceOf(request: StabilityRequest): number {
  if (request.kind === 'generate' || request.kind === 'image-to-image') return MODELS[request.model].credits;
  return ENDPOINTS[request.kind].credits;
}
