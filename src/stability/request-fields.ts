import {
  ALPHA_OUTPUT_FORMATS,
  ASPECT_RATIOS,
  MAX_PROMPT_CHARS,
  MAX_SEED,
  OUTPUT_FORMATS,
  STYLE_PRESETS,
} from './enums.js';
import type { ImageField, RequestKind } from './request.js';

/** How one text field of a request is checked; the bounds are the OpenAPI document's (a test compares them). */
export type FieldRule =
  | { type: 'text'; minLength: number; maxLength: number }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'number'; minimum: number; maximum: number; integer?: boolean };

export interface KindFields {
  /** Request properties that must be present. */
  required: readonly string[];
  /** Every text property the kind may carry (camelCase), with its rule; sent as its snake_case name. */
  rules: Readonly<Record<string, FieldRule>>;
  /** Image properties and the multipart field each is sent as. */
  images: Readonly<Record<string, ImageField>>;
}

const text = (minLength: number): FieldRule => ({ type: 'text', minLength, maxLength: MAX_PROMPT_CHARS });
const range = (minimum: number, maximum: number, integer = false): FieldRule => ({
  type: 'number',
  minimum,
  maximum,
  ...(integer ? { integer } : {}),
});
const oneOf = (values: readonly string[]): FieldRule => ({ type: 'enum', values });

const prompt = text(1);
const seed = range(0, MAX_SEED, true);
const styled = {
  negativePrompt: text(0),
  seed,
  stylePreset: oneOf(STYLE_PRESETS),
  outputFormat: oneOf(OUTPUT_FORMATS),
} as const;
const margin = range(0, 2000, true);
const image = { image: 'image' } as const;

export const REQUEST_FIELDS: Readonly<Record<RequestKind, KindFields>> = {
  generate: { required: ['prompt'], rules: { prompt, aspectRatio: oneOf(ASPECT_RATIOS), ...styled }, images: {} },
  'image-to-image': {
    required: ['prompt', 'strength'],
    rules: { prompt, strength: range(0, 1), ...styled },
    images: image,
  },
  'upscale-fast': { required: [], rules: { outputFormat: oneOf(OUTPUT_FORMATS) }, images: image },
  'upscale-conservative': {
    required: ['prompt'],
    rules: { prompt, creativity: range(0.2, 0.5), negativePrompt: text(0), seed, outputFormat: oneOf(OUTPUT_FORMATS) },
    images: image,
  },
  'upscale-creative': {
    required: ['prompt'],
    rules: { prompt, creativity: range(0.1, 0.5), ...styled },
    images: image,
  },
  outpaint: {
    required: [],
    rules: {
      left: margin,
      right: margin,
      up: margin,
      down: margin,
      // The spec overrides the shared 0.2–0.5 Creativity to 0–1 for outpaint (reference §9).
      creativity: range(0, 1),
      prompt: text(0),
      seed,
      outputFormat: oneOf(OUTPUT_FORMATS),
      stylePreset: oneOf(STYLE_PRESETS),
    },
    images: image,
  },
  'search-and-replace': {
    required: ['prompt', 'searchPrompt'],
    rules: { prompt, searchPrompt: text(0), growMask: range(0, 20), ...styled },
    images: image,
  },
  'search-and-recolor': {
    required: ['prompt', 'selectPrompt'],
    rules: { prompt, selectPrompt: text(0), growMask: range(0, 20), ...styled },
    images: image,
  },
  'remove-background': { required: [], rules: { outputFormat: oneOf(ALPHA_OUTPUT_FORMATS) }, images: image },
  'control-sketch': { required: ['prompt'], rules: { prompt, controlStrength: range(0, 1), ...styled }, images: image },
  'control-structure': {
    required: ['prompt'],
    rules: { prompt, controlStrength: range(0, 1), ...styled },
    images: image,
  },
  'control-style': {
    required: ['prompt'],
    rules: { prompt, fidelity: range(0, 1), aspectRatio: oneOf(ASPECT_RATIOS), ...styled },
    images: image,
  },
  'style-transfer': {
    required: [],
    rules: {
      prompt: text(0),
      negativePrompt: text(0),
      seed,
      styleStrength: range(0, 1),
      compositionFidelity: range(0, 1),
      changeStrength: range(0.1, 1),
      outputFormat: oneOf(OUTPUT_FORMATS),
    },
    images: { initImage: 'init_image', styleImage: 'style_image' },
  },
};

/** `negativePrompt` → `negative_prompt`: the multipart name of a request property. */
export function wireName(property: string): string {
  return property.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
