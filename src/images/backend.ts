import type { CallOptions, ImageResult, PendingResult, PollPending, StabilityRequest } from '../stability/request.js';

export type {
  CallOptions,
  FinishReason,
  ImageResult,
  InputFitted,
  PendingResult,
  PollPending,
  RequestKind,
  StabilityRequest,
} from '../stability/request.js';
export { isPending } from '../stability/request.js';

/**
 * What the bot calls to make images: Stability's API or the offline local renderer, with one request type for every
 * endpoint. Every backend throws the Stability client's typed errors (src/stability/errors.ts, read through
 * src/stability/error-table.ts).
 */
export interface ImageBackend {
  readonly name: 'stability' | 'local';
  /** Exactly one HTTP request (or its offline equivalent), never retried. Creative upscale answers `PendingResult`. */
  run(request: StabilityRequest, options?: CallOptions): Promise<ImageResult | PendingResult>;
  /**
   * One `GET /v2beta/results/{id}`: still running, or the image (its `credits` are 0: the submit carried the charge).
   * Unknown or expired ids throw `GenerationNotFoundError`; malformed ones `RequestRefusedError`, before any request.
   */
  poll(generationId: string, options?: CallOptions): Promise<ImageResult | PollPending>;
  /** The account balance in credits (`GET /v1/user/balance`); absent when the backend cannot tell. */
  balance?(): Promise<number>;
}
