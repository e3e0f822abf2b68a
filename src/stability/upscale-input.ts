import { type FittedImage, fitToPixelLimit, ImageFitError, UPSCALE_FAST_LIMIT } from '../images/fit.js';
import { BadRequestError } from './errors.js';

/**
 * Shrinks an image (keeping its aspect ratio) so fast upscale accepts it, because Stability answers 400 for inputs
 * over 1,048,576 px or 1536 px a side. Unreadable or too-small images fail locally, before any paid call.
 */
export async function fitUpscaleInput(bytes: Uint8Array): Promise<FittedImage> {
  try {
    return await fitToPixelLimit(bytes, UPSCALE_FAST_LIMIT);
  } catch (error) {
    if (error instanceof ImageFitError) throw new BadRequestError({ message: `image: ${error.message}`, cause: error });
    throw error;
  }
}
