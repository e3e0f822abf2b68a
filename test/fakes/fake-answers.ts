import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stabilityErrorBody } from '../../src/stability/error-bodies.js';
import type { ImageResult } from '../../src/stability/request.js';
import type { RecordedRequest } from './fake-types.js';

export const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** What every answer needs from the server: its latency, and whether it is shutting down. */
export interface AnswerContext {
  /** Resolves after the current latency; never resolves once the server closes (the exchange is dropped). */
  delay(): Promise<void>;
  closed(): boolean;
}

export async function answer(
  ctx: AnswerContext,
  record: RecordedRequest,
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: Uint8Array | string,
): Promise<void> {
  await ctx.delay();
  if (ctx.closed() || response.destroyed) return;
  record.status = status;
  record.outcome = 'answered';
  response.writeHead(status, { 'x-request-id': hex(16), ...headers });
  response.end(body);
}

export function answerJson(
  ctx: AnswerContext,
  record: RecordedRequest,
  response: ServerResponse,
  status: number,
  body: unknown,
): Promise<void> {
  return answer(ctx, record, response, status, { 'content-type': 'application/json' }, JSON.stringify(body));
}

/** A Stability-shaped error answer; the body comes from the shared table (src/stability/error-bodies.ts). */
export function answerError(
  ctx: AnswerContext,
  record: RecordedRequest,
  response: ServerResponse,
  status: number,
  name: string,
  errors?: readonly string[],
): Promise<void> {
  return answerJson(
    ctx,
    record,
    response,
    status,
    stabilityErrorBody(name, () => hex(16), errors),
  );
}

/** Drops the connection without a byte of answer: the client cannot tell whether the work ran. */
export async function resetBeforeHeaders(ctx: AnswerContext, record: RecordedRequest, response: ServerResponse) {
  await ctx.delay();
  if (ctx.closed()) return;
  record.outcome = 'reset-before-headers';
  response.socket?.resetAndDestroy();
}

/** The image answer as Stability sends it: raw bytes with `finish-reason` and `seed` headers, or base64 JSON. */
export async function answerImage(
  ctx: AnswerContext,
  record: RecordedRequest,
  request: IncomingMessage,
  response: ServerResponse,
  result: ImageResult,
  cutAfterHeaders: boolean,
): Promise<void> {
  const json = request.headers.accept === 'application/json';
  const body = json
    ? JSON.stringify({
        image: Buffer.from(result.bytes).toString('base64'),
        seed: result.seed,
        finish_reason: result.finishReason,
      })
    : result.bytes;
  const headers: Record<string, string> = json
    ? { 'content-type': `application/json; type=${result.mime}` }
    : { 'content-type': result.mime, 'finish-reason': result.finishReason, seed: String(result.seed) };
  if (!cutAfterHeaders) return answer(ctx, record, response, 200, headers, body);
  await ctx.delay();
  if (ctx.closed() || response.destroyed) return;
  record.status = 200;
  record.outcome = 'reset-after-headers';
  const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
  response.writeHead(200, { 'x-request-id': hex(16), ...headers, 'content-length': String(bytes.length) });
  // Half the body, flushed, then the socket closes: the client has the headers but never the whole image.
  response.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => response.socket?.destroy());
}
