import type { Dispatcher } from 'undici';
import { RequestRefusedError } from './errors.js';
import { formFor } from './form.js';
import { prepareInputs } from './inputs.js';
import { BALANCE_PATH, priceOf, RESULTS_PATH } from './models.js';
import {
  type CallOptions,
  type ImageResult,
  isGenerationId,
  type PendingResult,
  type PollPending,
  type StabilityRequest,
} from './request.js';
import { balanceFrom, pendingResultFrom, pollResultFrom, syncResultFrom } from './response.js';
import { createTransport } from './transport.js';
import { assertValidRequest } from './validate.js';

export const DEFAULT_STABILITY_BASE_URL = 'https://api.stability.ai';

/** Stability caps each `stability-client-*` header at this many characters. */
const MAX_CLIENT_HEADER_CHARS = 256;

export interface StabilityClientOptions {
  /** Stability API key (`sk-…`); sent only in the `authorization` header. */
  apiKey: string;
  /** API origin, no trailing path. Default `https://api.stability.ai`; tests point it at a fake. */
  baseUrl?: string;
  /** Per-request deadline in milliseconds, covering connect, upload and reading the whole response. */
  timeoutMs: number;
  /** undici dispatcher (a `MockAgent` in tests, a tuned `Agent` in production). Default: undici's global one. */
  dispatcher?: Dispatcher;
  /** Sent as `stability-client-id` (≤ 256 chars) so Stability can reach us about app-level issues. */
  clientId?: string;
  /** Sent as `stability-client-version` (≤ 256 chars). */
  clientVersion?: string;
}

/**
 * One HTTP call per method call, never retried: a timeout or 5xx does not prove the paid work did not run, and a 429
 * belongs to the scheduler. Every failure is one of the typed errors of `./errors.ts`; requests the client can tell
 * are invalid fail with `RequestRefusedError` before any network call.
 */
export interface StabilityClient {
  /** Sends one request: an image, or for creative upscale a `PendingResult` to `poll`. */
  run(request: StabilityRequest, options?: CallOptions): Promise<ImageResult | PendingResult>;
  /** `GET /v2beta/results/{id}`: still running, the image, or `GenerationNotFoundError` once unknown or expired. */
  poll(generationId: string, options?: CallOptions): Promise<ImageResult | PollPending>;
  /** Remaining account credits (`GET /v1/user/balance`). */
  getBalance(options?: Pick<CallOptions, 'signal'>): Promise<number>;
}

function checkHeaderValue(name: string, value: string | undefined): void {
  if (value !== undefined && value.length > MAX_CLIENT_HEADER_CHARS) {
    throw new RequestRefusedError([`${name}: must be at most ${MAX_CLIENT_HEADER_CHARS} characters`]);
  }
}

export function createStabilityClient(options: StabilityClientOptions): StabilityClient {
  const { apiKey, timeoutMs, clientId, clientVersion } = options;
  if (apiKey.length === 0) throw new Error('Stability API key is empty');
  // A key pasted with a trailing newline would make undici quote the whole header value in its error message.
  if (/[\s\p{Cc}]/u.test(apiKey)) throw new Error('Stability API key contains whitespace or control characters');
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new Error('timeoutMs must be a positive number');
  checkHeaderValue('stability-client-id', clientId);
  checkHeaderValue('stability-client-version', clientVersion);
  const baseUrl = (options.baseUrl ?? DEFAULT_STABILITY_BASE_URL).replace(/\/+$/, '');
  const transport = createTransport({
    baseUrl,
    apiKey,
    timeoutMs,
    ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
  });

  function headersFor(accept: string, clientUserId: string | undefined): Record<string, string> {
    checkHeaderValue('stability-client-user-id', clientUserId);
    // No content-type: undici derives it from the FormData, boundary included.
    const headers: Record<string, string> = { authorization: `Bearer ${apiKey}`, accept };
    if (clientId !== undefined) headers['stability-client-id'] = clientId;
    if (clientVersion !== undefined) headers['stability-client-version'] = clientVersion;
    if (clientUserId !== undefined) headers['stability-client-user-id'] = clientUserId;
    return headers;
  }

  return {
    async run(request, callOptions) {
      assertValidRequest(request);
      const headers = headersFor('image/*', callOptions?.clientUserId);
      const inputs = await prepareInputs(request);
      const prepared = formFor(request, inputs.images);
      headers.accept = prepared.accept;
      callOptions?.onSend?.();
      const response = await transport.send('POST', prepared.path, headers, prepared.form, callOptions?.signal);
      const credits = priceOf(request);
      const result = prepared.async
        ? pendingResultFrom(response, credits, apiKey)
        : syncResultFrom(response, credits, apiKey);
      return inputs.inputFitted === undefined ? result : { ...result, inputFitted: inputs.inputFitted };
    },
    async poll(generationId, callOptions) {
      if (!isGenerationId(generationId)) {
        throw new RequestRefusedError(['id: a generation id is exactly 64 letters and digits']);
      }
      // The results endpoint's accept enum is `*/*` or `application/json` (not `image/*`).
      const headers = headersFor('*/*', callOptions?.clientUserId);
      const path = `${RESULTS_PATH}/${generationId}`;
      callOptions?.onSend?.();
      const response = await transport.send('GET', path, headers, undefined, callOptions?.signal);
      return pollResultFrom(response, generationId, apiKey);
    },
    async getBalance(callOptions) {
      const headers = headersFor('application/json', undefined);
      return balanceFrom(await transport.send('GET', BALANCE_PATH, headers, undefined, callOptions?.signal), apiKey);
    },
  };
}
