import type { EmulatorContext } from './context.js';
import type { EmulatorEventName } from './events.js';
import type { SignalKey } from './signals.js';

export interface WaitOptions {
  /** Real milliseconds (not the emulator clock). Default 4000: under vitest's 5 s so this error shows, not a bare timeout. */
  readonly timeoutMs?: number;
}

export const DEFAULT_WAIT_MS = 4_000;

/** An emulator event (every occurrence wakes the waiter) or a signal key (only changes to that one thing do). */
export type WaitTrigger = EmulatorEventName | SignalKey;

const isSignalKey = (trigger: WaitTrigger): trigger is SignalKey => trigger.includes(':');

/**
 * Resolves when `check` returns a value: checked now, then again on every listed trigger (no polling). On timeout the
 * error lists the last REST calls and any violations, which usually say why the bot never got there.
 */
export function waitFor<T>(
  ctx: EmulatorContext,
  on: readonly WaitTrigger[],
  check: () => T | undefined,
  describe: string,
  options: WaitOptions = {},
): Promise<T> {
  let now: T | undefined;
  try {
    now = check();
  } catch (error) {
    return Promise.reject(error);
  }
  if (now !== undefined) return Promise.resolve(now);
  return new Promise<T>((resolve, reject) => {
    const unsubscribe: (() => void)[] = [];
    const done = () => {
      clearTimeout(timer);
      for (const off of unsubscribe) off();
    };
    const timer = setTimeout(() => {
      done();
      reject(
        new Error(
          `emulator: timed out after ${options.timeoutMs ?? DEFAULT_WAIT_MS} ms waiting for ${describe}${recentActivity(ctx)}`,
        ),
      );
    }, options.timeoutMs ?? DEFAULT_WAIT_MS);
    const wake = () => {
      let value: T | undefined;
      try {
        value = check();
      } catch (error) {
        done();
        reject(error);
        return;
      }
      if (value !== undefined) {
        done();
        resolve(value);
      }
    };
    for (const trigger of on) {
      unsubscribe.push(isSignalKey(trigger) ? ctx.signals.on(trigger, wake) : ctx.events.on(trigger, wake));
    }
  });
}

/** Interaction tokens are credentials for 15 minutes: a failing test's output shows where a call went, not the token. */
const withoutToken = (path: string) => path.replace(/(\/(?:webhooks|interactions)\/\d+\/)[^/?]+/, '$1:token');

function recentActivity(ctx: EmulatorContext): string {
  const calls = ctx.diagnostics.calls
    .slice(-5)
    .map((c) => `  ${c.method} ${withoutToken(c.path)} → ${c.status}${c.code === null ? '' : ` (${c.code})`}`);
  const violations = ctx.diagnostics.violations.slice(-5).map((v) => `  ${v.code} ${v.message}`);
  return [
    calls.length > 0 ? `\nlast REST calls:\n${calls.join('\n')}` : '\nno REST calls yet',
    violations.length > 0 ? `\nviolations:\n${violations.join('\n')}` : '',
  ].join('');
}
