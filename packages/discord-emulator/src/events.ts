import type { APIApplicationCommand } from 'discord-api-types/v10';
import type { InteractionRecord } from './interactions/registry.js';
import type { GatewayFrame, MessageChange, RestCall, StoredMessage, Violation } from './types.js';

export type GatewayChange = 'identified' | 'resumed' | 'closed';

/** Everything observable about the emulator; the playground forwards these to a browser. */
export interface EmulatorEventMap {
  message: { readonly change: MessageChange; readonly message: StoredMessage };
  interaction: { readonly interaction: InteractionRecord };
  interactionResponse: { readonly interaction: InteractionRecord; readonly callbackType: number };
  /** Autocomplete interactions (type 4) are kept apart: they never produce a message. */
  autocomplete: { readonly interaction: InteractionRecord<4>; readonly answered: boolean };
  commands: { readonly guildId: string | null; readonly commands: readonly APIApplicationCommand[] };
  call: RestCall;
  frame: GatewayFrame;
  violation: Violation;
  gateway: { readonly change: GatewayChange; readonly sessionId: string; readonly code: number | null };
}

export type EmulatorEventName = keyof EmulatorEventMap;
export type EmulatorListener<K extends EmulatorEventName> = (payload: EmulatorEventMap[K]) => void;

export interface EmulatorEvents {
  /** Returns the unsubscribe function. */
  on<K extends EmulatorEventName>(event: K, listener: EmulatorListener<K>): () => void;
  emit<K extends EmulatorEventName>(event: K, payload: EmulatorEventMap[K]): void;
}

/** A listener that throws must not break the REST call or gateway frame that triggered it, so errors are reported. */
export function createEmulatorEvents(onListenerError: (error: unknown) => void): EmulatorEvents {
  const listeners = new Map<EmulatorEventName, Set<(payload: never) => void>>();
  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    emit(event, payload) {
      for (const listener of [...(listeners.get(event) ?? [])]) {
        try {
          (listener as EmulatorListener<typeof event>)(payload);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
  };
}
