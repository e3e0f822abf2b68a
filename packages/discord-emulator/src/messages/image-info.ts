export interface ImageInfo {
  readonly contentType: string;
  readonly width: number;
  readonly height: number;
}

/**
 * Discord reports `width`/`height` for image attachments; bots and the playground use them, so read them from the
 * header (PNG, JPEG, GIF, WebP) instead of pulling in an image library.
 */
export function readImageInfo(bytes: Buffer): ImageInfo | undefined {
  if (bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.toString('ascii', 12, 16) === 'IHDR') {
    return { contentType: 'image/png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (bytes.length >= 10 && bytes.toString('ascii', 0, 3) === 'GIF') {
    return { contentType: 'image/gif', width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
  }
  if (bytes.length >= 30 && bytes.toString('ascii', 0, 4) === 'RIFF' && bytes.toString('ascii', 8, 12) === 'WEBP') {
    return readWebp(bytes);
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) return readJpeg(bytes);
  return undefined;
}

function readWebp(bytes: Buffer): ImageInfo | undefined {
  const chunk = bytes.toString('ascii', 12, 16);
  if (chunk === 'VP8X') {
    return { contentType: 'image/webp', width: 1 + bytes.readUIntLE(24, 3), height: 1 + bytes.readUIntLE(27, 3) };
  }
  if (chunk === 'VP8L') {
    const bits = bytes.readUInt32LE(21);
    return { contentType: 'image/webp', width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
  }
  if (chunk === 'VP8 ') {
    return {
      contentType: 'image/webp',
      width: bytes.readUInt16LE(26) & 0x3fff,
      height: bytes.readUInt16LE(28) & 0x3fff,
    };
  }
  return undefined;
}

function readJpeg(bytes: Buffer): ImageInfo | undefined {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1] ?? 0;
    const length = bytes.readUInt16BE(offset + 2);
    // SOF0-SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return {
        contentType: 'image/jpeg',
        height: bytes.readUInt16BE(offset + 5),
        width: bytes.readUInt16BE(offset + 7),
      };
    }
    offset += 2 + length;
  }
  return undefined;
}

const EXTENSION_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  txt: 'text/plain; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** What the extension says, as a client guesses before uploading; null for unknown extensions. */
export function contentTypeFromName(filename: string): string | null {
  const extension = filename.includes('.') ? (filename.split('.').pop()?.toLowerCase() ?? '') : '';
  return EXTENSION_TYPES[extension] ?? null;
}

/** Discord derives `content_type` from the upload; fall back to the extension when the part has none. */
export function contentTypeFor(filename: string, declared: string | null, bytes: Buffer): string | null {
  const sniffed = readImageInfo(bytes)?.contentType;
  if (sniffed) return sniffed;
  if (declared && declared !== 'application/octet-stream') return declared;
  return contentTypeFromName(filename) ?? declared;
}
