import type { Clock } from '../clock.js';
import {
  decodeSettings,
  encodeSetting,
  type MemberSettings,
  SETTING_KEYS,
  type SettingKey,
} from '../domain/settings.js';
import type { Store } from '../store/store.js';

export type Settings = ReturnType<typeof createSettings>;

/**
 * Members' personal defaults, read and written through the store, so every process (and every server the member is
 * in) sees the same ones. Values are checked by the command before they get here and again when read back.
 */
export function createSettings(deps: { store: Store; clock: Clock }) {
  return {
    async get(userId: string): Promise<MemberSettings> {
      return decodeSettings(await deps.store.settings.all(userId));
    },

    /** Saves every key given, in one transaction (a half-saved `/settings set` would surprise). */
    async set(userId: string, changes: MemberSettings): Promise<void> {
      const now = deps.clock.now();
      await deps.store.transaction(async (tx) => {
        for (const key of SETTING_KEYS) {
          const value = changes[key];
          if (value === undefined) continue;
          await tx.settings.set(userId, key, encodeSetting(key, value as never), now);
        }
      });
    },

    /** Removes one default (or all of them); says whether there was anything to remove. */
    async reset(userId: string, key?: SettingKey): Promise<boolean> {
      const before = await deps.store.settings.all(userId);
      const had = key === undefined ? Object.keys(before).length > 0 : before[key] !== undefined;
      await deps.store.settings.reset(userId, key);
      return had;
    },

    async remixMode(userId: string): Promise<boolean> {
      return (await this.get(userId)).remix === true;
    },
  };
}
