import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { EmulatorContext } from '../context.js';
import type { FaultResponse } from '../faults/rest-faults.js';
import { parsePayload, type RequestPayload, readRawBody } from './body.js';
import { ApiError, Errors } from './errors.js';
import { matchRoute, type RestRequest, type RouteDefinition, type RouteName } from './router.js';
import { serveAttachment } from './routes/attachments.js';

/**
 * Answers a request outside `/api` and `/attachments` (the playground page and its endpoints); resolves to whether it
 * did, so the next handler (and finally the emulator's 404) can take the others.
 */
export type PageHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

export interface HttpServerOptions {
  readonly routes: readonly RouteDefinition[];
  readonly onUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** Read on every request, so handlers added after the server started still answer. */
  readonly pages?: () => readonly PageHandler[];
}

/** One HTTP server on 127.0.0.1 for REST (`/api`), the attachment CDN (`/attachments`) and the gateway (`/gateway`). */
export function createHttpServer(ctx: () => EmulatorContext, options: HttpServerOptions): Server {
  const server = createServer((req, res) => {
    void handle(ctx(), options, req, res);
  });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://emulator.invalid').pathname === '/gateway') {
      options.onUpgrade(req, socket, head);
      return;
    }
    socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
  });
  return server;
}

async function handle(ctx: EmulatorContext, options: HttpServerOptions, req: IncomingMessage, res: ServerResponse) {
  const started = performance.now();
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  if (url.pathname.startsWith('/attachments/')) return serveAttachment(ctx, url.pathname, res);
  if (!url.pathname.startsWith('/api/') && (await servePage(ctx, options.pages?.() ?? [], req, res, url))) return;
  const routes = options.routes;
  const method = (req.method ?? 'GET').toUpperCase();
  const path = url.pathname.replace(/^\/api(\/v10)?(?=\/)/, '');
  let route = path;
  let name: RouteName | null = null;
  let payload: RequestPayload | undefined;
  let status = 500;
  let body: unknown;
  let headers: Readonly<Record<string, string>> = {};
  let fault: FaultResponse | undefined;
  try {
    // Only a bot's API calls can be violations; a browser asking for /favicon.ico just gets a 404.
    if (!url.pathname.startsWith('/api/')) throw Errors.notFound();
    if (!url.pathname.startsWith('/api/v10/')) throw unsupported(ctx, method, url.pathname, 'only /api/v10 is served');
    const match = matchRoute(routes, method, path);
    if (match.kind === 'wrong-method') {
      route = match.pattern;
      throw Errors.methodNotAllowed();
    }
    if (match.kind === 'none') throw unsupported(ctx, method, path, 'route not implemented by the emulator');
    route = match.definition.pattern;
    name = match.definition.name;
    if (match.definition.auth && req.headers.authorization !== `Bot ${ctx.config.token}`) throw Errors.unauthorized();
    const raw = await readRawBody(req);
    const request: RestRequest = {
      method,
      route,
      path,
      params: match.params,
      query: url.searchParams,
      headers: req.headers,
      payload: async () => {
        payload ??= await parsePayload(raw, req.headers['content-type']);
        return payload;
      },
    };
    fault = ctx.faults.match({ method, route, name, path });
    // An injected failure answers before the handler runs, so the request changes nothing (unless afterApplying).
    if (!fault || fault.afterApplying) {
      const response = await match.definition.handler(ctx, request);
      status = response.status;
      body = response.body;
    }
  } catch (error) {
    if (error instanceof ApiError) {
      status = error.status;
      body = error.toBody();
    } else {
      // An emulator bug must not look like a bot bug, but must not pass silently either.
      status = 500;
      body = { message: '500: Internal Server Error', code: 0 };
      ctx.diagnostics.recordViolation({
        source: 'route',
        method,
        route,
        code: 500,
        message: `emulator crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        errors: null,
      });
    }
  }
  if (fault) {
    // Whatever the handler did (or threw) when applying first, the bot sees the injected failure.
    status = fault.status;
    body = fault.body;
    headers = fault.headers;
  }
  write(res, status, body, headers);
  ctx.diagnostics.recordCall({
    at: ctx.clock.now(),
    method,
    route,
    name,
    path,
    status,
    code: status >= 400 && typeof body === 'object' && body !== null && 'code' in body ? Number(body.code) : null,
    body: summarise(payload),
    durationMs: Math.round((performance.now() - started) * 100) / 100,
    ...(fault ? { injected: true } : {}),
  });
}

async function servePage(
  ctx: EmulatorContext,
  pages: readonly PageHandler[],
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  try {
    for (const page of pages) if (await page(req, res, url)) return true;
    return false;
  } catch (error) {
    // A page bug is not the bot's: warn instead of recording a violation, and never leave the request hanging.
    ctx.diagnostics.logger.warn(`page handler for ${url.pathname} threw: ${String(error)}`);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('500: page handler failed');
    return true;
  }
}

function unsupported(ctx: EmulatorContext, method: string, path: string, why: string): ApiError {
  ctx.diagnostics.recordViolation({ source: 'route', method, route: path, code: 404, message: why, errors: null });
  return Errors.notFound();
}

/**
 * Bodies are always JSON (@discordjs/rest hands back an ArrayBuffer for any other content type); a 204 carries no
 * content type at all, since @discordjs/rest would try to parse the empty body as JSON.
 */
function write(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>>) {
  if (status === 204 || body === undefined) {
    res.writeHead(204, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function summarise(payload: RequestPayload | undefined): string {
  if (!payload) return '';
  const json = payload.json === undefined ? '' : JSON.stringify(payload.json);
  const files = payload.files.map((f) => ` files[${f.index}]=${f.filename} (${f.bytes.length} B)`).join('');
  return `${json.length > 500 ? `${json.slice(0, 500)}…` : json}${files}`;
}
