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

/** The page's files sit next to this module as plain HTML/CSS/JS: no build step, the playground runs under tsx. */
export function staticFolder(): string {
  return fileURLToPath(new URL('./static/', import.meta.url));
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
