import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LocalEngine } from '../../src/images/local-engine.js';
import { DEFAULT_ERROR_NAMES } from '../../src/stability/error-bodies.js';
import { StabilityError } from '../../src/stability/errors.js';
import { ENDPOINTS } from '../../src/stability/models.js';
import { type ImageResult, isGenerationId } from '../../src/stability/request.js';
import {
  type AnswerContext,
  answer,
  answerError,
  answerImage,
  answerJson,
  hex,
  resetBeforeHeaders,
} from './fake-answers.js';
import type { FailureQueue, ProgrammedFailure } from './fake-failures.js';
import { fingerprintOf, parseMultipart, sha256 } from './fake-http.js';
import type { ChargeReason } from './fake-ledger.js';
import { requestFromForm } from './fake-request.js';
import type { RecordedRequest } from './fake-types.js';
import type { FakeEndpoint, StabilityRequestValidator } from './stability-request-validator.js';

/** The spec's limit for each `stability-client-*` header. */
const MAX_CLIENT_HEADER_CHARS = 256;
const CLIENT_HEADERS = ['stability-client-id', 'stability-client-user-id', 'stability-client-version'] as const;
const IMAGE_ACCEPT = ['image/*', 'application/json'];
// The results operation documents `*/*` and `application/json`; Stability's own samples send `image/*`.
const RESULT_ACCEPT = ['*/*', 'application/json', 'image/*'];

export interface RouteContext extends AnswerContext {
  apiKey: string;
  engine: LocalEngine;
  validator: StabilityRequestValidator;
  failures: FailureQueue;
  charge(record: RecordedRequest, endpoint: FakeEndpoint, credits: number, reason: ChargeReason, id?: string): void;
}

function headerErrors(request: IncomingMessage, accepted: readonly string[] | undefined): string[] {
  const errors: string[] = [];
  const accept = request.headers.accept;
  if (accepted !== undefined && accept !== undefined && !accepted.includes(accept)) {
    errors.push(`accept: must be one of ${accepted.join(', ')}`);
  }
  for (const name of CLIENT_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string' && value.length > MAX_CLIENT_HEADER_CHARS) {
      errors.push(`${name}: must be at most ${MAX_CLIENT_HEADER_CHARS} characters`);
    }
  }
  return errors;
}

/** Answers an injected failure; undefined when it is one the caller must render (content-filtered, reset after). */
function answerFailure(
  ctx: RouteContext,
  programmed: ProgrammedFailure,
  record: RecordedRequest,
  response: ServerResponse,
): Promise<void> | 'hang' | undefined {
  const { failure } = programmed;
  if (failure === 'hang') {
    record.outcome = 'hung';
    return 'hang';
  }
  if (failure === 'reset-before-headers') return resetBeforeHeaders(ctx, record, response);
  if (typeof failure === 'number') {
    const name = programmed.name ?? DEFAULT_ERROR_NAMES[failure] ?? 'error';
    return answerError(ctx, record, response, failure, name, programmed.errors);
  }
  return undefined;
}

export async function handleImagePost(
  ctx: RouteContext,
  endpoint: FakeEndpoint,
  request: IncomingMessage,
  record: RecordedRequest,
  response: ServerResponse,
  body: { bytes: Buffer; tooLarge: boolean },
): Promise<void> {
  if (body.tooLarge) return answerError(ctx, record, response, 413, 'payload_too_large');
  const contentType = request.headers['content-type'] ?? '';
  // Stability checks the content type before anything else; a JSON body gets only this error.
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    record.invalid = ['content-type: must be multipart/form-data'];
    return answerError(ctx, record, response, 400, 'bad_request', record.invalid);
  }
  const errors = headerErrors(request, ctx.validator.acceptsImage(endpoint) ? IMAGE_ACCEPT : undefined);
  const form = await parseMultipart(contentType, body.bytes);
  if (form === undefined) {
    record.invalid = [...errors, 'body: malformed multipart/form-data'];
    return answerError(ctx, record, response, 400, 'bad_request', record.invalid);
  }
  for (const [name, values] of form) {
    for (const value of values) {
      if (typeof value === 'string') record.fields[name] = value;
      else
        record.files[name] = {
          name: value.name,
          type: value.type,
          size: value.bytes.length,
          sha256: sha256(value.bytes),
        };
    }
  }
  record.fingerprint = fingerprintOf(record.method, record.path, record.fields, record.files);
  const outcome = ctx.validator.validate(endpoint, form);
  errors.push(...outcome.errors);
  // The live server validates parameters before authentication (reference §7).
  if (errors.length > 0) {
    record.invalid = errors;
    return answerError(ctx, record, response, 400, 'bad_request', errors);
  }
  if (record.bearer !== ctx.apiKey) return answerError(ctx, record, response, 401, 'unauthorized');

  const programmed = ctx.failures.take('submit');
  if (programmed !== undefined) {
    const answered = answerFailure(ctx, programmed, record, response);
    if (answered === 'hang') return;
    if (answered !== undefined) return answered;
  }
  const requestId = hex(16);
  let result: Awaited<ReturnType<LocalEngine['execute']>>;
  try {
    const prepared = await ctx.engine.prepare(requestFromForm(endpoint, outcome));
    result = await ctx.engine.execute(prepared, { filtered: programmed?.failure === 'content-filtered', requestId });
  } catch (error) {
    // The engine runs the client's own checks; anything the OpenAPI document let through lands here as a 400.
    if (!(error instanceof StabilityError)) throw error;
    record.invalid = [...error.errors];
    return answerError(ctx, record, response, 400, 'bad_request', error.errors);
  }
  if ('pending' in result) {
    record.generationId = result.generationId;
    ctx.charge(record, endpoint, result.credits, 'async-submit', result.generationId);
    return answerJson(ctx, record, response, 200, { id: result.generationId });
  }
  return answerResult(ctx, endpoint, record, request, response, result, programmed);
}

