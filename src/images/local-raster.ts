import sharp, { type Sharp } from 'sharp';
import type { OutputFormat } from '../stability/models.js';
import { type BannerText, bannerSvg, escapeXml } from './local-banner.js';
import { type SceneRequest, sceneSvg } from './local-scene.js';

/** 8-bit RGB pixels, row-major. */
export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
}

export async function renderScene(request: SceneRequest): Promise<RawImage> {
  let pipeline = sharp(Buffer.from(sceneSvg(request))).removeAlpha();
  if (request.stylePreset === 'pixel-art') {
    // Pixel art: render small, then enlarge with hard edges.
    const small = await pipeline
      .resize(Math.ceil(request.width / 16), Math.ceil(request.height / 16), { fit: 'fill' })
      .toBuffer();
    pipeline = sharp(small).resize(request.width, request.height, { fit: 'fill', kernel: 'nearest' });
  }
  return toRaw(pipeline);
}

/** Decodes png, jpeg or webp as displayed (EXIF orientation applied), dropping alpha. Rejects anything else. */
export function decodeImage(bytes: Uint8Array): Promise<RawImage> {
  return toRaw(sharp(bytes).autoOrient().removeAlpha());
}

/** Per-channel mix of two images of the same size: strength 0 is `input`, 1 is `scene`. */
export function blend(input: RawImage, scene: RawImage, strength: number): RawImage {
  const data = Buffer.alloc(input.data.length);
  for (let i = 0; i < data.length; i += 1) {
    data[i] = Math.round((input.data[i] ?? 0) * (1 - strength) + (scene.data[i] ?? 0) * strength);
  }
  return { data, width: input.width, height: input.height };
}

/** Blurs a filtered picture as Stability does, then lays the banner on top so the label stays readable. */
export function labelledImage(image: RawImage, text: BannerText, filtered: boolean, format: OutputFormat) {
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  if (filtered) pipeline = pipeline.blur(blurSigma(image.width, image.height));
  pipeline = pipeline.composite([{ input: Buffer.from(bannerSvg(image.width, image.height, text)) }]);
  return encode(pipeline, format);
}

/** Resamples to `width`×`height` (lanczos3) and tags the bottom-right corner as a local preview. */
export function resampledImage(
  bytes: Uint8Array,
  width: number,
  height: number,
  filtered: boolean,
  format: OutputFormat,
) {
  let pipeline = sharp(bytes).autoOrient().resize(width, height, { fit: 'fill', kernel: 'lanczos3' });
  if (filtered) pipeline = pipeline.blur(blurSigma(width, height));
  pipeline = pipeline.composite([{ input: Buffer.from(upscaleTagSvg(width, height)), gravity: 'southeast' }]);
  return encode(pipeline, format);
}

async function toRaw(pipeline: Sharp): Promise<RawImage> {
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

function blurSigma(width: number, height: number): number {
  return Math.max(4, Math.min(width, height) / 40);
}

function encode(pipeline: Sharp, format: OutputFormat): Promise<Buffer> {
  if (format === 'jpeg') return pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: 90 }).toBuffer();
  if (format === 'webp') return pipeline.webp({ quality: 90 }).toBuffer();
  return pipeline.png().toBuffer();
}

function upscaleTagSvg(width: number, height: number): string {
  const size = Math.max(10, Math.round(Math.min(width, height) * 0.025));
  const text = 'LOCAL PREVIEW · 4× upscale, not Stability AI';
  const tagWidth = Math.min(width, Math.ceil(text.length * size * 0.62 + size));
  const tagHeight = Math.min(height, Math.ceil(size * 1.8));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${tagWidth}" height="${tagHeight}"><rect width="100%" height="100%" fill="#111" fill-opacity="0.75"/><text x="${size / 2}" y="${(tagHeight / 2).toFixed(1)}" font-family="DejaVu Sans, sans-serif" font-size="${size}" fill="#ffcc00" dominant-baseline="central">${escapeXml(text)}</text></svg>`;
}
