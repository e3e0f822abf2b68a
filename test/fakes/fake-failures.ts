import type { FakeFailure, FakeFailureOptions } from './fake-types.js';

export interface ProgrammedFailure {
  failure: FakeFailure;
  name: string | undefined;
  errors: string[] | undefined;
}

/** `failNext` queues, one per target, consumed in call order by the requests they match. */
export interface FailureQueue {
  push(failure: FakeFailure, options: FakeFailureOptions): void;
  take(target: 'submit' | 'poll'): ProgrammedFailure | undefined;
}

export function createFailureQueue(): FailureQueue {
  const queues: Record<'submit' | 'poll', (ProgrammedFailure & { remaining: number })[]> = { submit: [], poll: [] };
  return {
    push(failure, options) {
      const count = options.count ?? 1;
      if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
      queues[options.on ?? 'submit'].push({ failure, name: options.name, errors: options.errors, remaining: count });
    },
    take(target) {
      const queue = queues[target];
      const next = queue[0];
      if (next === undefined) return undefined;
      next.remaining -= 1;
      if (next.remaining <= 0) queue.shift();
      return { failure: next.failure, name: next.name, errors: next.errors };
    },
  };
}
