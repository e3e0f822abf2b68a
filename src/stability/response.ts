import type { StabilityErrorBody } from './errors.js';
import { errorFromResponse, type StabilityError, UnexpectedResponseError } from './errors.js';
import { readImageHeader } from './image-header.js';
import {
  type FinishReason,
  type ImageResult,
  isGenerationId,
  type PendingResult,
  type PollPending,
} from './request.js';

/** How much of a non-JSON error body (an HTML page from a proxy, say) is kept in the error message. */
const MAX_TEXT_DETAIL_CHARS = 200;

/** What the client needs from an HTTP response, so parsing stays independent of the HTTP library. */
export interface RawResponse {
  status: number;
  headers: { get(name: string): string | null };
  bytes: Uint8Array;
}

const REDACTED = '[redacted]';
// Stability keys look like `sk-` plus a long token; a body may echo a key other than ours (or a truncated one).
const KEY_PATTERN = /sk-[A-Za-z0-9_-]{8,}/g;

/** Removes the API key (and anything key-shaped) from text that came from a response body. */
export function scrubSecret(text: string, apiKey: string): string {
  const withoutKey = apiKey.length > 0 ? text.split(apiKey).join(REDACTED) : text;
  return withoutKey.replace(KEY_PATTERN, REDACTED);
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}

/**
 * Reads an error body defensively: v2beta sends `{id, name, errors[]}`, v1 sends `{id, name, message}`, and proxies
 * send HTML or nothing. Every string is scrubbed, since the v1 401 echoes the key back.
 */
export function parseErrorBody(bytes: Uint8Array, apiKey: string): StabilityErrorBody {
  const text = new TextDecoder().decode(bytes);
  const parsed = parseJson(bytes);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const trimmed = text.trim();
    return trimmed.length === 0 ? {} : { errors: [scrubSecret(trimmed.slice(0, MAX_TEXT_DETAIL_CHARS), apiKey)] };
  }
  const record = parsed as Record<string, unknown>;
  const body: StabilityErrorBody = {};
  if (typeof record.id === 'string') body.id = scrubSecret(record.id, apiKey);
  if (typeof record.name === 'string') body.name = scrubSecret(record.name, apiKey);
  const errors = Array.isArray(record.errors)
    ? record.errors.filter((item): item is string => typeof item === 'string')
    : [];
  if (typeof record.message === 'string') errors.push(record.message);
  if (errors.length > 0) body.errors = errors.map((item) => scrubSecret(item, apiKey));
  return body;
}

export function errorFromRaw(
  response: RawResponse,
  apiKey: string,
  context: 'submit' | 'poll' = 'submit',
): StabilityError {
  return errorFromResponse(response.status, parseErrorBody(response.bytes, apiKey), requestIdOf(response), context);
}

function requestIdOf(response: RawResponse): string | undefined {
  return response.headers.get('x-request-id') ?? undefined;
}

function parseSeed(value: string | null): number {
  if (value === null) return 0;
  const seed = Number(value);
  return Number.isSafeInteger(seed) && seed >= 0 ? seed : 0;
}

function parseFinishReason(value: string | null): FinishReason {
  return value?.trim().toUpperCase() === 'CONTENT_FILTERED' ? 'CONTENT_FILTERED' : 'SUCCESS';
}

/**
 * Turns a 200 image answer into an `ImageResult`, reading its size from the header (no decode: this is the hot path).
 * A 200 that is not a PNG/JPEG/WebP image is `UnexpectedResponseError`, because Stability may have billed it.
 */
export function imageResultFrom(response: RawResponse, credits: number, apiKey: string): ImageResult {
  const requestId = requestIdOf(response);
  const mime = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!mime.startsWith('image/')) {
    throw unexpected(response, apiKey, `expected an image, got content-type '${mime || 'none'}'`);
  }
  const header = readImageHeader(response.bytes);
  if (header === undefined)
    throw unexpected(response, apiKey, 'response image has no readable PNG, JPEG or WebP header');
  return {
    bytes: response.bytes,
    mime: header.mime,
    width: header.width,
    height: header.height,
    seed: parseSeed(response.headers.get('seed')),
    finishReason: parseFinishReason(response.headers.get('finish-reason')),
    credits,
    requestId: requestId ?? '',
  };
}

/** A synchronous endpoint's answer. */
export function syncResultFrom(response: RawResponse, credits: number, apiKey: string): ImageResult {
  if (response.status !== 200) throw errorFromRaw(response, apiKey);
  return imageResultFrom(response, credits, apiKey);
}

/** An asynchronous submit's answer: 200 `{id}` with a valid 64-character generation id. */
export function pendingResultFrom(response: RawResponse, credits: number, apiKey: string): PendingResult {
  if (response.status !== 200) throw errorFromRaw(response, apiKey);
  const parsed = parseJson(response.bytes);
  const id = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).id : undefined;
  if (typeof id !== 'string' || !isGenerationId(id)) {
    throw unexpected(response, apiKey, 'async submit answered without a valid 64-character generation id');
  }
  return { pending: true, generationId: id, credits, requestId: requestIdOf(response) ?? '' };
}

/** `GET /v2beta/results/{id}`: 202 still running, 200 the image (charged at submit), 404 unknown or expired. */
export function pollResultFrom(response: RawResponse, generationId: string, apiKey: string): ImageResult | PollPending {
  if (response.status === 202) return { pending: true, generationId, requestId: requestIdOf(response) ?? '' };
  if (response.status !== 200) throw errorFromRaw(response, apiKey, 'poll');
  return imageResultFrom(response, 0, apiKey);
}

/** Parses `GET /v1/user/balance`. */
export function balanceFrom(response: RawResponse, apiKey: string): number {
  if (response.status !== 200) throw errorFromRaw(response, apiKey);
  const parsed = parseJson(response.bytes);
  if (parsed === undefined) throw unexpected(response, apiKey, 'balance response is not JSON');
  const credits =
    typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).credits : undefined;
  if (typeof credits !== 'number' || !Number.isFinite(credits)) {
    throw unexpected(response, apiKey, 'balance response has no numeric credits');
  }
  return credits;
}

function unexpected(response: RawResponse, apiKey: string, message: string): UnexpectedResponseError {
  const requestId = requestIdOf(response);
  return new UnexpectedResponseError({
    status: response.status,
    message: scrubSecret(message, apiKey),
    body: { errors: [scrubSecret(message, apiKey)] },
    ...(requestId === undefined ? {} : { requestId }),
  });
}
