import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { StaticAsset } from './static-assets.js';

/** Twemoji file names: code points in lower-case hex joined by dashes (`1f504.svg`, `1f468-200d-1f3a8.svg`). */
const EMOJI_NAME = /^[0-9a-f]{2,6}(?:-[0-9a-f]{2,6}){0,9}\.svg$/;

/** Emoji never change within a version of the package, so the browser may keep them; one page draws hundreds. */
export const EMOJI_CACHE_CONTROL = 'public, max-age=86400, immutable';

/**
 * Discord's own Twemoji build (`@discordapp/twemoji`), served from node_modules: Discord draws emoji as images, and
 * a machine without an emoji font would otherwise show empty boxes. Nothing is fetched from a CDN.
 */
export interface EmojiAssets {
  /** One emoji's SVG, or undefined for a name that is not a Twemoji file. */
  svg(name: string): Promise<StaticAsset | undefined>;
  /** The package's ES module (its emoji regular expression and code point helpers), for the page. */
  parser(): Promise<StaticAsset>;
}

export function createEmojiAssets(): EmojiAssets {
  const root = dirname(createRequire(import.meta.url).resolve('@discordapp/twemoji/package.json'));
  const folder = join(root, 'dist', 'svg');
  return {
    async svg(name) {
      if (!EMOJI_NAME.test(name)) return undefined;
      try {
        return { contentType: 'image/svg+xml', bytes: await readFile(join(folder, name)) };
      } catch {
        return undefined;
      }
    },
    async parser() {
      return {
        contentType: 'text/javascript; charset=utf-8',
        bytes: await readFile(join(root, 'dist', 'twemoji.esm.js')),
      };
    },
  };
}
