/**
 * The one place that names result attachments and maps image types to extensions: the publisher writes these
 * names, /show and the buttons read them back to find which image of which job an attachment is.
 */

/** Discord shows an attachment whose name starts with `SPOILER_` blurred until clicked. */
export const SPOILER_PREFIX = 'SPOILER_';

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

const MIMES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
};

/** File extension for an image MIME type (`jpg` for JPEG). */
export function extensionForMime(mime: string): string {
  return EXTENSIONS[mime] ?? mime.split('/')[1]?.split(/[;+]/)[0] ?? 'bin';
}

export function mimeForExtension(extension: string): string | undefined {
  return MIMES[extension.toLowerCase()];
}

export function resultAttachmentName(jobId: string, index: number, mime: string, spoiler: boolean): string {
  return `${spoiler ? SPOILER_PREFIX : ''}imagine-${jobId}-${index + 1}.${extensionForMime(mime)}`;
}

const RESULT_NAME = /^(?:SPOILER_)?imagine-([a-z0-9]{10})-(\d)\.([a-z]+)$/;

/** Which image of which job an attachment the bot posted holds; undefined for any other file. */
export function parseResultAttachmentName(name: string): { jobId: string; index: number } | undefined {
  const match = RESULT_NAME.exec(name);
  if (!match?.[1] || !match[2]) return undefined;
  return { jobId: match[1], index: Number(match[2]) - 1 };
}
