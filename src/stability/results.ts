import type { ImageField } from './request.js';

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
  /** Called once, as the request leaves (its inputs prepared): from then on it counts against the rate limit. */
  onSend?: () => void;
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
