import type { LocalFaultState } from '../../../src/images/faults.js';

/** The emulator clock as the page shows it: now, and how far the tester has moved it ahead of real time. */
export interface ClockView {
  readonly now: number;
  readonly offsetMs: number;
}

/** Happenings of the playground itself (not of the emulator), pushed to every open page. */
export type HubEvent =
  | { readonly type: 'clock'; readonly clock: ClockView }
  | { readonly type: 'faults'; readonly state: LocalFaultState }
  /** Discord's "The application did not respond": no callback within the 3 s window. */
  | { readonly type: 'interaction-failed'; readonly userId: string; readonly interactionId: string };

export interface Hub {
  publish(event: HubEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: (event: HubEvent) => void): () => void;
}

export function createHub(): Hub {
  const listeners = new Set<(event: HubEvent) => void>();
  return {
    publish(event) {
      for (const listener of [...listeners]) listener(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
