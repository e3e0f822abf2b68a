import type { ImageField, RequestKind } from './request.js';

/** What an endpoint accepts as one input image (reference/stability-api.md §4, from the spec's validation rules). */
export interface InputLimits {
  minSide: number;
  /** Largest width and largest height; `Infinity` when the spec sets none. */
  maxSide: number;
  minPixels: number;
  /** Largest width × height; `Infinity` when the spec sets none. */
  maxPixels: number;
  /** Allowed width ÷ height, inclusive (1:2.5–2.5:1 is 0.4–2.5); absent when any shape goes. */
  aspect?: { min: number; max: number };
}

export type ImageRequestKind = Exclude<RequestKind, 'generate'>;

const WIDE = { min: 1 / 2.5, max: 2.5 } as const;
const MP9 = 9_437_184;
const limits = (minSide: number, maxSide: number, minPixels: number, maxPixels: number, aspect?: typeof WIDE) =>
  ({ minSide, maxSide, minPixels, maxPixels, ...(aspect ? { aspect } : {}) }) satisfies InputLimits;

/**
 * Every input image of every request kind. Images over a maximum are shrunk before sending; images under a minimum or
 * outside the aspect range are refused locally, because shrinking cannot fix them.
 */
export const INPUT_LIMITS: Readonly<Record<ImageRequestKind, Partial<Record<ImageField, InputLimits>>>> = {
  // Ultra's rules (64–16,384 px sides, ≥ 4,096 px); sd3's (sides ≥ 64) are looser, so these satisfy both.
  'image-to-image': { image: limits(64, 16_384, 4_096, Number.POSITIVE_INFINITY) },
  'upscale-fast': { image: limits(32, 1_536, 1_024, 1_048_576) },
  'upscale-conservative': { image: limits(64, Number.POSITIVE_INFINITY, 4_096, MP9, WIDE) },
  'upscale-creative': { image: limits(64, Number.POSITIVE_INFINITY, 4_096, 1_048_576) },
  outpaint: { image: limits(64, Number.POSITIVE_INFINITY, 4_096, MP9, WIDE) },
  'search-and-replace': { image: limits(64, Number.POSITIVE_INFINITY, 4_096, MP9, WIDE) },
  'search-and-recolor': { image: limits(64, Number.POSITIVE_INFINITY, 4_096, MP9, WIDE) },
  'remove-background': { image: limits(64, Number.POSITIVE_INFINITY, 4_096, 4_194_304) },
  'control-sketch': { image: limits(64, Number.POSITIVE_INFINITY, 4_096, MP9, WIDE) },
  'control-structure': { image: limits(64, Number.POSITIVE_INFINITY, 4_096, MP9, WIDE) },
  'control-style': { image: limits(64, Number.POSITIVE_INFINITY, 4_096, MP9, WIDE) },
  // The aspect-ratio rule is stated for the subject only; any style image shape goes.
  'style-transfer': { init_image: limits(64, 16_383, 4_096, MP9, WIDE), style_image: limits(64, 16_383, 4_096, MP9) },
};

export type InputCheck =
  | { ok: true; fitted: false; width: number; height: number }
  | { ok: true; fitted: true; width: number; height: number; fromWidth: number; fromHeight: number }
  | { ok: false; reason: string };

/** The image field a kind's limits are read for by default (style transfer: the subject). */
export function primaryField(kind: ImageRequestKind): ImageField {
  return kind === 'style-transfer' ? 'init_image' : 'image';
}

export function limitsFor(kind: ImageRequestKind, field: ImageField = primaryField(kind)): InputLimits {
  const found = INPUT_LIMITS[kind][field];
  if (found === undefined) throw new RangeError(`${kind} has no ${field} field`);
  return found;
}

const count = (value: number) => value.toLocaleString('en-US');
const ratio = (value: number) => (value >= 1 ? `${Number(value.toFixed(2))}:1` : `1:${Number((1 / value).toFixed(2))}`);

function problem(width: number, height: number, rules: InputLimits): string | undefined {
  const size = `${width}x${height}`;
  if (Math.min(width, height) < rules.minSide) return `is ${size}; each side must be at least ${rules.minSide} px`;
  if (width * height < rules.minPixels) {
    return `is ${size} (${count(width * height)} px); at least ${count(rules.minPixels)} px are needed`;
  }
  const shape = width / height;
  if (rules.aspect && (shape < rules.aspect.min || shape > rules.aspect.max)) {
    return `is ${size} (${ratio(shape)}); its aspect ratio must be between 1:2.5 and 2.5:1`;
  }
  return undefined;
}

/**
 * Whether an image of this size can go to this kind's endpoint, and at what size: pure, so callers can decide not to
 * offer a tool. Over a maximum → the largest size (same aspect ratio) that fits; under a minimum or off-shape → refused.
 */
export function checkInput(kind: ImageRequestKind, width: number, height: number, field?: ImageField): InputCheck {
  const rules = limitsFor(kind, field);
  const name = field ?? primaryField(kind);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    return { ok: false, reason: `${name}: has no valid size (${width}x${height})` };
  }
  const before = problem(width, height, rules);
  if (before !== undefined) return { ok: false, reason: `${name}: ${before}` };
  const scale = Math.min(
    1,
    Math.sqrt(rules.maxPixels / (width * height)),
    rules.maxSide / width,
    rules.maxSide / height,
  );
  if (scale >= 1) return { ok: true, fitted: false, width, height };
  // Flooring keeps width × height under maxPixels, which rounding could overshoot by a row.
  const target = { width: Math.floor(width * scale), height: Math.floor(height * scale) };
  const after = problem(target.width, target.height, rules);
  if (after !== undefined) {
    return { ok: false, reason: `${name}: is ${width}x${height}; shrunk to fit its maximum it ${after}` };
  }
  return { ok: true, fitted: true, ...target, fromWidth: width, fromHeight: height };
}
