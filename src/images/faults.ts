/**
 * Fault injection for the local backend: the playground's switch, the e2e tests and `LOCAL_BACKEND_FAULT` make it
 * fail the way Stability does, so every error path of the bot runs without the network.
 */
export const LOCAL_FAULT_KINDS = [
  { kind: 'none', label: 'No fault' },
  { kind: 'content-filtered', label: 'Content filtered (200, blurred, charged)' },
  { kind: 'bad-request', label: 'Bad request (400)' },
  { kind: 'unauthorized', label: 'Invalid API key (401)' },
  { kind: 'payment-required', label: 'Out of credits (402)' },
  { kind: 'content-moderation', label: 'Prompt moderated (403)' },
  { kind: 'payload-too-large', label: 'Payload too large (413)' },
  { kind: 'invalid-language', label: 'Non-English prompt (422)' },
  { kind: 'public-figure', label: 'Public figure (422)' },
  { kind: 'rate-limit', label: 'Rate limited (429)' },
  { kind: 'server-error', label: 'Server error (500)' },
  { kind: 'not-found', label: 'Unknown endpoint (404)' },
  { kind: 'unexpected-response', label: 'A 200 that is not an image (may have charged)' },
  { kind: 'timeout', label: 'Timeout' },
  { kind: 'unreachable', label: 'Connection refused before sending (not charged)' },
  { kind: 'connection', label: 'Connection lost after sending (may have charged)' },
  { kind: 'connection-after-headers', label: 'Connection lost after response headers (may have charged)' },
] as const;

export type LocalFaultKind = (typeof LOCAL_FAULT_KINDS)[number]['kind'];

const KINDS: readonly string[] = LOCAL_FAULT_KINDS.map((entry) => entry.kind);

function isFaultKind(value: string): value is LocalFaultKind {
  return KINDS.includes(value);
}

/**
 * Reads a fault kind as typed in env or on the command line: case-insensitive, `_` or `-` between words, empty for
 * `none`. Returns undefined for anything else so the caller can list `LOCAL_FAULT_KINDS` in its error.
 */
export function parseFaultKind(value: string): LocalFaultKind | undefined {
  const normalised = value.trim().toLowerCase().replaceAll('_', '-');
  if (normalised === '') return 'none';
  return isFaultKind(normalised) ? normalised : undefined;
}

const PROMPT_TRIGGER = /\[fault:([a-z_-]+)\]/i;

/**
 * The fault a prompt asks for with `[fault:<kind>]` (e.g. `a cat [fault:rate-limit]`), so one test or playground
 * message can fail without touching the shared switch. Unknown kinds are ignored.
 */
export function faultFromPrompt(prompt: string): LocalFaultKind | undefined {
  const match = PROMPT_TRIGGER.exec(prompt);
  return match?.[1] === undefined ? undefined : parseFaultKind(match[1]);
}

export interface LocalFaultState {
  kind: LocalFaultKind;
  /** Calls left before the fault clears itself; undefined = every call until `clear()`. */
  remaining: number | undefined;
}

export interface LocalFaultOptions {
  /** Fail only the next `times` calls (a positive integer); absent = every call until cleared. */
  times?: number;
}

/** The switch shared by a local backend and whoever drives it (playground, tests). */
export interface LocalFaults {
  set(kind: LocalFaultKind, options?: LocalFaultOptions): void;
  get(): LocalFaultState;
  clear(): void;
  /** Called once per backend call: returns the fault that call must show and counts `times` down. */
  take(): LocalFaultKind;
}

export function createLocalFaults(initial: LocalFaultKind = 'none'): LocalFaults {
  let state: LocalFaultState = { kind: initial, remaining: undefined };
  const clear = () => {
    state = { kind: 'none', remaining: undefined };
  };
  return {
    set(kind, options = {}) {
      const { times } = options;
      if (times !== undefined && (!Number.isInteger(times) || times < 0)) {
        throw new RangeError(`times must be a non-negative integer, got ${times}`);
      }
      if (kind === 'none' || times === 0) clear();
      else state = { kind, remaining: times };
    },
    get: () => ({ ...state }),
    clear,
    take() {
      const { kind, remaining } = state;
      if (remaining !== undefined) {
        if (remaining <= 1) clear();
        else state = { kind, remaining: remaining - 1 };
      }
      return kind;
    },
  };
}
