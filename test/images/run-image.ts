import type { CallOptions, ImageBackend, ImageResult } from '../../src/images/backend.js';
import type {
  GenerateRequest,
  ImageToImageRequest,
  StabilityRequest,
  UpscaleFastRequest,
} from '../../src/stability/request.js';

/** A backend or a bare Stability client: both `run` one request per call. */
type Runner = Pick<ImageBackend, 'run'>;

/** One `run` that must answer an image (every kind but creative upscale). */
export async function runImage(
  backend: Runner,
  request: StabilityRequest,
  options?: CallOptions,
): Promise<ImageResult> {
  const result = await backend.run(request, options);
  if ('pending' in result) throw new Error(`${request.kind} answered pending`);
  return result;
}

export const generate = (backend: Runner, request: Omit<GenerateRequest, 'kind'>, options?: CallOptions) =>
  runImage(backend, { kind: 'generate', ...request }, options);
export const vary = (backend: Runner, request: Omit<ImageToImageRequest, 'kind'>, options?: CallOptions) =>
  runImage(backend, { kind: 'image-to-image', ...request }, options);
export const upscale = (backend: Runner, request: Omit<UpscaleFastRequest, 'kind'>, options?: CallOptions) =>
  runImage(backend, { kind: 'upscale-fast', ...request }, options);
