import type { IncomingMessage } from 'node:http';
import { ApiError, Errors } from './errors.js';

export interface UploadedFile {
  /** `n` of the `files[n]` part; `attachments[].id` refers to it. */
  readonly index: number;
  readonly filename: string;
  readonly contentType: string | null;
  readonly bytes: Buffer;
}

export interface RequestPayload {
  /** The JSON body, or `payload_json` of a multipart body; undefined when the body is empty. */
  readonly json: unknown;
  readonly files: readonly UploadedFile[];
}

/** Discord's per-request ceiling; individual files have their own (smaller) limit checked per route. */
export const MAX_REQUEST_BYTES = 25 * 1024 * 1024;

export async function readRawBody(req: IncomingMessage, limit = MAX_REQUEST_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    // Keep draining so the client sees the 413 instead of a reset connection.
    if (size > limit) tooLarge = true;
    else chunks.push(buffer);
  }
  if (tooLarge) throw Errors.entityTooLarge();
  return Buffer.concat(chunks);
}

export async function parsePayload(raw: Buffer, contentType: string | undefined): Promise<RequestPayload> {
  if (raw.length === 0) return { json: undefined, files: [] };
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) return parseMultipart(raw, contentType ?? '');
  return { json: parseJson(raw.toString('utf8')), files: [] };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw Errors.invalidJson();
  }
}

async function parseMultipart(raw: Buffer, contentType: string): Promise<RequestPayload> {
  let form: FormData;
  try {
    // Node's fetch implementation parses multipart; no extra dependency needed.
    form = await new Request('http://emulator.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: raw,
    }).formData();
  } catch {
    throw new ApiError(400, 50035, 'Invalid Form Body', {
      _errors: [{ code: 'MULTIPART', message: 'Bad multipart body' }],
    });
  }
  let json: unknown;
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  let nextIndex = 0;
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      if (name === 'payload_json') json = parseJson(value);
      else fields[name] = value;
      continue;
    }
    const match = /^files\[(\d+)\]$/.exec(name);
    const index = match ? Number(match[1]) : nextIndex;
    nextIndex = Math.max(nextIndex, index + 1);
    files.push({
      index,
      filename: value.name,
      contentType: value.type === '' ? null : value.type,
      bytes: Buffer.from(await value.arrayBuffer()),
    });
  }
  // Discord also accepts plain form fields instead of payload_json.
  if (json === undefined && Object.keys(fields).length > 0) json = fields;
  return { json, files };
}