function answerResult(
  ctx: RouteContext,
  endpoint: FakeEndpoint | undefined,
  record: RecordedRequest,
  request: IncomingMessage,
  response: ServerResponse,
  result: ImageResult,
  programmed: ProgrammedFailure | undefined,
): Promise<void> {
  const charge = (reason: ChargeReason) => {
    if (endpoint !== undefined) ctx.charge(record, endpoint, result.credits, reason);
  };
  if (programmed?.failure === 'not-an-image') {
    charge('not-an-image');
    return answerJson(ctx, record, response, 200, { status: 'ok' });
  }
  const cut = programmed?.failure === 'reset-after-headers';
  charge(cut ? 'reset-after-headers' : result.finishReason === 'CONTENT_FILTERED' ? 'content-filtered' : 'success');
  return answerImage(ctx, record, request, response, result, cut);
}

/** `GET /v2beta/results/{id}`: 202 while running, 200 with the image and its headers, 404 unknown or expired. */
export async function handlePoll(
  ctx: RouteContext,
  id: string,
  request: IncomingMessage,
  record: RecordedRequest,
  response: ServerResponse,
): Promise<void> {
  record.generationId = id;
  const errors = headerErrors(request, RESULT_ACCEPT);
  if (!isGenerationId(id)) errors.push('id: must be 64 characters');
  if (errors.length > 0) {
    record.invalid = errors;
    return answerError(ctx, record, response, 400, 'bad_request', errors);
  }
  if (record.bearer !== ctx.apiKey) return answerError(ctx, record, response, 401, 'unauthorized');
  const programmed = ctx.failures.take('poll');
  if (programmed !== undefined) {
    const answered = answerFailure(ctx, programmed, record, response);
    if (answered === 'hang') return;
    if (answered !== undefined) return answered;
  }
  let result: Awaited<ReturnType<LocalEngine['poll']>>;
  try {
    result = await ctx.engine.poll(id, hex(16));
  } catch (error) {
    if (!(error instanceof StabilityError) || error.status !== 404) throw error;
    return answerError(ctx, record, response, 404, 'generation_not_found');
  }
  if ('pending' in result) return answerJson(ctx, record, response, 202, { id, status: 'in-progress' });
  // Charged at submit: the poll that delivers the image costs nothing.
  return answerResult(ctx, undefined, record, request, response, result, programmed);
}

export function handleBalance(ctx: RouteContext, record: RecordedRequest, response: ServerResponse, balance: number) {
  if (!record.hasAuth) {
    const body = { id: hex(16), name: 'unauthorized', message: 'missing authorization header' };
    return answer(ctx, record, response, 401, { 'content-type': 'application/json' }, JSON.stringify(body));
  }
  if (record.bearer !== ctx.apiKey) {
    // The live v1 API really does echo the key back (reference §8.3); clients must scrub it.
    const message = `Incorrect API key provided: ${record.bearer ?? ''}. You can find your API key at https://stability.ai.`;
    const body = { id: hex(16), name: 'unauthorized', message };
    return answer(ctx, record, response, 401, { 'content-type': 'application/json' }, JSON.stringify(body));
  }
  return answerJson(ctx, record, response, 200, { credits: balance });
}

export const ENDPOINT_BY_PATH: Readonly<Record<string, FakeEndpoint>> = Object.fromEntries(
  Object.entries(ENDPOINTS).map(([name, info]) => [info.path, name as FakeEndpoint]),
);
