import { FormData } from 'undici';
import type { PreparedImage } from './inputs.js';
import { ENDPOINTS, endpointOf, MODELS } from './models.js';
import type { StabilityRequest } from './request.js';
import { REQUEST_FIELDS, wireName } from './request-fields.js';

const EXTENSIONS = { png: 'png', jpeg: 'jpg', webp: 'webp' } as const;

/** A request ready to send: where it goes, what it accepts back, and its multipart body. */
export interface PreparedForm {
  path: string;
  /** Async endpoints answer JSON `{id}`; the others the image itself. */
  accept: 'image/*' | 'application/json';
  async: boolean;
  form: FormData;
}

/**
 * The multipart body of a validated request whose images were prepared (`prepareInputs`). Only fields the caller set
 * are sent, so Stability's defaults apply; the kind's field list decides what may go, so `aspect_ratio` never rides
 * along with an image where the server rejects it.
 */
export function formFor(request: StabilityRequest, images: readonly PreparedImage[]): PreparedForm {
  const endpoint = ENDPOINTS[endpointOf(request)];
  const form = new FormData();
  if (request.kind === 'generate' || request.kind === 'image-to-image') {
    const { sd3Model } = MODELS[request.model];
    if (sd3Model !== undefined) form.append('model', sd3Model);
    if (sd3Model !== undefined && request.kind === 'image-to-image') form.append('mode', 'image-to-image');
  }
  const record = request as unknown as Record<string, unknown>;
  for (const property of Object.keys(REQUEST_FIELDS[request.kind].rules)) {
    const value = record[property];
    if (typeof value === 'string' || typeof value === 'number') form.append(wireName(property), String(value));
  }
  for (const image of images) {
    const type = `image/${image.format}`;
    form.append(image.field, new Blob([image.bytes], { type }), `${image.field}.${EXTENSIONS[image.format]}`);
  }
  return { path: endpoint.path, accept: endpoint.async ? 'application/json' : 'image/*', async: endpoint.async, form };
}
