import type { StylePreset } from '../stability/models.js';
import { paletteFor, type Random, type ScenePalette, seededRandom } from './local-palette.js';

export interface SceneRequest {
  prompt: string;
  seed: number;
  stylePreset?: StylePreset;
  /** Canvas width in pixels. */
  width: number;
  /** Canvas height in pixels. */
  height: number;
}

interface Features {
  night: boolean;
  water: boolean;
  city: boolean;
  forest: boolean;
  snow: boolean;
}

// A few words steer the landscape so a prompt reads in its picture; the seed decides everything else.
const KEYWORDS: Readonly<Record<keyof Features, RegExp>> = {
  night: /\b(night|moon|stars?|midnight|dark|galaxy|neon)\b/i,
  water: /\b(sea|ocean|lake|river|beach|water|harbou?r|bay|coast)\b/i,
  city: /\b(city|cities|town|street|buildings?|skyline|cyberpunk|futuristic|village|castle|tower)\b/i,
  forest: /\b(trees?|forest|woods?|jungle|pines?|park)\b/i,
  snow: /\b(snow|snowy|winter|ice|icy|frozen|alps)\b/i,
};

function featuresOf(prompt: string, random: Random): Features {
  const pick = (key: keyof Features, chance: number) => KEYWORDS[key].test(prompt) || random() < chance;
  return {
    night: pick('night', 0.2),
    water: pick('water', 0.3),
    city: pick('city', 0.15),
    forest: pick('forest', 0.4),
    snow: pick('snow', 0.25),
  };
}

const n = (value: number) => value.toFixed(1);

/**
 * An SVG landscape (sky, sun or moon, mountains, hills, optional water, town and trees, a few coloured shapes)
 * derived only from prompt, seed and style, at the given size. No text: the banner is drawn separately.
 */
export function sceneSvg(request: SceneRequest): string {
  const { width: w, height: h } = request;
  const random = seededRandom('scene', request.prompt, String(request.seed));
  const features = featuresOf(request.prompt, random);
  const palette = paletteFor(request.stylePreset, features.night, random);
  const horizon = h * (0.55 + random() * 0.12);
  const between = (low: number, high: number) => low + random() * (high - low);
  const parts: string[] = [];

  if (features.night) {
    for (let i = 0; i < 70; i += 1) {
      const r = between(0.4, 1.6) * (w / 1024);
      parts.push(`<circle cx="${n(random() * w)}" cy="${n(random() * horizon * 0.8)}" r="${n(r)}" fill="#fff"/>`);
    }
  }
  const sunR = Math.min(w, h) * between(0.05, 0.1);
  const sunX = w * between(0.12, 0.88);
  const sunY = h * between(0.16, 0.4);
  parts.push(`<circle cx="${n(sunX)}" cy="${n(sunY)}" r="${n(sunR * 2.6)}" fill="url(#glow)"/>`);
  parts.push(`<circle cx="${n(sunX)}" cy="${n(sunY)}" r="${n(sunR)}" fill="${palette.sun}"/>`);
  if (!features.night) {
    for (let i = Math.floor(between(2, 5)); i > 0; i -= 1) parts.push(cloud(w * random(), h * between(0.1, 0.4), w));
  }
  const rise = h * between(0.18, 0.34);
  parts.push(ridge(w, horizon, rise, Math.floor(between(5, 10)), features.snow ? 'url(#snow)' : palette.far, random));
  if (features.city) parts.push(town(w, horizon, h, palette, features.night, random));
  parts.push(hills(w, h, horizon + h * 0.04, palette.mid, random));
  if (features.water) {
    const top = horizon + h * between(0.06, 0.14);
    parts.push(`<rect x="0" y="${n(top)}" width="${w}" height="${n(h - top)}" fill="${palette.water}"/>`);
    parts.push(
      `<ellipse cx="${n(sunX)}" cy="${n(top + (h - top) * 0.3)}" rx="${n(sunR * 0.8)}" ry="${n((h - top) * 0.25)}" fill="${palette.sun}" opacity="0.35"/>`,
    );
  }
  parts.push(hills(w, h, h * between(0.8, 0.88), palette.near, random));
  if (features.forest) {
    for (let i = Math.floor(between(5, 14)); i > 0; i -= 1) {
      const y = h * between(0.78, 0.98);
      // Lower on the canvas reads as nearer, so those trees are drawn bigger.
      parts.push(tree(w * random(), y, y * 0.12, palette.near, palette.mid));
    }
  }
  for (const accent of palette.accents) {
    const r = Math.min(w, h) * between(0.012, 0.03);
    parts.push(`<circle cx="${n(w * random())}" cy="${n(h * between(0.86, 0.97))}" r="${n(r)}" fill="${accent}"/>`);
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
    '<defs>',
    `<linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${palette.skyTop}"/><stop offset="1" stop-color="${palette.skyBottom}"/></linearGradient>`,
    // Snow: white above 70 % of the range's height, whatever the peaks turn out to be.
    `<linearGradient id="snow" gradientUnits="userSpaceOnUse" x1="0" y1="${n(horizon - rise)}" x2="0" y2="${n(horizon)}"><stop offset="0.3" stop-color="#f4f7fb"/><stop offset="0.3" stop-color="${palette.far}"/></linearGradient>`,
    `<radialGradient id="glow"><stop offset="0" stop-color="${palette.sun}" stop-opacity="0.6"/><stop offset="1" stop-color="${palette.sun}" stop-opacity="0"/></radialGradient>`,
    '</defs>',
    `<rect width="${w}" height="${h}" fill="url(#sky)"/>`,
    ...parts,
    '</svg>',
  ].join('');
}

