import type { APIAttachment } from 'discord-api-types/v10';
import type { EmulatorContext } from '../context.js';
import type { UploadedFile } from '../rest/body.js';
import type { StoredAttachment } from '../types.js';
import { arrayOf, objOf, stringOf } from '../validation/shape.js';
import { contentTypeFor, readImageInfo } from './image-info.js';

interface AttachmentSpec {
  readonly id: string;
  readonly filename: string | undefined;
  readonly description: string | undefined;
  readonly spoiler: boolean;
}

function specsOf(attachments: unknown): AttachmentSpec[] {
  return arrayOf(attachments).flatMap((item) => {
    const spec = objOf(item);
    if (!spec || spec.id === undefined || spec.id === null) return [];
    return [
      {
        id: String(spec.id),
        filename: stringOf(spec.filename),
        description: stringOf(spec.description),
        spoiler: spec.is_spoiler === true,
      },
    ];
  });
}

/** The CDN URL the emulator serves the bytes from, so a bot can re-download a message's attachment. */
export function attachmentUrl(ctx: EmulatorContext, channelId: string, id: string, filename: string): string {
  return `${ctx.baseUrl()}/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
}

/**
 * Discord's rule for creates and edits: uploaded `files[n]` become attachments (named by `attachments[].id = n` when
 * listed); on edit, an `attachments` array keeps only the existing attachments it lists, and omitting it keeps all.
 */
export function resolveAttachments(
  ctx: EmulatorContext,
  channelId: string,
  body: unknown,
  uploads: readonly UploadedFile[],
  existing: readonly StoredAttachment[],
): StoredAttachment[] {
  const listed = objOf(body)?.attachments;
  const specs = specsOf(listed);
  const kept = Array.isArray(listed)
    ? existing.flatMap((a) => {
        const spec = specs.find((s) => s.id === a.id);
        return spec ? [{ ...a, description: spec.description ?? a.description }] : [];
      })
    : [...existing];
  const added = uploads.map((upload): StoredAttachment => {
    const spec = specs.find((s) => s.id === String(upload.index));
    const filename = spec?.filename ?? upload.filename;
    const id = ctx.mint.next();
    return {
      id,
      filename,
      contentType: contentTypeFor(filename, upload.contentType, upload.bytes),
      size: upload.bytes.length,
      url: attachmentUrl(ctx, channelId, id, filename),
      description: spec?.description ?? null,
      bytes: upload.bytes,
    };
  });
  return [...kept, ...added];
}

export function apiAttachment(file: StoredAttachment, ephemeral: boolean): APIAttachment {
  const image = readImageInfo(file.bytes);
  return {
    id: file.id,
    filename: file.filename,
    size: file.size,
    url: file.url,
    proxy_url: file.url,
    ...(file.contentType ? { content_type: file.contentType } : {}),
    ...(image ? { width: image.width, height: image.height } : {}),
    ...(file.description === null ? {} : { description: file.description }),
    ...(ephemeral ? { ephemeral: true } : {}),
  };
}
