import { createHash } from 'node:crypto';
import type { StylePreset } from '../stability/models.js';

/** A pseudo-random source in [0, 1). */
export type Random = () => number;

/** A deterministic generator (mulberry32) seeded from the SHA-256 of `parts`, so a picture depends on them only. */
export function seededRandom(...parts: string[]): Random {
  let state = createHash('sha256').update(parts.join('\u0000')).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface StyleTone {
  /** Colour saturation, 0–100 %. */
  saturation: number;
  /** Added to every lightness, in percentage points. */
  lightness: number;
  /** Turns every hue, in degrees. */
  hueShift: number;
}

const DEFAULT_TONE: StyleTone = { saturation: 55, lightness: 0, hueShift: 0 };

// Each preset nudges the colours the way the real style would read at a glance (neon = saturated magenta, …).
const STYLE_TONES: Readonly<Partial<Record<StylePreset, StyleTone>>> = {
  anime: { saturation: 80, lightness: 8, hueShift: 0 },
  photographic: { saturation: 45, lightness: 0, hueShift: 0 },
  cinematic: { saturation: 50, lightness: -8, hueShift: -15 },
  'analog-film': { saturation: 30, lightness: 2, hueShift: 25 },
  'line-art': { saturation: 0, lightness: 10, hueShift: 0 },
  'comic-book': { saturation: 95, lightness: 0, hueShift: 0 },
  'neon-punk': { saturation: 100, lightness: -15, hueShift: 95 },
  'fantasy-art': { saturation: 70, lightness: -4, hueShift: 60 },
  'digital-art': { saturation: 75, lightness: 0, hueShift: 20 },
  'pixel-art': { saturation: 85, lightness: 4, hueShift: 0 },
  origami: { saturation: 40, lightness: 12, hueShift: 0 },
  'modeling-compound': { saturation: 85, lightness: 6, hueShift: 0 },
  'low-poly': { saturation: 60, lightness: 0, hueShift: -10 },
  '3d-model': { saturation: 60, lightness: 4, hueShift: 0 },
};

export interface ScenePalette {
  skyTop: string;
  skyBottom: string;
  sun: string;
  far: string;
  mid: string;
  near: string;
  water: string;
  /** Colours for the small foreground shapes. */
  accents: string[];
}

export function paletteFor(style: StylePreset | undefined, night: boolean, random: Random): ScenePalette {
  const tone = (style && STYLE_TONES[style]) ?? DEFAULT_TONE;
  const s = tone.saturation;
  const color = (hue: number, saturation: number, lightness: number) =>
    hslToHex(hue + tone.hueShift, saturation, Math.min(95, Math.max(4, lightness + tone.lightness)));
  const skyHue = 205 + (random() - 0.5) * 70;
  const landHue = 115 + (random() - 0.5) * 90;
  const dusk = !night && random() < 0.3;
  const accents = Array.from({ length: 4 }, () => color(random() * 360, Math.max(s, 35), 55));
  if (night) {
    return {
      skyTop: color(skyHue + 25, s * 0.8, 8),
      skyBottom: color(skyHue + 45, s * 0.7, 26),
      sun: color(50, s * 0.3, 88),
      far: color(skyHue + 20, s * 0.4, 20),
      mid: color(landHue + 40, s * 0.4, 14),
      near: color(landHue + 30, s * 0.4, 9),
      water: color(skyHue + 30, s * 0.6, 16),
      accents,
    };
  }
  return {
    skyTop: dusk ? color(265, s * 0.8, 40) : color(skyHue, s * 1.1, 52),
    skyBottom: dusk ? color(25, Math.max(s, 40) * 1.4, 68) : color(skyHue - 15, s * 0.8, 84),
    sun: dusk ? color(35, 95, 62) : color(48, 95, 70),
    far: color(skyHue + 10, s * 0.45, 62),
    mid: color(landHue, s * 0.8, 40),
    near: color(landHue - 10, s * 0.9, 27),
    water: color(skyHue, s, 42),
    accents,
  };
}

function hslToHex(hue: number, saturation: number, lightness: number): string {
  const h = (((hue % 360) + 360) % 360) / 360;
  const s = Math.min(100, Math.max(0, saturation)) / 100;
  const l = lightness / 100;
  const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  const p = 2 * l - q;
  const channel = (offset: number) => {
    const t = (((h + offset) % 1) + 1) % 1;
    const value = t < 1 / 6 ? p + (q - p) * 6 * t : t < 1 / 2 ? q : t < 2 / 3 ? p + (q - p) * (2 / 3 - t) * 6 : p;
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(1 / 3)}${channel(0)}${channel(-1 / 3)}`;
}
