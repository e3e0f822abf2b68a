import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type ImageFiles = ReturnType<typeof createImageFiles>;

const SAFE_NAME = /^[a-z0-9]{10}-\d\.(png|jpeg|jpg|webp)$/;

/**
 * Result images kept on disk for later variations and upscales, capped in total size: the oldest are evicted first
 * (their messages' attachments are fetched again when a button needs them).
 */
export function createImageFiles(dir: string, maxBytes: number) {
  mkdirSync(dir, { recursive: true });
  // Oldest first, so eviction can shift from the front.
  const entries = readdirSync(dir)
    .filter((name) => SAFE_NAME.test(name))
    .map((name) => {
      const stat = statSync(join(dir, name));
      return { name, bytes: stat.size, mtime: stat.mtimeMs };
    })
    .sort((a, b) => a.mtime - b.mtime);
  let total = entries.reduce((sum, e) => sum + e.bytes, 0);

  const evict = () => {
    while (total > maxBytes && entries.length > 1) {
      const oldest = entries.shift();
      if (!oldest) break;
      rmSync(join(dir, oldest.name), { force: true });
      total -= oldest.bytes;
    }
  };
  evict();

  return {
    save(jobId: string, index: number, bytes: Uint8Array, extension: string): string {
      const name = `${jobId}-${index}.${extension}`;
      if (!SAFE_NAME.test(name)) throw new Error(`refusing to store an image as ${name}`);
      writeFileSync(join(dir, name), bytes);
      entries.push({ name, bytes: bytes.byteLength, mtime: Date.now() });
      total += bytes.byteLength;
      evict();
      return name;
    },

    /** The stored bytes, or undefined when the file was evicted or never kept. */
    read(name: string): Uint8Array | undefined {
      if (!SAFE_NAME.test(name)) return undefined;
      try {
        return readFileSync(join(dir, name));
      } catch {
        return undefined;
      }
    },

    totalBytes: () => total,
  };
}
