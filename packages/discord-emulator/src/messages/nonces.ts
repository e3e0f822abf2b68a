import type { Clock } from '../clock.js';

/**
 * Discord: with `enforce_nonce`, "the nonce will be checked for uniqueness in the past few minutes. If another message
 * was created by the same author with the same nonce, that message will be returned and no new message will be
 * created." The window is not documented; the emulator uses five minutes.
 */
export const NONCE_WINDOW_MS = 5 * 60_000;

export interface NonceIndex {
  /** The message this author created with this nonce within the window, if any. */
  find(authorId: string, nonce: string | number): string | undefined;
  remember(authorId: string, nonce: string | number, messageId: string): void;
}

export function createNonceIndex(clock: Clock): NonceIndex {
  // Insertion order is time order, so expired entries are always at the front.
  const entries = new Map<string, { readonly messageId: string; readonly at: number }>();
  const keyOf = (authorId: string, nonce: string | number) => `${authorId}:${String(nonce)}`;
  const expire = () => {
    const cutoff = clock.now() - NONCE_WINDOW_MS;
    for (const [key, entry] of entries) {
      if (entry.at >= cutoff) return;
      entries.delete(key);
    }
  };
  return {
    find(authorId, nonce) {
      expire();
      return entries.get(keyOf(authorId, nonce))?.messageId;
    },
    remember(authorId, nonce, messageId) {
      const key = keyOf(authorId, nonce);
      entries.delete(key);
      entries.set(key, { messageId, at: clock.now() });
    },
  };
}
