import { type Dispatcher, type FormData, fetch } from 'undici';
import { APIConnectionError, APIConnectionTimeoutError, APIUnreachableError, type ConnectionStage } from './errors.js';
import { type RawResponse, scrubSecret } from './response.js';

/** Codes that mean no connection was ever made: the request cannot have reached Stability. */
const NEVER_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

export interface Transport {
  send(
    method: 'GET' | 'POST',
    path: string,
    headers: Record<string, string>,
    body: FormData | undefined,
    callerSignal: AbortSignal | undefined,
  ): Promise<RawResponse>;
}

export interface TransportOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  dispatcher?: Dispatcher;
}

/** The innermost error and its network code: undici wraps the socket's error as `TypeError('fetch failed')`. */
function rootCause(error: unknown): { error: unknown; code: string | undefined } {
  let current: unknown = error;
  for (let depth = 0; depth < 5; depth += 1) {
    const code = typeof current === 'object' && current !== null ? (current as { code?: unknown }).code : undefined;
    if (typeof code === 'string') return { error: current, code };
    // Happy eyeballs: every address refused, reported as an AggregateError of the same code.
    if (current instanceof AggregateError && current.errors.length > 0) current = current.errors[0];
    else if (current instanceof Error && current.cause !== undefined) current = current.cause;
    else break;
  }
  return { error: current, code: undefined };
}

/** A copy with only the scrubbed message and code: raw undici errors can carry request details. */
function sanitizedCause(error: unknown, code: string | undefined, apiKey: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  const safe = new Error(scrubSecret(message, apiKey));
  if (code !== undefined) Object.assign(safe, { code });
  return safe;
}

/**
 * One HTTP exchange under one deadline (connect, upload and the whole body), never retried. Failures are classified
 * by what they prove: never connected (nothing sent), broken before or after the answer's headers, timed out, aborted.
 */
export function createTransport(options: TransportOptions): Transport {
  const { baseUrl, apiKey, timeoutMs, dispatcher } = options;
  return {
    async send(method, path, headers, body, callerSignal) {
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = callerSignal === undefined ? timeout : AbortSignal.any([timeout, callerSignal]);
      let status: number | undefined;
      const fail = (error: unknown, stage: ConnectionStage): never => {
        const root = rootCause(error);
        const cause = sanitizedCause(root.error, root.code, apiKey);
        const init = {
          cause,
          ...(root.code === undefined ? {} : { causeCode: root.code }),
          ...(status === undefined ? {} : { status }),
        };
        if (callerSignal?.aborted) {
          throw new APIConnectionError({
            ...init,
            stage: 'aborted',
            message: 'Stability request aborted by the caller',
          });
        }
        if (timeout.aborted) {
          throw new APIConnectionTimeoutError({
            ...init,
            stage,
            timeoutMs,
            message: `Stability request timed out after ${timeoutMs} ms`,
          });
        }
        if (stage === 'before-headers' && root.code !== undefined && NEVER_CONNECTED.has(root.code)) {
          throw new APIUnreachableError({ ...init, message: `Could not reach Stability: ${cause.message}` });
        }
        const when = stage === 'after-headers' ? 'after response headers' : 'before response headers';
        throw new APIConnectionError({
          ...init,
          stage,
          message: `Connection to Stability lost ${when}: ${cause.message}`,
        });
      };
      let response: Awaited<ReturnType<typeof fetch>>;
      try {
        response = await fetch(`${baseUrl}${path}`, {
          method,
          headers,
          body,
          signal,
          redirect: 'manual',
          ...(dispatcher === undefined ? {} : { dispatcher }),
        });
      } catch (error) {
        return fail(error, 'before-headers');
      }
      status = response.status;
      try {
        // Reading the body stays under the same deadline: a stalled download is as stuck as a stalled connect.
        const bytes = new Uint8Array(await response.arrayBuffer());
        return { status: response.status, headers: response.headers, bytes };
      } catch (error) {
        return fail(error, 'after-headers');
      }
    },
  };
}
