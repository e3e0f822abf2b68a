import type { StabilityErrorBody } from './errors.js';

/**
 * Error answers as Stability sends them (reference/stability-api.md §7), by its short `name`: the one copy the local
 * backend's faults and the fake HTTP server both answer with. 402 is undocumented, so its message is a guess.
 */
export const STABILITY_ERROR_MESSAGES = {
  bad_request: 'aspect_ratio: must be one of 21:9, 16:9, 3:2, 5:4, 1:1, 4:5, 2:3, 9:16, 9:21',
  unauthorized: 'authorization: invalid or missing header value',
  payment_required: 'You lack sufficient credits to make this request. Please purchase more credits and try again.',
  content_moderation:
    'Your request was flagged by our content moderation system, as a result your request was denied and you were not charged.',
  not_found: 'path: not found',
  generation_not_found: 'id: the generation either does not exist or has expired.',
  payload_too_large: 'body: payloads cannot be larger than 10MiB in size',
  invalid_language: 'English is the only supported language for this service.',
  public_figure:
    'Our system detected the likeness of a public figure in your image. To comply with our guidelines, this request cannot be processed. Please upload a different image.',
  rate_limit_exceeded:
    'You have exceeded the rate limit of 150 requests within a 10 second period, and have been timed out for 60 seconds.',
  internal_error: 'An unexpected server error has occurred, please try again later.',
} as const;

export type StabilityErrorName = keyof typeof STABILITY_ERROR_MESSAGES;

/** The `name` Stability uses for each status (422's most common one, `invalid_language`). */
export const DEFAULT_ERROR_NAMES: Readonly<Record<number, StabilityErrorName>> = {
  400: 'bad_request',
  401: 'unauthorized',
  402: 'payment_required',
  403: 'content_moderation',
  404: 'not_found',
  413: 'payload_too_large',
  422: 'invalid_language',
  429: 'rate_limit_exceeded',
  500: 'internal_error',
};

export function isStabilityErrorName(name: string): name is StabilityErrorName {
  return Object.hasOwn(STABILITY_ERROR_MESSAGES, name);
}

/**
 * A Stability-shaped error body. `id` comes from `randomId` (a fresh hex id per answer, for support tickets), except
 * that a 429's id is its name, as the live service sends it.
 */
export function stabilityErrorBody(
  name: string,
  randomId: () => string,
  errors?: readonly string[],
): Required<StabilityErrorBody> {
  const message = isStabilityErrorName(name) ? STABILITY_ERROR_MESSAGES[name] : `${name}`;
  return {
    id: name === 'rate_limit_exceeded' ? name : randomId(),
    name,
    errors: errors === undefined ? [message] : [...errors],
  };
}
