import {
  ASPECT_RATIOS,
  type AspectRatio,
  MODEL_IDS,
  MODELS,
  type ModelId,
  STYLE_PRESETS,
  type StylePreset,
} from '../stability/models.js';

/**
 * A member's personal defaults (`/settings`), the same in every server. Stored as text per key; the store knows
 * nothing of their meaning, this module does.
 */
export const SETTING_KEYS = ['model', 'aspect_ratio', 'style', 'count', 'negative_prompt', 'suffix', 'remix'] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

export interface MemberSettings {
  model?: ModelId;
  aspect_ratio?: AspectRatio;
  style?: StylePreset;
  count?: number;
  /** Added to every job's negative prompt. */
  negative_prompt?: string;
  /** Added at the end of every prompt. */
  suffix?: string;
  /** 🔄 and V open the prompt form first, as Midjourney's Remix mode does. */
  remix?: boolean;
}

/** The longest negative prompt and suffix a member may keep: room is left for what they type in each command. */
export const MAX_DEFAULT_TEXT = 500;
export const MAX_COUNT = 4;

export const SETTING_LABELS: Readonly<Record<SettingKey, string>> = {
  model: 'Model',
  aspect_ratio: 'Aspect ratio',
  style: 'Style',
  count: 'Images per job',
  negative_prompt: 'Negative prompt (always added)',
  suffix: 'Prompt suffix',
  remix: 'Remix mode',
};

/** How a default is named in a job's "From your /settings" line. */
export const SETTING_NAMES: Readonly<Record<SettingKey, string>> = {
  model: 'model',
  aspect_ratio: 'aspect ratio',
  style: 'style',
  count: 'count',
  negative_prompt: 'negative prompt',
  suffix: 'prompt suffix',
  remix: 'remix mode',
};

export type SettingValue<K extends SettingKey> = NonNullable<MemberSettings[K]>;

/** Reads one stored value; anything a newer or older version left that is not valid now is ignored. */
export function decodeSetting<K extends SettingKey>(key: K, text: string): SettingValue<K> | undefined {
  const ok = (value: unknown) => value as SettingValue<K>;
  switch (key) {
    case 'model':
      return (MODEL_IDS as readonly string[]).includes(text) ? ok(text) : undefined;
    case 'aspect_ratio':
      return (ASPECT_RATIOS as readonly string[]).includes(text) ? ok(text) : undefined;
    case 'style':
      return (STYLE_PRESETS as readonly string[]).includes(text) ? ok(text) : undefined;
    case 'count': {
      const count = Number(text);
      return /^\d+$/.test(text) && count >= 1 && count <= MAX_COUNT ? ok(count) : undefined;
    }
    case 'negative_prompt':
    case 'suffix':
      return text.length > 0 && text.length <= MAX_DEFAULT_TEXT ? ok(text) : undefined;
    case 'remix':
      return text === 'on' ? ok(true) : text === 'off' ? ok(false) : undefined;
  }
  return undefined;
}

export function encodeSetting<K extends SettingKey>(key: K, value: SettingValue<K>): string {
  if (key === 'remix') return value ? 'on' : 'off';
  return String(value);
}

/** The member's settings from the stored rows, keeping only what is valid. */
export function decodeSettings(rows: Readonly<Record<string, string>>): MemberSettings {
  const settings: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const text = rows[key];
    if (text === undefined) continue;
    const value = decodeSetting(key, text);
    if (value !== undefined) settings[key] = value;
  }
  return settings as MemberSettings;
}

export function formatSetting<K extends SettingKey>(key: K, value: SettingValue<K>): string {
  switch (key) {
    case 'model':
      return MODELS[value as ModelId].label;
    case 'remix':
      return value ? 'on' : 'off';
    case 'negative_prompt':
    case 'suffix':
      return `“${String(value)}”`;
    default:
      return String(value);
  }
}
