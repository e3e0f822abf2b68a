import type { IncomingHttpHeaders } from 'node:http';
import type { EmulatorContext } from '../context.js';
import type { RequestPayload } from './body.js';

export interface RestRequest {
  readonly method: string;
  /** Route template, e.g. `/channels/:channel/messages`. */
  readonly route: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** Parsed once on first use (JSON or multipart). */
  payload(): Promise<RequestPayload>;
}

export interface RestResponse {
  readonly status: number;
  readonly body?: unknown;
}

export type RouteHandler = (ctx: EmulatorContext, req: RestRequest) => Promise<RestResponse> | RestResponse;

/** Short names for routes, used by fault injection (`faults.add({ routes: ['webhook-edit'] })`) and in `calls`. */
export type RouteName =
  | 'gateway'
  | 'gateway-bot'
  | 'users-me'
  | 'applications-me'
  | 'channel-get'
  | 'guild-member-get'
  | 'callback'
  | 'followup'
  | 'webhook-get'
  | 'webhook-edit'
  | 'webhook-delete'
  | 'channel-messages-list'
  | 'channel-message-create'
  | 'channel-message-get'
  | 'channel-message-edit'
  | 'channel-message-delete'
  | 'commands-list'
  | 'commands-put'
  | 'command-create'
  | 'command-get'
  | 'command-edit'
  | 'command-delete';

export interface RouteDefinition {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly pattern: string;
  readonly name: RouteName;
  /** Bot-token routes need `Authorization: Bot <token>`; interaction and webhook-token routes need none. */
  readonly auth: boolean;
  readonly handler: RouteHandler;
}

export type RouteMatch =
  | { readonly kind: 'found'; readonly definition: RouteDefinition; readonly params: Record<string, string> }
  | { readonly kind: 'wrong-method'; readonly pattern: string }
  | { readonly kind: 'none' };

export function matchRoute(routes: readonly RouteDefinition[], method: string, path: string): RouteMatch {
  const segments = path.split('/').filter(Boolean).map(safeDecode);
  let wrongMethod: string | undefined;
  for (const definition of routes) {
    const params = matchSegments(definition.pattern, segments);
    if (!params) continue;
    if (definition.method === method) return { kind: 'found', definition, params };
    wrongMethod ??= definition.pattern;
  }
  return wrongMethod ? { kind: 'wrong-method', pattern: wrongMethod } : { kind: 'none' };
}

function matchSegments(pattern: string, segments: readonly string[]): Record<string, string> | undefined {
  const parts = pattern.split('/').filter(Boolean);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    const segment = segments[i] ?? '';
    if (part.startsWith(':')) params[part.slice(1)] = segment;
    else if (part !== segment) return undefined;
  }
  return params;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
