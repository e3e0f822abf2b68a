import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

/** Flat names only: nothing a request names can leave the folder. */
const ASSET_NAME = /^[a-z0-9-]+\.(html|js|css|svg)$/;

export interface StaticAsset {
  readonly contentType: string;
  readonly bytes: Buffer;
}

/**
 * The page's files sit next to this module as plain HTML/CSS/JS (no build step). Under tsx that is
 * src/playground/static; a tsc build (dist/src/playground) does not copy them, so the source folder is the fallback.
 * The Docker image runs the bot only and never serves them.
 */
export function staticFolder(): string {
  const candidates = [
    fileURLToPath(new URL('./static/', import.meta.url)),
    fileURLToPath(new URL('../../../src/playground/static/', import.meta.url)),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? (candidates[0] as string);
}

/** Read on each request, so editing the page needs a browser reload, not a restart. */
export async function readAsset(folder: string, name: string): Promise<StaticAsset | undefined> {
  const match = ASSET_NAME.exec(name);
  const contentType = match?.[1] ? CONTENT_TYPES[match[1]] : undefined;
  if (!contentType) return undefined;
  try {
    return { contentType, bytes: await readFile(join(folder, name)) };
  } catch {
    return undefined;
  }
}
