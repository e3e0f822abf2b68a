import { type Dispatcher, type FormData, fetch } from 'undici';
import type { CallOptions, GenerateRequest, ImageResult, UpscaleRequest, VaryRequest } from '../images/backend.js';
import { APIConnectionError, APIConnectionTimeoutError, BadRequestError } from './errors.js';
import { generateForm, imageToImageForm, type PreparedForm, upscaleFastForm } from './form.js';
import { balanceFrom, imageResultFrom, type RawResponse, scrubSecret } from './response.js';
import { fitUpscaleInput } from './upscale-input.js';

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
 * belongs to the scheduler. Every failure is one of the typed errors of `./errors.ts`.
 */
export interface StabilityClient {
  /** Text-to-image on the model's endpoint (ultra, core or sd3 with its `model` field). */
  generate(request: GenerateRequest, options?: CallOptions): Promise<ImageResult>;
  /** Image-to-image (`image` + `strength`) on ultra or sd3; rejects Core locally with `BadRequestError`. */
  imageToImage(request: VaryRequest, options?: CallOptions): Promise<ImageResult>;
  /** 4x fast upscale; inputs over the endpoint's caps are downscaled first, keeping their aspect ratio. */
  upscaleFast(request: UpscaleRequest, options?: CallOptions): Promise<ImageResult>;
  /** Remaining account credits (`GET /v1/user/balance`). */
  getBalance(options?: Pick<CallOptions, 'signal'>): Promise<number>;
}

function checkHeaderValue(name: string, value: string | undefined): void {
  if (value !== undefined && value.length > MAX_CLIENT_HEADER_CHARS) {
    throw new BadRequestError({ message: `${name}: must be at most ${MAX_CLIENT_HEADER_CHARS} characters` });
  }
}

/** A copy of an undici error with only its scrubbed message and code: raw errors can carry request details. */
function sanitizedCause(error: unknown, apiKey: string): Error {
  const inner = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const message = inner instanceof Error ? inner.message : String(inner);
  const safe = new Error(scrubSecret(message, apiKey));
  const code = typeof inner === 'object' && inner !== null ? (inner as { code?: unknown }).code : undefined;
  if (typeof code === 'string') Object.assign(safe, { code });
  return safe;
}

export function createStabilityClient(options: StabilityClientOptions): StabilityClient {
  const { apiKey, timeoutMs, dispatcher, clientId, clientVersion } = options;
  if (apiKey.length === 0) throw new Error('Stability API key is empty');
  // A key pasted with a trailing newline would make undici quote the whole header value in its error message.
  if (/[\s\p{Cc}]/u.test(apiKey)) throw new Error('Stability API key contains whitespace or control characters');
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new Error('timeoutMs must be a positive number');
  checkHeaderValue('stability-client-id', clientId);
  checkHeaderValue('stability-client-version', clientVersion);
  const baseUrl = (options.baseUrl ?? DEFAULT_STABILITY_BASE_URL).replace(/\/+$/, '');

  function headersFor(accept: string, clientUserId: string | undefined): Record<string, string> {
    checkHeaderValue('stability-client-user-id', clientUserId);
    // No content-type: undici derives it from the FormData, boundary included.
    const headers: Record<string, string> = { authorization: `Bearer ${apiKey}`, accept };
    if (clientId !== undefined) headers['stability-client-id'] = clientId;
    if (clientVersion !== undefined) headers['stability-client-version'] = clientVersion;
    if (clientUserId !== undefined) headers['stability-client-user-id'] = clientUserId;
    return headers;
  }

  async function send(
    method: 'GET' | 'POST',
    path: string,
    headers: Record<string, string>,
    body: FormData | undefined,
    callerSignal: AbortSignal | undefined,
  ): Promise<RawResponse> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = callerSignal === undefined ? timeout : AbortSignal.any([timeout, callerSignal]);
    try {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body,
        signal,
        redirect: 'manual',
        ...(dispatcher === undefined ? {} : { dispatcher }),
      });
      // Reading the body stays under the same deadline: a stalled download is as stuck as a stalled connect.
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { status: response.status, headers: response.headers, bytes };
    } catch (error) {
      const cause = sanitizedCause(error, apiKey);
      if (callerSignal?.aborted) {
        throw new APIConnectionError({ message: 'Stability request aborted by the caller', cause });
      }
      if (timeout.aborted) {
        throw new APIConnectionTimeoutError({ message: `Stability request timed out after ${timeoutMs} ms`, cause });
      }
      throw new APIConnectionError({ message: `Could not reach Stability: ${cause.message}`, cause });
    }
  }

  async function submit(prepared: PreparedForm, callOptions: CallOptions | undefined): Promise<ImageResult> {
    const headers = headersFor('image/*', callOptions?.clientUserId);
    const response = await send('POST', prepared.path, headers, prepared.form, callOptions?.signal);
    return imageResultFrom(response, prepared.credits, apiKey);
  }

  return {
    generate: async (request, callOptions) => submit(generateForm(request), callOptions),
    imageToImage: async (request, callOptions) => submit(imageToImageForm(request), callOptions),
    upscaleFast: async (request, callOptions) => {
      const fitted = await fitUpscaleInput(request.image);
      return submit(upscaleFastForm({ ...request, image: fitted.bytes }), callOptions);
    },
    getBalance: async (callOptions) => {
      const headers = headersFor('application/json', undefined);
      return balanceFrom(await send('GET', '/v1/user/balance', headers, undefined, callOptions?.signal), apiKey);
    },
  };
}
