import type { ServerResponse } from 'node:http';
import type { EmulatorContext } from '../../context.js';

/** The emulator's stand-in for cdn.discordapp.com: `/attachments/{channel}/{attachment}/{filename}`. */
export function serveAttachment(ctx: EmulatorContext, pathname: string, res: ServerResponse): void {
  const [, , channelId, attachmentId] = pathname.split('/');
  const file = attachmentId ? ctx.store.attachment(attachmentId) : undefined;
  if (!file?.url.includes(`/attachments/${channelId}/`)) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('404: Not Found');
    return;
  }
  res.writeHead(200, {
    'content-type': file.contentType ?? 'application/octet-stream',
    'content-length': file.bytes.length,
  });
  res.end(file.bytes);
}
