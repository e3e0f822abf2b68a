import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { MAX_SEED, MODELS, type OutputFormat, UPSCALE_FAST_CREDITS } from '../stability/models.js';
import type {
  CallOptions,
  GenerateRequest,
  ImageBackend,
  ImageResult,
  UpscaleRequest,
  VaryRequest,
} from './backend.js';
import { outputSize } from './dimensions.js';
import { badRequest, errorForFault } from './fault-errors.js';
import { faultFromPrompt, type LocalFaultKind, type LocalFaults } from './faults.js';
import { fitToPixelLimit, ImageFitError, UPSCALE_FAST_LIMIT } from './fit.js';
import { blend, decodeImage, labelledImage, renderScene, resampledImage } from './local-raster.js';
import { validateGenerate, validateVary } from './local-validate.js';

export interface LocalBackendOptions {
  /** Fault switch shared with the playground or a test; absent = calls never fail. */
  faults?: LocalFaults;
  /** Draws seeds for requests without one; must return a number in [0, 1). @default Math.random */
  random?: () => number;
  /** Simulated service time added to every call, in milliseconds; aborted by `CallOptions.signal`. @default 0 */
  latencyMs?: number;
  /**
   * A pretend account balance in credits, reported by `balance()` and lowered by every charged call, so the
   * playground shows budgets and balance warnings offline. Absent: the backend reports no balance.
   */
  balance?: number;
}

/** Fast upscale returns at most 16 MP (4x a 1,048,576 px input). */
export const UPSCALE_MAX_OUTPUT_PIXELS = 16 * 1_048_576;

const MIME: Readonly<Record<OutputFormat, string>> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

/**
 * An offline `ImageBackend` for the CLI, the playground and tests: it draws a labelled landscape that depends only
 * on prompt, seed, style, model and aspect ratio, at the size the real model returns, and fails on demand through
 * `faults` or a `[fault:<kind>]` tag in the prompt (see faults.ts) with the errors the Stability client throws.
 */
export function createLocalBackend(options: LocalBackendOptions = {}): ImageBackend {
  const random = options.random ?? Math.random;
  const latencyMs = options.latencyMs ?? 0;
  let balance = options.balance;
  const charge = (result: ImageResult): ImageResult => {
    if (balance !== undefined) balance = Math.max(0, balance - result.credits);
    return result;
  };

  /** Waits, then applies this call's fault; resolves to whether the image must come back CONTENT_FILTERED. */
  async function begin(prompt: string | undefined, requestId: string, signal: AbortSignal | undefined) {
    signal?.throwIfAborted();
    if (latencyMs > 0) {
      await sleep(latencyMs, undefined, { signal }).catch((error: unknown) => {
        // Callers see the reason they aborted with, as with fetch, rather than the timer's own AbortError.
        throw signal?.aborted ? signal.reason : error;
      });
    }
    // A prompt tag wins and leaves the shared switch's countdown alone.
    const kind: LocalFaultKind =
      (prompt === undefined ? undefined : faultFromPrompt(prompt)) ?? options.faults?.take() ?? 'none';
    if (kind !== 'none' && kind !== 'content-filtered') throw errorForFault(kind, requestId);
    return kind === 'content-filtered';
  }

  function seedFor(requested: number | undefined): number {
    if (requested !== undefined && requested > 0) return requested;
    return Math.min(MAX_SEED, Math.floor(random() * MAX_SEED) + 1);
  }

  return {
    name: 'local',

    async generate(request: GenerateRequest, call: CallOptions = {}): Promise<ImageResult> {
      const requestId = newRequestId();
      const filtered = await begin(request.prompt, requestId, call.signal);
      validateGenerate(request, requestId);
      const seed = seedFor(request.seed);
      const { prompt, stylePreset, aspectRatio = '1:1', outputFormat = 'png' } = request;
      const { width, height } = outputSize(request.model, aspectRatio);
      const scene = await renderScene({ prompt, seed, width, height, ...(stylePreset ? { stylePreset } : {}) });
      const details = caption([`seed ${seed}`, MODELS[request.model].label, aspectRatio, stylePreset], filtered);
      const bytes = await labelledImage(scene, { prompt, details }, filtered, outputFormat);
      call.signal?.throwIfAborted();
      const credits = MODELS[request.model].credits;
      return charge({ bytes, mime: MIME[outputFormat], width, height, seed, ...outcome(filtered), credits, requestId });
    },

    async vary(request: VaryRequest, call: CallOptions = {}): Promise<ImageResult> {
      const requestId = newRequestId();
      const filtered = await begin(request.prompt, requestId, call.signal);
      validateVary(request, requestId);
      const input = await decodeImage(request.image).catch(() => {
        throw badRequest('image: could not be decoded; expected png, jpeg or webp', requestId);
      });
      const seed = seedFor(request.seed);
      const { prompt, stylePreset, strength, outputFormat = 'png' } = request;
      const { width, height } = input;
      const scene = await renderScene({ prompt, seed, width, height, ...(stylePreset ? { stylePreset } : {}) });
      const label = `variation, strength ${strength.toFixed(2)}`;
      const details = caption([label, `seed ${seed}`, MODELS[request.model].label, stylePreset], filtered);
      const bytes = await labelledImage(blend(input, scene, strength), { prompt, details }, filtered, outputFormat);
      call.signal?.throwIfAborted();
      const credits = MODELS[request.model].credits;
      return charge({ bytes, mime: MIME[outputFormat], width, height, seed, ...outcome(filtered), credits, requestId });
    },

    async upscale(request: UpscaleRequest, call: CallOptions = {}): Promise<ImageResult> {
      const requestId = newRequestId();
      const filtered = await begin(undefined, requestId, call.signal);
      const fitted = await fitToPixelLimit(request.image, UPSCALE_FAST_LIMIT).catch((error: unknown) => {
        throw error instanceof ImageFitError ? badRequest(`image: ${error.message}`, requestId) : error;
      });
      const factor = Math.min(4, Math.sqrt(UPSCALE_MAX_OUTPUT_PIXELS / (fitted.width * fitted.height)));
      const width = Math.floor(fitted.width * factor);
      const height = Math.floor(fitted.height * factor);
      const { outputFormat = 'png' } = request;
      const bytes = await resampledImage(fitted.bytes, width, height, filtered, outputFormat);
      call.signal?.throwIfAborted();
      const credits = UPSCALE_FAST_CREDITS;
      // Fast upscale takes no seed, so there is none to report.
      return charge({
        bytes,
        mime: MIME[outputFormat],
        width,
        height,
        seed: 0,
        ...outcome(filtered),
        credits,
        requestId,
      });
    },

    ...(balance === undefined ? {} : { balance: async () => balance ?? 0 }),
  };
}

function newRequestId(): string {
  return `local-${randomBytes(8).toString('hex')}`;
}

function outcome(filtered: boolean): Pick<ImageResult, 'finishReason'> {
  return { finishReason: filtered ? 'CONTENT_FILTERED' : 'SUCCESS' };
}

function caption(details: readonly (string | undefined)[], filtered: boolean): string {
  return [...details, filtered ? 'CONTENT_FILTERED (blurred)' : undefined].filter(Boolean).join(' · ');
}
