import { randomBytes } from 'node:crypto';
import { type Clock, createSystemClock } from '../clock.js';
import { MAX_SEED, MIME_BY_FORMAT } from '../stability/enums.js';
import { stabilityErrorBody } from '../stability/error-bodies.js';
import { errorFromResponse, RequestRefusedError } from '../stability/errors.js';
import { type PreparedInputs, prepareInputs } from '../stability/inputs.js';
import { ENDPOINTS, endpointOf, priceOf } from '../stability/models.js';
import {
  type ImageResult,
  isGenerationId,
  type PendingResult,
  type PollPending,
  type StabilityRequest,
} from '../stability/request.js';
import { REQUEST_FIELDS } from '../stability/request-fields.js';
import { assertValidRequest } from '../stability/validate.js';
import { createAsyncJobs, type LocalAsyncOptions } from './local-async.js';
import { createFlatImages } from './local-flat.js';
import { renderLocal } from './local-render.js';
import { outputSizeFor } from './local-sizes.js';

export interface LocalEngineOptions {
  /** Draws seeds for requests without one; must return a number in [0, 1). @default Math.random */
  random?: () => number;
  /** `scene`: labelled landscapes and visible edits (default); `flat`: cached flat colours, for the fake server. */
  renderer?: 'scene' | 'flat';
  /** Time source for asynchronous jobs. @default the system clock */
  clock?: Clock;
  /** How creative upscales progress between submit and result. */
  async?: LocalAsyncOptions;
}

/** A request the engine checked and whose images it fitted, exactly as the Stability client would before sending. */
export interface PreparedRequest {
  request: StabilityRequest;
  inputs: PreparedInputs;
}

export interface ExecuteOptions {
  /** Answer with a blurred, still charged, CONTENT_FILTERED image. */
  filtered: boolean;
  requestId: string;
}

/**
 * What the real service does, offline: validation and input limits (the client's own code), output sizes, pictures,
 * seeds and the asynchronous result store. The local backend adds latency, faults and a balance on top; the fake HTTP
 * server adds HTTP, quota and a ledger — so neither can drift from the other.
 */
export interface LocalEngine {
  /** Throws `RequestRefusedError` for what the client refuses before sending. */
  prepare(request: StabilityRequest): Promise<PreparedRequest>;
  execute(prepared: PreparedRequest, options: ExecuteOptions): Promise<ImageResult | PendingResult>;
  /** Throws `GenerationNotFoundError` for unknown or expired ids. */
  poll(generationId: string, requestId: string): Promise<ImageResult | PollPending>;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export function createLocalEngine(options: LocalEngineOptions = {}): LocalEngine {
  const random = options.random ?? Math.random;
  const flat = options.renderer === 'flat' ? createFlatImages() : undefined;
  const jobs = createAsyncJobs(options.clock ?? createSystemClock(), options.async);

  function seedFor(request: StabilityRequest): number {
    // Fast upscale and remove-background take no seed, so there is none to report.
    if (REQUEST_FIELDS[request.kind].rules.seed === undefined) return 0;
    const requested = 'seed' in request ? request.seed : undefined;
    if (requested !== undefined && requested > 0) return requested;
    return Math.min(MAX_SEED, Math.floor(random() * MAX_SEED) + 1);
  }

  async function draw({ request, inputs }: PreparedRequest, filtered: boolean, requestId: string, credits: number) {
    const size = outputSizeFor(request, inputs.images[0]);
    const format = request.outputFormat ?? 'png';
    const seed = seedFor(request);
    const bytes =
      flat === undefined
        ? await renderLocal({ request, inputs: inputs.images, size, seed, filtered, format })
        : await flat.render(size, format, filtered ? 'filtered' : 'success', request.kind === 'remove-background');
    const result: ImageResult = {
      bytes,
      mime: MIME_BY_FORMAT[format],
      ...size,
      seed,
      finishReason: filtered ? 'CONTENT_FILTERED' : 'SUCCESS',
      credits,
      requestId,
      ...(inputs.inputFitted ? { inputFitted: inputs.inputFitted } : {}),
    };
    return result;
  }

  return {
    async prepare(request) {
      assertValidRequest(request);
      return { request, inputs: await prepareInputs(request) };
    },

    async execute(prepared, { filtered, requestId }) {
      const credits = priceOf(prepared.request);
      if (!ENDPOINTS[endpointOf(prepared.request)].async) return draw(prepared, filtered, requestId, credits);
      const generationId = hex(32);
      // The result's own request id is the poll's; its price was the submit's.
      jobs.submit(generationId, (pollRequestId) => draw(prepared, filtered, pollRequestId, 0));
      const { inputFitted } = prepared.inputs;
      return { pending: true, generationId, credits, requestId, ...(inputFitted ? { inputFitted } : {}) };
    },

    async poll(generationId, requestId) {
      if (!isGenerationId(generationId)) {
        throw new RequestRefusedError(['id: a generation id is exactly 64 letters and digits']);
      }
      const state = jobs.poll(generationId, requestId);
      if (state.state === 'unknown') {
        throw errorFromResponse(
          404,
          stabilityErrorBody('generation_not_found', () => hex(16)),
          requestId,
          'poll',
        );
      }
      if (state.state === 'pending') return { pending: true, generationId, requestId };
      return state.result;
    },
  };
}
