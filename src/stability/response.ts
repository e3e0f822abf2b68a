import sharp from 'sharp';
import type { FinishReason, ImageResult } from '../images/backend.js';
import type { StabilityErrorBody } from './errors.js';
import { errorFromResponse, type StabilityError, UnexpectedResponseError } from './errors.js';

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

/**
 * Reads an error body defensively: v2beta sends `{id, name, errors[]}`, v1 sends `{id, name, message}`, and proxies
 * send HTML or nothing. Every string is scrubbed, since the v1 401 echoes the key back.
 */
export function parseErrorBody(bytes: Uint8Array, apiKey: string): StabilityErrorBody {
  const text = new TextDecoder().decode(bytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    return trimmed.length === 0 ? {} : { errors: [scrubSecret(trimmed.slice(0, MAX_TEXT_DETAIL_CHARS), apiKey)] };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { errors: [scrubSecret(text.slice(0, MAX_TEXT_DETAIL_CHARS), apiKey)] };
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

export function errorFromRaw(response: RawResponse, apiKey: string): StabilityError {
  return errorFromResponse(response.status, parseErrorBody(response.bytes, apiKey), requestIdOf(response));
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
 * Turns a 200 image response into an `ImageResult`. Anything else is an error; a 200 that is not an image is
 * `UnexpectedResponseError` because Stability may have billed it.
 */
export async function imageResultFrom(response: RawResponse, credits: number, apiKey: string): Promise<ImageResult> {
  if (response.status !== 200) throw errorFromRaw(response, apiKey);
  const requestId = requestIdOf(response);
  const mime = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!mime.startsWith('image/')) {
    throw unexpected(response, apiKey, `expected an image, got content-type '${mime || 'none'}'`);
  }
  let width: number | undefined;
  let height: number | undefined;
  try {
    ({ width, height } = await sharp(response.bytes).metadata());
  } catch (cause) {
    throw unexpected(response, apiKey, 'response image could not be decoded', cause);
  }
  if (width === undefined || height === undefined) {
    throw unexpected(response, apiKey, 'response image has no dimensions');
  }
  return {
    bytes: response.bytes,
    mime,
    width,
    height,
    seed: parseSeed(response.headers.get('seed')),
    finishReason: parseFinishReason(response.headers.get('finish-reason')),
    credits,
    requestId: requestId ?? '',
  };
}

/** Parses `GET /v1/user/balance`. */
export function balanceFrom(response: RawResponse, apiKey: string): number {
  if (response.status !== 200) throw errorFromRaw(response, apiKey);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(response.bytes));
  } catch (cause) {
    throw unexpected(response, apiKey, 'balance response is not JSON', cause);
  }
  const credits =
    typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).credits : undefined;
  if (typeof credits !== 'number' || !Number.isFinite(credits)) {
    throw unexpected(response, apiKey, 'balance response has no numeric credits');
  }
  return credits;
}

function unexpected(response: RawResponse, apiKey: string, message: string, cause?: unknown): UnexpectedResponseError {
  const requestId = requestIdOf(response);
  return new UnexpectedResponseError({
    status: response.status,
    message: scrubSecret(message, apiKey),
    ...(requestId === undefined ? {} : { requestId }),
    ...(cause === undefined ? {} : { cause }),
  });
}
