import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Response } from 'undici';
import { MAX_REQUEST_BYTES } from '../../src/stability/enums.js';
import type { ReceivedForm, UploadedFile } from './stability-request-validator.js';

export async function readBody(request: IncomingMessage): Promise<{ bytes: Buffer; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    // Keep draining past the cap so the client finishes its upload and reads the 413.
    if (size <= MAX_REQUEST_BYTES) chunks.push(buffer);
  }
  return { bytes: Buffer.concat(chunks), tooLarge: size > MAX_REQUEST_BYTES };
}

export async function parseMultipart(contentType: string, bytes: Buffer): Promise<ReceivedForm | undefined> {
  let formData: Awaited<ReturnType<Response['formData']>>;
  try {
    formData = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return undefined;
  }
  const form = new Map<string, (string | UploadedFile)[]>();
  for (const [name, value] of formData) {
    const entry: string | UploadedFile =
      typeof value === 'string'
        ? value
        : { name: value.name, type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) };
    form.set(name, [...(form.get(name) ?? []), entry]);
  }
  return form;
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A digest of what was asked, not of how it was framed (boundaries, header order, arrival time): two requests with
 * the same method, path, fields and file contents share it, so a test can prove nothing was sent twice.
 */
export function fingerprintOf(
  method: string,
  path: string,
  fields: Readonly<Record<string, string>>,
  files: Readonly<Record<string, { sha256: string }>>,
): string {
  const parts = [
    method,
    path,
    ...Object.entries(fields)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => `${name}=${value}`),
    ...Object.entries(files)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, file]) => `${name}@${file.sha256}`),
  ];
  return sha256(parts.join('\u0000'));
}
