import type { StoredMessage } from '../types.js';

/** Snowflakes as decimal strings: a longer one is larger, equal lengths compare as text (no BigInt per compare). */
export function compareSnowflakes(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface PageQuery {
  readonly before?: string | null;
  readonly after?: string | null;
  readonly limit: number;
}

/**
 * One channel's messages in id order. Ids come from one increasing minter, so appending keeps the order and a page is
 * a binary search plus `limit` steps instead of a scan of the channel's history.
 */
export interface ChannelTimeline {
  push(message: StoredMessage): void;
  /** Forget an evicted message; the slot is reclaimed in bulk once half the array is dead. */
  drop(message: StoredMessage): void;
  all(): StoredMessage[];
  /** Newest first, like GET /channels/{id}/messages; `after` pages forward from the oldest match. */
  page(query: PageQuery, include: (message: StoredMessage) => boolean): StoredMessage[];
}

export function createChannelTimeline(): ChannelTimeline {
  let items: StoredMessage[] = [];
  const dropped = new Set<StoredMessage>();
  /** First index whose id is above `id` (or at/above it when `inclusive`). */
  const bound = (id: string, inclusive: boolean) => {
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const order = compareSnowflakes(items[mid]?.id ?? '', id);
      if (order < 0 || (order === 0 && !inclusive)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    push(message) {
      items.push(message);
    },
    drop(message) {
      dropped.add(message);
      if (dropped.size * 2 > items.length) {
        items = items.filter((m) => !dropped.has(m));
        dropped.clear();
      }
    },
    all: () => (dropped.size === 0 ? [...items] : items.filter((m) => !dropped.has(m))),
    page({ before, after, limit }, include) {
      const start = after ? bound(after, false) : 0;
      const end = before ? bound(before, true) : items.length;
      const out: StoredMessage[] = [];
      const take = (i: number) => {
        const m = items[i];
        if (m && !dropped.has(m) && include(m)) out.push(m);
      };
      if (after) {
        for (let i = start; i < end && out.length < limit; i++) take(i);
        return out.reverse();
      }
      for (let i = end - 1; i >= start && out.length < limit; i--) take(i);
      return out;
    },
  };
}
