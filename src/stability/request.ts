import type { AlphaOutputFormat, AspectRatio, OutputFormat, StylePreset } from './enums.js';
import type { ImageToImageModelId, ModelId } from './models.js';

/** Fields most endpoints share; each is sent only when set, so Stability's own defaults apply otherwise. */
interface Styled {
  negativePrompt?: string;
  /** 0 or absent lets the service choose. */
  seed?: number;
  stylePreset?: StylePreset;
  outputFormat?: OutputFormat;
}

export interface GenerateRequest extends Styled {
  kind: 'generate';
  model: ModelId;
  prompt: string;
  aspectRatio?: AspectRatio;
}

/** A variation: ultra or an sd3.5 model (Core has no image-to-image mode). Never carries an aspect ratio. */
export interface ImageToImageRequest extends Styled {
  kind: 'image-to-image';
  model: ImageToImageModelId;
  prompt: string;
  image: Uint8Array;
  /** 0 keeps the input, 1 ignores it. */
  strength: number;
}

export interface UpscaleFastRequest {
  kind: 'upscale-fast';
  image: Uint8Array;
  outputFormat?: OutputFormat;
}

export interface UpscaleConservativeRequest extends Omit<Styled, 'stylePreset'> {
  kind: 'upscale-conservative';
  image: Uint8Array;
  prompt: string;
  /** 0.2–0.5 (default 0.35). */
  creativity?: number;
}

/** Asynchronous: `run` answers a `PendingResult`, and `poll` fetches the image. */
export interface UpscaleCreativeRequest extends Styled {
  kind: 'upscale-creative';
  image: Uint8Array;
  prompt: string;
  /** 0.1–0.5 (default 0.3). */
  creativity?: number;
}

/** Grows the canvas by these many pixels per side (each 0–2000, at least one non-zero) and paints the margins. */
export interface OutpaintRequest extends Omit<Styled, 'negativePrompt'> {
  kind: 'outpaint';
  image: Uint8Array;
  left?: number;
  right?: number;
  up?: number;
  down?: number;
  prompt?: string;
  /** 0–1 (default 0.5). */
  creativity?: number;
}

export interface SearchAndReplaceRequest extends Styled {
  kind: 'search-and-replace';
  image: Uint8Array;
  prompt: string;
  /** What to find and replace by `prompt`. */
  searchPrompt: string;
  /** 0–20 px (default 3). */
  growMask?: number;
}

export interface SearchAndRecolorRequest extends Styled {
  kind: 'search-and-recolor';
  image: Uint8Array;
  prompt: string;
  /** What to find and recolour as `prompt` says. */
  selectPrompt: string;
  /** 0–20 px (default 3). */
  growMask?: number;
}

export interface RemoveBackgroundRequest {
  kind: 'remove-background';
  image: Uint8Array;
  outputFormat?: AlphaOutputFormat;
}

export interface ControlRequest extends Styled {
  kind: 'control-sketch' | 'control-structure';
  image: Uint8Array;
  prompt: string;
  /** 0–1 (default 0.7). */
  controlStrength?: number;
}

export interface ControlStyleRequest extends Styled {
  kind: 'control-style';
  image: Uint8Array;
  prompt: string;
  /** 0–1 (default 0.5). */
  fidelity?: number;
  aspectRatio?: AspectRatio;
}

export interface StyleTransferRequest extends Omit<Styled, 'stylePreset'> {
  kind: 'style-transfer';
  initImage: Uint8Array;
  styleImage: Uint8Array;
  prompt?: string;
  /** 0–1 (default 1). */
  styleStrength?: number;
  /** 0–1 (default 0.9). */
  compositionFidelity?: number;
  /** 0.1–1 (default 0.9). */
  changeStrength?: number;
}

/** Everything the bot asks Stability for: one request is one HTTP call. */
export type StabilityRequest =
  | GenerateRequest
  | ImageToImageRequest
  | UpscaleFastRequest
  | UpscaleConservativeRequest
  | UpscaleCreativeRequest
  | OutpaintRequest
  | SearchAndReplaceRequest
  | SearchAndRecolorRequest
  | RemoveBackgroundRequest
  | ControlRequest
  | ControlStyleRequest
  | StyleTransferRequest;

export type RequestKind = StabilityRequest['kind'];

export const REQUEST_KINDS = [
  'generate',
  'image-to-image',
  'upscale-fast',
  'upscale-conservative',
  'upscale-creative',
  'outpaint',
  'search-and-replace',
  'search-and-recolor',
  'remove-background',
  'control-sketch',
  'control-structure',
  'control-style',
  'style-transfer',
] as const satisfies readonly RequestKind[];

/** The multipart image fields a request carries. */
export type ImageField = 'image' | 'init_image' | 'style_image';

export {
  type CallOptions,
  type FinishReason,
  type ImageResult,
  type InputFitted,
  isGenerationId,
  isPending,
  type PendingResult,
  type PollPending,
} from './results.js';
