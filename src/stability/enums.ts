/** Stability's shared v2beta enums and bounds (reference/stability-api.md §2), one copy for client, fakes and CLI. */
export const ASPECT_RATIOS = ['21:9', '16:9', '3:2', '5:4', '1:1', '4:5', '2:3', '9:16', '9:21'] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];

export const STYLE_PRESETS = [
  'enhance',
  'anime',
  'photographic',
  'digital-art',
  'comic-book',
  'fantasy-art',
  'line-art',
  'analog-film',
  'neon-punk',
  'isometric',
  'low-poly',
  'origami',
  'modeling-compound',
  'cinematic',
  '3d-model',
  'pixel-art',
  'tile-texture',
] as const;
export type StylePreset = (typeof STYLE_PRESETS)[number];

export const OUTPUT_FORMATS = ['png', 'jpeg', 'webp'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** remove-background narrows `output_format`: JPEG has no alpha channel to carry the cut-out. */
export const ALPHA_OUTPUT_FORMATS = ['png', 'webp'] as const;
export type AlphaOutputFormat = (typeof ALPHA_OUTPUT_FORMATS)[number];

/** Largest seed v2beta accepts (2^32 - 2); 0 asks the server for a random one. */
export const MAX_SEED = 4_294_967_294;

/** `prompt`, `negative_prompt`, `search_prompt` and `select_prompt` are capped at this many characters. */
export const MAX_PROMPT_CHARS = 10_000;

/** Stability's request cap: a larger body is answered 413 (reference §7). */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

export const MIME_BY_FORMAT: Readonly<Record<OutputFormat, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

export function isOneOf<T extends string>(allowed: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}
