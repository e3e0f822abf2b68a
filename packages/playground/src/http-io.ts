import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Bodies of the page's own requests: option sets, and files a person attaches (in base64, so a 10 MiB image is about
 * 13.4 MiB; /blend carries two, and a file just over Stability's limit must still reach the bot to be refused there).
 * @unit bytes
 */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** A request the page should not have sent (bad JSON, wrong shape); answered 400 with the message. */
export class PageRequestError extends Error {
  override readonly name = 'PageRequestError';
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/**
 * Reads a JSON body. Only `application/json` is accepted: a cross-site form cannot send that without a CORS
 * preflight, which this server never grants, so another web page cannot click buttons in the playground.
 */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    throw new PageRequestError('send JSON (content-type: application/json)', 415);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new PageRequestError('request body too large', 413);
    chunks.push(buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new PageRequestError('the body is not valid JSON');
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

export function sendBytes(
  res: ServerResponse,
  status: number,
  contentType: string,
  bytes: Buffer | string,
  cacheControl = 'no-store',
): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(bytes),
    'cache-control': cacheControl,
  });
  res.end(bytes);
}

export type JsonObject = Readonly<Record<string, unknown>>;

export function asObject(value: unknown, what: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PageRequestError(`${what} must be a JSON object`);
  }
  return value as JsonObject;
}

export function requireString(body: JsonObject, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || value.length === 0)
    throw new PageRequestError(`"${key}" must be a non-empty string`);
  return value;
}

export function optionalString(body: JsonObject, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new PageRequestError(`"${key}" must be a string`);
  return value;
}
