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

export type FinishReason = 'SUCCESS' | 'CONTENT_FILTERED';

/** An input image the client shrank (keeping its aspect ratio) to meet the endpoint's pixel limits. */
export interface InputFitted {
  /** Which part was shrunk; for style transfer, `init_image` wins when both were. */
  field: ImageField;
  fromWidth: number;
  fromHeight: number;
  width: number;
  height: number;
}

/** One result shape for every backend and endpoint. */
export interface ImageResult {
  bytes: Uint8Array;
  mime: string;
  width: number;
  height: number;
  seed: number;
  finishReason: FinishReason;
  /**
   * Credits this call cost (a CONTENT_FILTERED image is charged: Stability counts it a successful generation).
   * A polled result reports 0: its price was charged, and reported, by the submit's `PendingResult`.
   */
  credits: number;
  requestId: string;
  inputFitted?: InputFitted;
}

/** An asynchronous job Stability accepted (creative upscale); fetch it with `poll(generationId)`. */
export interface PendingResult {
  pending: true;
  /** 64 characters; results are kept for 24 hours. */
  generationId: string;
  /** Charged at submit: the price of the result it will give. */
  credits: number;
  requestId: string;
  inputFitted?: InputFitted;
}

/** `GET /v2beta/results/{id}` answered 202: still running; poll again (no more than once every 10 s). */
export interface PollPending {
  pending: true;
  generationId: string;
  requestId: string;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Hash of the requesting user, sent as `stability-client-user-id` (≤ 256 characters). */
  clientUserId?: string;
}

export function isPending<T extends object>(
  result: T | PendingResult | PollPending,
): result is PendingResult | PollPending {
  return 'pending' in result && result.pending === true;
}

/** Generation ids are exactly 64 characters (the spec's `GenerationID`); hex in every example. */
const GENERATION_ID = /^[0-9A-Za-z]{64}$/;

/** Checked before an id goes into a URL path, so no caller-controlled text can change the path. */
export function isGenerationId(value: string): boolean {
  return GENERATION_ID.test(value);
}
