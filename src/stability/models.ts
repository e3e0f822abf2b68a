/** The Stability v2beta endpoints this bot calls, with their price in credits per successful call. */
export const ENDPOINTS = {
  ultra: { path: '/v2beta/stable-image/generate/ultra', credits: 8 },
  core: { path: '/v2beta/stable-image/generate/core', credits: 3 },
  sd3: { path: '/v2beta/stable-image/generate/sd3', credits: 6.5 },
  'upscale-fast': { path: '/v2beta/stable-image/upscale/fast', credits: 2 },
  'upscale-conservative': { path: '/v2beta/stable-image/upscale/conservative', credits: 40 },
  outpaint: { path: '/v2beta/stable-image/edit/outpaint', credits: 4 },
} as const;

export type EndpointName = keyof typeof ENDPOINTS;

export const ASPECT_RATIOS = ['21:9', '16:9', '3:2', '5:4', '1:1', '4:5', '2:3', '9:16', '9:21'] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];

export const STYLE_PRESETS = [
  'enhance',
  'anime',
  'photographic',
  'digital-art',
  'comic-book',
  'fantasy-art',
  'line-art',
  'analog-film',
  'neon-punk',
  'isometric',
  'low-poly',
  'origami',
  'modeling-compound',
  'cinematic',
  '3d-model',
  'pixel-art',
  'tile-texture',
] as const;
export type StylePreset = (typeof STYLE_PRESETS)[number];

export const OUTPUT_FORMATS = ['png', 'jpeg', 'webp'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Largest seed v2beta accepts (2^32 - 2); 0 asks the server for a random one. */
export const MAX_SEED = 4_294_967_294;

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

export const MODELS: Readonly<Record<ModelId, ModelInfo>> = {
  ultra: { id: 'ultra', label: 'Stable Image Ultra', endpoint: 'ultra', credits: 8, imageToImage: true, megapixels: 1 },
  core: { id: 'core', label: 'Stable Image Core', endpoint: 'core', credits: 3, imageToImage: false, megapixels: 1.5 },
  'sd3.5-large': {
    id: 'sd3.5-large',
    label: 'SD 3.5 Large',
    endpoint: 'sd3',
    sd3Model: 'sd3.5-large',
    credits: 6.5,
    imageToImage: true,
    megapixels: 1,
  },
  'sd3.5-large-turbo': {
    id: 'sd3.5-large-turbo',
    label: 'SD 3.5 Large Turbo',
    endpoint: 'sd3',
    sd3Model: 'sd3.5-large-turbo',
    credits: 4,
    imageToImage: true,
    megapixels: 1,
  },
  'sd3.5-medium': {
    id: 'sd3.5-medium',
    label: 'SD 3.5 Medium',
    endpoint: 'sd3',
    sd3Model: 'sd3.5-medium',
    credits: 3.5,
    imageToImage: true,
    megapixels: 1,
  },
  'sd3.5-flash': {
    id: 'sd3.5-flash',
    label: 'SD 3.5 Flash',
    endpoint: 'sd3',
    sd3Model: 'sd3.5-flash',
    credits: 2.5,
    imageToImage: true,
    megapixels: 1,
  },
};

/** Model used for variations when the job's own model has no image-to-image mode (Core). */
export const FALLBACK_VARIATION_MODEL: ModelId = 'sd3.5-large';

/** Fast upscale accepts at most this many input pixels (and sides of at most 1536 px). */
export const UPSCALE_FAST_MAX_PIXELS = 1_048_576;
export const UPSCALE_FAST_MAX_SIDE = 1536;
export const UPSCALE_FAST_CREDITS = ENDPOINTS['upscale-fast'].credits;

export function isModelId(value: string): value is ModelId {
  return (MODEL_IDS as readonly string[]).includes(value);
}

export function variationModelFor(model: ModelId): ModelId {
  return MODELS[model].imageToImage ? model : FALLBACK_VARIATION_MODEL;
}
