import { type Dispatcher, request } from 'undici';
import { readImageHeader } from '../stability/image-header.js';

/** Stability refuses bodies over 10 MiB, so no image input may be larger. @unit bytes */
export const MAX_INPUT_BYTES = 10 * 1024 * 1024;

/** Discord serves attachments from these hosts; nothing else is ever fetched on a member's behalf. */
const DISCORD_HOSTS = ['cdn.discordapp.com', 'media.discordapp.net'];

export interface DownloadedImage {
  bytes: Uint8Array;
  mime: string;
  width: number;
  height: number;
}

/** Why an attachment is not used; the message is safe to show the member who gave it. */
export class AttachmentRefusedError extends Error {
  override readonly name = 'AttachmentRefusedError';
}

export interface AttachmentFetcherOptions {
  dispatcher?: Dispatcher;
  /** Origins allowed besides Discord's attachment hosts (the emulator's, from DISCORD_API_URL). */
  extraOrigins: readonly string[];
  timeoutMs: number;
  maxBytes?: number;
}

export type FetchImage = (url: string) => Promise<DownloadedImage>;

/**
 * Fetches an image a member gave (an attachment, a message's image) or one the bot posted and no longer keeps:
 * only from Discord's attachment hosts, at most `maxBytes` (counted while it streams, so a lying server cannot make
 * the bot hold more), and only when its bytes are a PNG, JPEG or WebP whatever its name or content type claims.
 */
export function createAttachmentFetcher(options: AttachmentFetcherOptions): FetchImage {
  const maxBytes = options.maxBytes ?? MAX_INPUT_BYTES;
  const origins = new Set(options.extraOrigins.map((origin) => new URL(origin).origin));

  const allowed = (url: URL) =>
    (url.protocol === 'https:' && DISCORD_HOSTS.includes(url.hostname)) || origins.has(url.origin);

  return async (text) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new AttachmentRefusedError('That is not a link to a Discord attachment.');
    }
    if (!allowed(url)) throw new AttachmentRefusedError('Images are only taken from Discord attachments.');
    const response = await request(url, {
      method: 'GET',
      signal: AbortSignal.timeout(options.timeoutMs),
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new AttachmentRefusedError(
        `Discord did not hand over the image (HTTP ${response.statusCode}); it may have been deleted.`,
      );
    }
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body.dump();
      throw new AttachmentRefusedError(tooLarge(maxBytes));
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of response.body) {
      const bytes = chunk as Uint8Array;
      total += bytes.byteLength;
      if (total > maxBytes) {
        response.body.destroy();
        throw new AttachmentRefusedError(tooLarge(maxBytes));
      }
      chunks.push(bytes);
    }
    const bytes = new Uint8Array(Buffer.concat(chunks));
    const header = readImageHeader(bytes);
    if (!header)
      throw new AttachmentRefusedError('That file is not a PNG, JPEG or WebP image (whatever its name says).');
    return { bytes, mime: header.mime, width: header.width, height: header.height };
  };
}

function tooLarge(maxBytes: number): string {
  return `That image is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB, the most Stability accepts.`;
}
