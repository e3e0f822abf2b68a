import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PageHandler } from '@imagine-bot/discord-emulator';
import { createEmojiAssets, EMOJI_CACHE_CONTROL } from './emoji-assets.js';
import { openEventStream, pageSnapshot } from './event-stream.js';
import { PageRequestError, readJson, sendBytes, sendJson } from './http-io.js';
import { runAction } from './page-actions.js';
import type { PageDeps } from './page-deps.js';
import { readAsset, staticFolder } from './static-assets.js';
import { resolveViewer } from './world-view.js';

const ASSETS = '/playground/assets/';
const API = '/playground/api/';
const EMOJI = '/playground/emoji/';
/** The page imports the emoji parser from here (`../vendor/twemoji.js` relative to its own modules). */
const EMOJI_PARSER = '/playground/vendor/twemoji.js';

/**
 * The playground's routes on the emulator's HTTP server: the page (`/`, `/playground`), its files, and its API
 * (`/playground/api/events` SSE, `snapshot`, and POST `command`, `message`, `app`, `button`, `modal`, `clock`,
 * `faults`), and the
 * Twemoji images and parser (`/playground/emoji/NAME.svg`, `/playground/vendor/twemoji.js`).
 */
export function createPageHandler(deps: PageDeps): PageHandler {
  const folder = staticFolder();
  const emoji = createEmojiAssets();
  return async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (method === 'GET' && (path === '/' || path === '/playground' || path === '/playground/')) {
      return serveAsset(res, folder, 'index.html');
    }
    // Browsers ask for it whatever the page says; answered here so it is not logged as a bot mistake.
    if (path === '/favicon.ico') return serveAsset(res, folder, 'favicon.svg');
    if (method === 'GET' && path.startsWith(ASSETS)) return serveAsset(res, folder, path.slice(ASSETS.length));
    if (method === 'GET' && path.startsWith(EMOJI)) {
      const svg = await emoji.svg(path.slice(EMOJI.length));
      if (svg) sendBytes(res, 200, svg.contentType, svg.bytes, EMOJI_CACHE_CONTROL);
      else sendJson(res, 404, { error: 'no such emoji' });
      return true;
    }
    if (method === 'GET' && path === EMOJI_PARSER) {
      const parser = await emoji.parser();
      sendBytes(res, 200, parser.contentType, parser.bytes, EMOJI_CACHE_CONTROL);
      return true;
    }
    if (!path.startsWith(API)) {
      if (!path.startsWith('/playground')) return false;
      sendJson(res, 404, { error: 'not found' });
      return true;
    }
    const endpoint = path.slice(API.length);
    try {
      if (method === 'GET' && (endpoint === 'events' || endpoint === 'snapshot')) {
        const viewer = resolveViewer(deps.emulator, url.searchParams.get('user'));
        if (!viewer) throw new PageRequestError(`unknown user ${url.searchParams.get('user')}`, 404);
        if (endpoint === 'events') openEventStream(deps, viewer, req, res);
        else sendJson(res, 200, pageSnapshot(deps, viewer));
        return true;
      }
      if (method !== 'POST') throw new PageRequestError(`${method} ${path} is not served`, 405);
      sendJson(res, 200, runAction(deps, endpoint, await readJson(req)));
    } catch (error) {
      if (!(error instanceof PageRequestError)) throw error;
      sendJson(res, error.status, { error: error.message });
    }
    return true;
  };
}

async function serveAsset(res: ServerResponse, folder: string, name: string): Promise<true> {
  const asset = await readAsset(folder, name);
  if (asset) sendBytes(res, 200, asset.contentType, asset.bytes);
  else sendJson(res, 404, { error: `no asset ${name}` });
  return true;
}
