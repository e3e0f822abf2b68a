import { STATUS_CODES } from 'node:http';
import type { RESTOptions, ResponseLike } from '@discordjs/rest';
import { type Dispatcher, request } from 'undici';

type MakeRequest = RESTOptions['makeRequest'];
type Init = Parameters<MakeRequest>[1];

/**
 * discord.js's REST calls, sent through our own undici 7 agent. discord.js bundles undici 6, and both versions share
 * undici's global dispatcher slot, which undici 7 fills when it loads; undici 6 then hands its multipart bodies to a
 * version-7 agent that cannot read them ("action is not a function"). Encoding the multipart body ourselves and
 * sending it on an explicit agent keeps the two versions apart.
 */
export function createRestTransport(dispatcher: Dispatcher): MakeRequest {
  return async (url: string, init: Init): Promise<ResponseLike> => {
    const headers = new Headers(init.headers as ConstructorParameters<typeof Headers>[0]);
    let body: string | Uint8Array | null = null;
    if (init.body instanceof FormData) {
      const encoded = new Response(init.body);
      headers.set('content-type', encoded.headers.get('content-type') ?? 'multipart/form-data');
      body = new Uint8Array(await encoded.arrayBuffer());
    } else if (typeof init.body === 'string' || init.body instanceof Uint8Array) {
      body = init.body;
    } else if (init.body != null) {
      body = new Uint8Array(await new Response(init.body as ConstructorParameters<typeof Response>[0]).arrayBuffer());
    }
    const response = await request(url, {
      method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
      headers: Object.fromEntries(headers),
      body,
      dispatcher,
      ...(init.signal ? { signal: init.signal as AbortSignal } : {}),
    });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (Array.isArray(value)) for (const item of value) responseHeaders.append(name, item);
      else if (value !== undefined) responseHeaders.set(name, value);
    }
    return {
      body: response.body,
      arrayBuffer: () => response.body.arrayBuffer(),
      json: () => response.body.json(),
      text: () => response.body.text(),
      get bodyUsed() {
        return response.body.bodyUsed;
      },
      headers: responseHeaders,
      status: response.statusCode,
      statusText: STATUS_CODES[response.statusCode] ?? '',
      ok: response.statusCode >= 200 && response.statusCode < 300,
    } as ResponseLike;
  };
}
