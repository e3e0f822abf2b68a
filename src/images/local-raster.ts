import type { Sharp } from 'sharp';
import type { OutputFormat } from '../stability/enums.js';
import { loadSharp } from '../stability/sharp.js';
import { type BannerText, bannerSvg, escapeXml } from './local-banner.js';
import { type SceneRequest, sceneSvg } from './local-scene.js';

/** 8-bit RGB pixels, row-major. */
export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
}

export async function renderScene(request: SceneRequest): Promise<RawImage> {
  const sharp = await loadSharp();
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

/** Decodes png, jpeg or webp as displayed (EXIF orientation applied), dropping alpha, optionally resized to a size. */
export async function decodeImage(bytes: Uint8Array, size?: { width: number; height: number }): Promise<RawImage> {
  const sharp = await loadSharp();
  let pipeline = sharp(bytes).autoOrient().removeAlpha();
  if (size) pipeline = pipeline.resize(size.width, size.height, { fit: 'fill', kernel: 'lanczos3' });
  return toRaw(pipeline);
}

/** Per-channel mix of two images of the same size: strength 0 is `input`, 1 is `scene`. */
export function blend(input: RawImage, scene: RawImage, strength: number): RawImage {
  const data = Buffer.alloc(input.data.length);
  for (let i = 0; i < data.length; i += 1) {
    data[i] = Math.round((input.data[i] ?? 0) * (1 - strength) + (scene.data[i] ?? 0) * strength);
  }
  return { data, width: input.width, height: input.height };
}

/** Greyscale of `image` as RGB: what structure and sketch control keep of their input. */
export function greyscale(image: RawImage): RawImage {
  const data = Buffer.alloc(image.data.length);
  for (let i = 0; i < data.length; i += 3) {
    const luma = Math.round(
      0.299 * (image.data[i] ?? 0) + 0.587 * (image.data[i + 1] ?? 0) + 0.114 * (image.data[i + 2] ?? 0),
    );
    data[i] = luma;
    data[i + 1] = luma;
    data[i + 2] = luma;
  }
  return { data, width: image.width, height: image.height };
}

/** Raw pixels back into a pipeline, for compositing. */
export async function fromRaw(image: RawImage): Promise<Sharp> {
  const sharp = await loadSharp();
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
}

/** Blurs a filtered picture as Stability does, then lays the banner on top so the label stays readable. */
export async function labelledImage(image: RawImage, text: BannerText, filtered: boolean, format: OutputFormat) {
  let pipeline = await fromRaw(image);
  if (filtered) pipeline = pipeline.blur(blurSigma(image.width, image.height));
  pipeline = pipeline.composite([{ input: Buffer.from(bannerSvg(image.width, image.height, text)) }]);
  // Compositing an SVG adds an alpha channel; Stability's pictures are opaque RGB, so these are too.
  return encode(await opaque(pipeline), format);
}

/** Resamples to `width`×`height` (lanczos3) and tags the bottom-right corner as a local preview of `what`. */
export async function resampledImage(
  bytes: Uint8Array,
  size: { width: number; height: number },
  what: string,
  filtered: boolean,
  format: OutputFormat,
) {
  const sharp = await loadSharp();
  const { width, height } = size;
  let pipeline = sharp(bytes).autoOrient().resize(width, height, { fit: 'fill', kernel: 'lanczos3' });
  if (filtered) pipeline = pipeline.blur(blurSigma(width, height));
  pipeline = pipeline.composite([{ input: Buffer.from(previewTagSvg(width, height, what)), gravity: 'southeast' }]);
  return encode(await opaque(pipeline), format);
}

/** The composited picture without its alpha channel (composite output always has one). */
export async function opaque(pipeline: Sharp): Promise<Sharp> {
  const sharp = await loadSharp();
  return sharp(await pipeline.png({ compressionLevel: 0 }).toBuffer()).removeAlpha();
}

export async function toRaw(pipeline: Sharp): Promise<RawImage> {
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

export function blurSigma(width: number, height: number): number {
  return Math.max(4, Math.min(width, height) / 40);
}

/** Encodes in the requested format; JPEG only gets a white background where there was alpha. */
export function encode(pipeline: Sharp, format: OutputFormat): Promise<Buffer> {
  if (format === 'jpeg') return pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: 90 }).toBuffer();
  if (format === 'webp') return pipeline.webp({ quality: 90 }).toBuffer();
  return pipeline.png().toBuffer();
}

/** A small opaque corner label: every local picture says it is not Stability's, even a cut-out. */
export function previewTagSvg(width: number, height: number, what: string): string {
  const size = Math.max(10, Math.round(Math.min(width, height) * 0.025));
  const text = `LOCAL PREVIEW · ${what}, not Stability AI`;
  const tagWidth = Math.min(width, Math.ceil(text.length * size * 0.62 + size));
  const tagHeight = Math.min(height, Math.ceil(size * 1.8));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${tagWidth}" height="${tagHeight}"><rect width="100%" height="100%" fill="#111" fill-opacity="0.75"/><text x="${size / 2}" y="${(tagHeight / 2).toFixed(1)}" font-family="DejaVu Sans, sans-serif" font-size="${size}" fill="#ffcc00" dominant-baseline="central">${escapeXml(text)}</text></svg>`;
}
