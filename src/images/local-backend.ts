import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { RequestRefusedError } from '../stability/errors.js';
import { isGenerationId, type StabilityRequest } from '../stability/request.js';
import type { CallOptions, ImageBackend } from './backend.js';
import { errorForFault } from './fault-errors.js';
import { faultFromPrompt, type LocalFaultKind, type LocalFaults } from './faults.js';
import { createLocalEngine, type LocalEngineOptions } from './local-engine.js';

export { UPSCALE_MAX_OUTPUT_PIXELS } from './local-sizes.js';

export interface LocalBackendOptions extends LocalEngineOptions {
  /** Fault switch shared with the playground or a test; absent = calls never fail. */
  faults?: LocalFaults;
  /** Simulated service time added to every call, in milliseconds; aborted by `CallOptions.signal`. @default 0 */
  latencyMs?: number;
  /**
   * A pretend account balance in credits, reported by `balance()` and lowered by every charged call, so the
   * playground shows budgets and balance warnings offline. Absent: the backend reports no balance.
   */
  balance?: number;
}

const newRequestId = () => `local-${randomBytes(8).toString('hex')}`;

/** The text a `[fault:<kind>]` tag can hide in. */
function promptOf(request: StabilityRequest): string | undefined {
  return 'prompt' in request ? request.prompt : undefined;
}

/**
 * An offline `ImageBackend` for the CLI, the playground and tests: every request kind, drawn only from the request
 * and its seed at the size the real endpoint returns, with the client's own validation and input fitting (see
 * local-engine.ts), failing on demand through `faults` or a `[fault:<kind>]` prompt tag with the client's typed errors.
 */
export function createLocalBackend(options: LocalBackendOptions = {}): ImageBackend {
  const engine = createLocalEngine(options);
  const latencyMs = options.latencyMs ?? 0;
  let balance = options.balance;

  async function wait(signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted();
    if (latencyMs <= 0) return;
    await sleep(latencyMs, undefined, { signal }).catch((error: unknown) => {
      // Callers see the reason they aborted with, as with fetch, rather than the timer's own AbortError.
      throw signal?.aborted ? signal.reason : error;
    });
  }

  /** This call's fault: a prompt tag wins and leaves the shared switch's countdown alone. */
  function faultFor(prompt: string | undefined, requestId: string): boolean {
    const kind: LocalFaultKind =
      (prompt === undefined ? undefined : faultFromPrompt(prompt)) ?? options.faults?.take() ?? 'none';
    if (kind !== 'none' && kind !== 'content-filtered') throw errorForFault(kind, requestId);
    return kind === 'content-filtered';
  }

  return {
    name: 'local',

    async run(request, call: CallOptions = {}) {
      const requestId = newRequestId();
      // What the client refuses before sending is refused here too, before the "network" (latency, faults).
      const prepared = await engine.prepare(request);
      call.onSend?.();
      await wait(call.signal);
      const filtered = faultFor(promptOf(request), requestId);
      const result = await engine.execute(prepared, { filtered, requestId });
      call.signal?.throwIfAborted();
      if (balance !== undefined) balance = Math.max(0, balance - result.credits);
      return result;
    },

    async poll(generationId, call: CallOptions = {}) {
      if (!isGenerationId(generationId)) {
        throw new RequestRefusedError(['id: a generation id is exactly 64 letters and digits']);
      }
      const requestId = newRequestId();
      call.onSend?.();
      await wait(call.signal);
      // Only error faults reach a poll: whether the result is blurred was decided at submit.
      if (options.faults !== undefined && options.faults.get().kind !== 'content-filtered') {
        faultFor(undefined, requestId);
      }
      return engine.poll(generationId, requestId);
    },

    ...(balance === undefined ? {} : { balance: async () => balance ?? 0 }),
  };
}
