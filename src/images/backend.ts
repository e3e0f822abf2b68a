import type { AspectRatio, ModelId, OutputFormat, StylePreset } from '../stability/models.js';

export type FinishReason = 'SUCCESS' | 'CONTENT_FILTERED';

export interface GenerateRequest {
  prompt: string;
  model: ModelId;
  negativePrompt?: string;
  aspectRatio?: AspectRatio;
  stylePreset?: StylePreset;
  /** 0 or absent lets the backend choose. */
  seed?: number;
  outputFormat?: OutputFormat;
}

export interface VaryRequest {
  prompt: string;
  /** Must support image-to-image (see `variationModelFor`). */
  model: ModelId;
  image: Uint8Array;
  /** 0 keeps the input, 1 ignores it. */
  strength: number;
  negativePrompt?: string;
  stylePreset?: StylePreset;
  seed?: number;
  outputFormat?: OutputFormat;
}

export interface UpscaleRequest {
  image: Uint8Array;
  outputFormat?: OutputFormat;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Hash of the requesting user, sent as `stability-client-user-id`. */
  clientUserId?: string;
}

/** One result shape for every backend and endpoint. */
export interface ImageResult {
  bytes: Uint8Array;
  mime: string;
  width: number;
  height: number;
  seed: number;
  finishReason: FinishReason;
  /** Credits this call cost (a CONTENT_FILTERED image is charged: Stability counts it a successful generation). */
  credits: number;
  requestId: string;
}

/** Every backend throws the Stability client's typed errors (src/stability/errors.ts). */
export interface ImageBackend {
  readonly name: 'stability' | 'local';
  generate(request: GenerateRequest, options?: CallOptions): Promise<ImageResult>;
  vary(request: VaryRequest, options?: CallOptions): Promise<ImageResult>;
  upscale(request: UpscaleRequest, options?: CallOptions): Promise<ImageResult>;
  /** The account balance in credits (`GET /v1/user/balance`); absent when the backend cannot tell. */
  balance?(): Promise<number>;
}
