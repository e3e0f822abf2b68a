import type { Sharp } from 'sharp';
import type { OutputFormat } from '../stability/enums.js';
import type { PreparedImage } from '../stability/inputs.js';
import type {
  OutpaintRequest,
  RemoveBackgroundRequest,
  SearchAndRecolorRequest,
  SearchAndReplaceRequest,
} from '../stability/request.js';
import { loadSharp } from '../stability/sharp.js';
import type { ImageSize } from './dimensions.js';
import { seededRandom } from './local-palette.js';
import { blurSigma, decodeImage, encode, fromRaw, opaque, previewTagSvg, renderScene } from './local-raster.js';

const VIVID = ['#e6194b', '#3cb44b', '#ffe119', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6'] as const;

/** A colour that depends on the prompt and seed only, so a replace or recolour reads as "that prompt". */
function colourFor(prompt: string, seed: number): string {
  return VIVID[Math.floor(seededRandom('edit', prompt, String(seed))() * VIVID.length)] ?? VIVID[0];
}

/** The centre ellipse an edit changes: where a "found" object would be, covering about a third of the picture. */
function ellipseSvg(size: ImageSize, fill: string, opacity = 1): Buffer {
  const { width: w, height: h } = size;
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><ellipse cx="${w / 2}" cy="${h / 2}" rx="${(w * 0.3).toFixed(1)}" ry="${(h * 0.3).toFixed(1)}" fill="${fill}" fill-opacity="${opacity}"/></svg>`,
  );
}

interface Edit {
  input: PreparedImage;
  size: ImageSize;
  seed: number;
  filtered: boolean;
  format: OutputFormat;
}

async function finish(pipeline: Sharp, edit: Edit, what: string): Promise<Buffer> {
  const sharp = await loadSharp();
  let image = edit.filtered ? pipeline.blur(blurSigma(edit.size.width, edit.size.height)) : pipeline;
  // Flatten the first stage so the tag lands on the edited picture, not under it.
  image = sharp(await image.png().toBuffer());
  const tag = Buffer.from(previewTagSvg(edit.size.width, edit.size.height, what));
  return encode(await opaque(image.composite([{ input: tag, gravity: 'southeast' }])), edit.format);
}

/** Outpaint: a scene for the new canvas, the input pasted where the margins leave it. */
export async function outpainted(request: OutpaintRequest, edit: Edit): Promise<Buffer> {
  const prompt = request.prompt || 'outpaint';
  const scene = await renderScene({
    prompt,
    seed: edit.seed,
    width: edit.size.width,
    height: edit.size.height,
    ...(request.stylePreset ? { stylePreset: request.stylePreset } : {}),
  });
  const input = await decodeImage(edit.input.bytes, edit.input);
  const inputPng = await (await fromRaw(input)).png().toBuffer();
  const canvas = (await fromRaw(scene)).composite([{ input: inputPng, left: request.left ?? 0, top: request.up ?? 0 }]);
  return finish(canvas, edit, 'outpaint');
}

/** Search and replace: the found object (the centre) painted over in the prompt's colour. */
export async function replaced(request: SearchAndReplaceRequest, edit: Edit): Promise<Buffer> {
  const sharp = await loadSharp();
  const base = sharp(edit.input.bytes).autoOrient().removeAlpha();
  const overlay = ellipseSvg(edit.size, colourFor(request.prompt, edit.seed));
  return finish(base.composite([{ input: overlay }]), edit, `replaced "${request.searchPrompt}"`);
}

/** Search and recolour: the selected object (the centre) tinted, its light and shade kept (multiply). */
export async function recoloured(request: SearchAndRecolorRequest, edit: Edit): Promise<Buffer> {
  const sharp = await loadSharp();
  const base = sharp(edit.input.bytes).autoOrient().removeAlpha();
  const overlay = ellipseSvg(edit.size, colourFor(request.prompt, edit.seed), 0.85);
  return finish(base.composite([{ input: overlay, blend: 'multiply' }]), edit, `recoloured "${request.selectPrompt}"`);
}

/** Remove background: the centre ellipse is kept as the "subject"; everything else becomes fully transparent. */
export async function backgroundRemoved(_request: RemoveBackgroundRequest, edit: Edit): Promise<Buffer> {
  const sharp = await loadSharp();
  const cut = await sharp(edit.input.bytes)
    .autoOrient()
    .ensureAlpha()
    .composite([{ input: ellipseSvg(edit.size, '#fff'), blend: 'dest-in' }])
    .png()
    .toBuffer();
  const tag = Buffer.from(previewTagSvg(edit.size.width, edit.size.height, 'background removed'));
  let pipeline = sharp(cut);
  if (edit.filtered)
    pipeline = sharp(await pipeline.blur(blurSigma(edit.size.width, edit.size.height)).png().toBuffer());
  pipeline = pipeline.composite([{ input: tag, gravity: 'southeast' }]);
  return edit.format === 'webp'
    ? pipeline.webp({ quality: 90, alphaQuality: 100 }).toBuffer()
    : pipeline.png().toBuffer();
}
