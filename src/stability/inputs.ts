import { MAX_REQUEST_BYTES } from './enums.js';
import { RequestRefusedError } from './errors.js';
import { type ImageFormat, readImageHeader } from './image-header.js';
import { checkInput, limitsFor } from './input-limits.js';
import type { ImageField, InputFitted, StabilityRequest } from './request.js';
import { REQUEST_FIELDS } from './request-fields.js';
import { compressToBytes, ImageFitError, resizeImage } from './resize.js';

/** Room left in the 10 MiB request for the text fields and multipart framing. */
const FORM_OVERHEAD_BYTES = 128 * 1024;

export interface PreparedImage {
  field: ImageField;
  bytes: Uint8Array;
  format: ImageFormat;
  width: number;
  height: number;
}

export interface PreparedInputs {
  images: PreparedImage[];
  inputFitted?: InputFitted;
}

function refuse(problem: string, cause?: unknown): never {
  throw new RequestRefusedError([problem], cause);
}

/**
 * Reads every input image's header (never its pixels), refuses what the endpoint would refuse and shrinks what is
 * over its maximum, keeping the aspect ratio. sharp is loaded only when an image must actually be resized.
 */
export async function prepareInputs(request: StabilityRequest): Promise<PreparedInputs> {
  if (request.kind === 'generate') return { images: [] };
  const images: PreparedImage[] = [];
  const fitted: InputFitted[] = [];
  const record = request as unknown as Record<string, unknown>;
  for (const [property, field] of Object.entries(REQUEST_FIELDS[request.kind].images)) {
    const bytes = record[property];
    if (!(bytes instanceof Uint8Array)) refuse(`${field}: required`);
    const header = readImageHeader(bytes);
    if (header === undefined) refuse(`${field}: must be a PNG, JPEG or WebP image (judged by its bytes)`);
    const check = checkInput(request.kind, header.width, header.height, field);
    if (!check.ok) refuse(check.reason);
    if (!check.fitted) {
      images.push({ field, bytes, format: header.format, width: header.width, height: header.height });
      continue;
    }
    const resized = await resizeImage(bytes, check.width, check.height, header.format).catch((error: unknown) => {
      if (error instanceof ImageFitError) refuse(`${field}: ${error.message}`, error);
      throw error;
    });
    images.push({ field, bytes: resized, format: header.format, width: check.width, height: check.height });
    fitted.push({
      field,
      fromWidth: header.width,
      fromHeight: header.height,
      width: check.width,
      height: check.height,
    });
  }
  await fitRequestBytes(request.kind, images, fitted);
  const first = fitted[0];
  return first === undefined ? { images } : { images, inputFitted: first };
}

/** Shrinks the largest image (WebP, alpha kept) until the images fit the 10 MiB cap, or refuses: a 413 costs a call. */
async function fitRequestBytes(
  kind: Exclude<StabilityRequest['kind'], 'generate'>,
  images: PreparedImage[],
  fitted: InputFitted[],
): Promise<void> {
  const budget = MAX_REQUEST_BYTES - FORM_OVERHEAD_BYTES;
  const total = () => images.reduce((sum, image) => sum + image.bytes.length, 0);
  while (total() > budget) {
    const largest = images.reduce((a, b) => (b.bytes.length > a.bytes.length ? b : a));
    const others = total() - largest.bytes.length;
    const target = budget - others;
    const { minSide } = limitsFor(kind, largest.field);
    const compressed =
      target > 0 ? await compressToBytes(largest.bytes, largest.width, largest.height, target, minSide) : undefined;
    if (compressed === undefined) refuse(`${largest.field}: too large to send within Stability's 10 MiB request limit`);
    if (compressed.width !== largest.width || compressed.height !== largest.height) {
      const earlier = fitted.find((entry) => entry.field === largest.field);
      const from = earlier ?? { fromWidth: largest.width, fromHeight: largest.height };
      const entry: InputFitted = {
        field: largest.field,
        fromWidth: from.fromWidth,
        fromHeight: from.fromHeight,
        width: compressed.width,
        height: compressed.height,
      };
      if (earlier) Object.assign(earlier, entry);
      else fitted.push(entry);
    }
    Object.assign(largest, compressed);
  }
  // init_image shapes a style transfer's output, so it is the one reported when both were shrunk.
  fitted.sort((a, b) => (a.field === 'init_image' ? -1 : b.field === 'init_image' ? 1 : 0));
}