function cloud(x: number, y: number, w: number): string {
  const s = w / 1024;
  return `<g fill="#fff" opacity="0.8"><ellipse cx="${n(x)}" cy="${n(y)}" rx="${n(70 * s)}" ry="${n(22 * s)}"/><ellipse cx="${n(x + 40 * s)}" cy="${n(y - 14 * s)}" rx="${n(45 * s)}" ry="${n(24 * s)}"/><ellipse cx="${n(x - 35 * s)}" cy="${n(y - 8 * s)}" rx="${n(35 * s)}" ry="${n(18 * s)}"/></g>`;
}

/** A jagged mountain range standing on `base`, its peaks between 45 % and 100 % of `rise` above it. */
function ridge(w: number, base: number, rise: number, peaks: number, fill: string, random: Random): string {
  const step = w / peaks;
  const points: string[] = [`0,${n(base)}`];
  for (let i = 0; i <= peaks; i += 1) {
    points.push(`${n(i * step)},${n(base - rise * (0.45 + random() * 0.55))}`);
    points.push(`${n(i * step + step / 2)},${n(base - rise * random() * 0.35)}`);
  }
  points.push(`${n(w)},${n(base)}`);
  return `<polygon points="${points.join(' ')}" fill="${fill}"/>`;
}

function hills(w: number, h: number, top: number, fill: string, random: Random): string {
  const a = top + (random() - 0.5) * h * 0.08;
  const b = top + (random() - 0.5) * h * 0.08;
  const path = `M0,${n(a)} C${n(w * 0.3)},${n(top - h * 0.1 * random())} ${n(w * 0.6)},${n(top + h * 0.06 * random())} ${n(w)},${n(b)} L${w},${h} L0,${h} Z`;
  return `<path d="${path}" fill="${fill}"/>`;
}

function town(w: number, horizon: number, h: number, palette: ScenePalette, night: boolean, random: Random): string {
  const parts: string[] = [];
  let x = w * random() * 0.3;
  const end = x + w * (0.35 + random() * 0.4);
  while (x < end) {
    const bw = w * (0.025 + random() * 0.04);
    const bh = h * (0.06 + random() * 0.22);
    parts.push(
      `<rect x="${n(x)}" y="${n(horizon - bh)}" width="${n(bw)}" height="${n(bh + h * 0.05)}" fill="${palette.near}"/>`,
    );
    const lit = night ? '#ffd76a' : palette.skyBottom;
    for (let wy = horizon - bh + bw * 0.25; wy < horizon - bw * 0.3; wy += bw * 0.45) {
      if (random() < 0.55)
        parts.push(
          `<rect x="${n(x + bw * 0.3)}" y="${n(wy)}" width="${n(bw * 0.4)}" height="${n(bw * 0.2)}" fill="${lit}"/>`,
        );
    }
    x += bw + w * 0.004;
  }
  return parts.join('');
}

function tree(x: number, y: number, size: number, trunk: string, leaves: string): string {
  const top = y - size;
  return `<rect x="${n(x - size * 0.06)}" y="${n(y - size * 0.3)}" width="${n(size * 0.12)}" height="${n(size * 0.3)}" fill="${trunk}"/><polygon points="${n(x)},${n(top)} ${n(x - size * 0.3)},${n(y - size * 0.25)} ${n(x + size * 0.3)},${n(y - size * 0.25)}" fill="${leaves}" stroke="${trunk}" stroke-width="${n(size * 0.02)}"/>`;
}
