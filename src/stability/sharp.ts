import type sharpModule from 'sharp';

/**
 * sharp (libvips) on first use only: the answer → upload path never resizes, and not loading the native library keeps
 * the bot's idle memory and start-up lower. Node caches the module, so later calls cost one resolved promise.
 */
export async function loadSharp(): Promise<typeof sharpModule> {
  const module = await import('sharp');
  return module.default;
}
