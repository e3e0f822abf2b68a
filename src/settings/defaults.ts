import type { MemberSettings, SettingKey } from '../domain/settings.js';
import { SETTING_NAMES } from '../domain/settings.js';
import type { AspectRatio, ModelId, StylePreset } from '../stability/models.js';

/** What a command was given; undefined options may be filled from the member's settings. */
export interface GivenOptions {
  prompt: string;
  negativePrompt?: string;
  model?: ModelId;
  aspectRatio?: AspectRatio;
  style?: StylePreset;
  count?: number;
}

/** Which defaults the job can use at all (a sketch follows its image's shape and has no model, say). */
export interface Applicable {
  model: boolean;
  aspectRatio: boolean;
  style: boolean;
  count: boolean;
}

export interface WithDefaults extends GivenOptions {
  /** The settings that changed the job, named for its "From your /settings" line. */
  fromDefaults: string[];
  /** The model came from the member's settings (a refusal of it then says where it came from). */
  modelFromDefaults: boolean;
}

/**
 * Options given in the command win; an unset option takes the member's default where the job can use it. The
 * negative prompt and the suffix are always added (they are "always" settings), after what was typed.
 */
export function applyDefaults(given: GivenOptions, settings: MemberSettings, applicable: Applicable): WithDefaults {
  const used: SettingKey[] = [];
  const out: WithDefaults = { ...given, fromDefaults: [], modelFromDefaults: false };
  if (given.model === undefined && applicable.model && settings.model) {
    out.model = settings.model;
    out.modelFromDefaults = true;
    used.push('model');
  }
  if (given.aspectRatio === undefined && applicable.aspectRatio && settings.aspect_ratio) {
    out.aspectRatio = settings.aspect_ratio;
    used.push('aspect_ratio');
  }
  if (given.style === undefined && applicable.style && settings.style) {
    out.style = settings.style;
    used.push('style');
  }
  if (given.count === undefined && applicable.count && settings.count) {
    out.count = settings.count;
    used.push('count');
  }
  if (settings.negative_prompt) {
    out.negativePrompt = given.negativePrompt
      ? `${given.negativePrompt}, ${settings.negative_prompt}`
      : settings.negative_prompt;
    used.push('negative_prompt');
  }
  if (settings.suffix && given.prompt) {
    out.prompt = `${given.prompt} ${settings.suffix}`;
    used.push('suffix');
  }
  out.fromDefaults = used.map((key) => SETTING_NAMES[key]);
  return out;
}
