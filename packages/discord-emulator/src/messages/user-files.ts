import type { EmulatorContext } from '../context.js';
import type { StoredAttachment } from '../types.js';
import { attachmentUrl } from './attachments.js';
import { contentTypeFromName } from './image-info.js';

/** A file a user uploads: as a command option (ATTACHMENT), or with a message they post. */
export interface UserFile {
  readonly filename: string;
  readonly bytes: Uint8Array;
  /** As the user's client declares it; default: guessed from the file name (never sniffed, so a test can lie). */
  readonly contentType?: string;
  readonly description?: string;
}

export const isUserFile = (value: unknown): value is UserFile =>
  typeof value === 'object' &&
  value !== null &&
  'bytes' in value &&
  value.bytes instanceof Uint8Array &&
  'filename' in value &&
  typeof value.filename === 'string';

/** Stores the bytes for the CDN under a fresh attachment id, in the channel's URL space. */
export function storeUserFile(ctx: EmulatorContext, channelId: string, file: UserFile): StoredAttachment {
  const id = ctx.mint.next();
  const bytes = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
  return {
    id,
    filename: file.filename,
    contentType: file.contentType ?? contentTypeFromName(file.filename),
    size: bytes.length,
    url: attachmentUrl(ctx, channelId, id, file.filename),
    description: file.description ?? null,
    bytes,
  };
}
