import type { EmulatorEvents } from './events.js';

/** What a waiter can be woken by: everything about one interaction, or every change to one message. */
export type SignalKey = `interaction:${string}` | `message:${string}`;

/**
 * Wake-ups addressed to one interaction or message. A benchmark holds thousands of pending `handle.reply()` waiters;
 * if each listened to every `message` event, every REST call would run all of them. Keyed, a change wakes only the
 * waiters of the interaction or message it concerns.
 */
export interface Signals {
  on(key: SignalKey, listener: () => void): () => void;
  notify(key: SignalKey): void;
  /** Forget every listener of a key (its interaction was pruned: nothing will ever wake them). */
  clear(key: SignalKey): void;
  /** Keys with listeners, to check nothing leaks. */
  size(): number;
}

export function createSignals(onListenerError: (error: unknown) => void): Signals {
  const listeners = new Map<SignalKey, Set<() => void>>();
  return {
    on(key, listener) {
      let set = listeners.get(key);
      if (!set) {
        set = new Set();
        listeners.set(key, set);
      }
      set.add(listener);
      return () => {
        const current = listeners.get(key);
        if (!current) return;
        current.delete(listener);
        if (current.size === 0) listeners.delete(key);
      };
    },
    notify(key) {
      const set = listeners.get(key);
      if (!set) return;
      for (const listener of [...set]) {
        try {
          listener();
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    clear(key) {
      listeners.delete(key);
    },
    size: () => listeners.size,
  };
}

/** Turns emulator events into keyed wake-ups: a message wakes its own key and its interaction's. */
export function signalFromEvents(events: EmulatorEvents, signals: Signals): () => void {
  const offMessage = events.on('message', ({ message }) => {
    signals.notify(`message:${message.id}`);
    if (message.interactionId) signals.notify(`interaction:${message.interactionId}`);
  });
  const offResponse = events.on('interactionResponse', ({ interaction }) =>
    signals.notify(`interaction:${interaction.id}`),
  );
  const offAutocomplete = events.on('autocomplete', ({ interaction }) =>
    signals.notify(`interaction:${interaction.id}`),
  );
  return () => {
    offMessage();
    offResponse();
    offAutocomplete();
  };
}
