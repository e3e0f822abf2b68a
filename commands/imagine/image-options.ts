import type { ImageInput, ImageMode } from '../../src/domain/job.js';
import { DEFAULT_REFERENCE_STRENGTH } from '../../src/jobs/input-requests.js';
import type { Applicable } from '../../src/settings/defaults.js';
import { type ModelId, variationModelFor } from '../../src/stability/models.js';
import { UserError } from '../../src/user-error.js';

/** The options of `/imagine` that steer it by an image, as parsed from the command. */
export interface ImageOptionArgs {
  image?: unknown;
  image_mode?: ImageMode;
  strength?: number;
  control_strength?: number;
  fidelity?: number;
  model?: string;
  aspect_ratio?: string;
}

const MODE_OPTION: Readonly<Record<'strength' | 'control_strength' | 'fidelity', readonly ImageMode[]>> = {
  strength: ['reference'],
  control_strength: ['sketch', 'structure'],
  fidelity: ['style-guide'],
};

/**
 * The mode an `/imagine` runs in, refusing combinations that would be silently ignored: an option only one mode
 * uses, given with another (or without an image), a model where the endpoint takes none, an aspect ratio where the
 * output follows the image's shape.
 */
export function imageMode(args: ImageOptionArgs): ImageMode | undefined {
  const mode = args.image === undefined ? undefined : (args.image_mode ?? 'reference');
  if (args.image === undefined && args.image_mode !== undefined) {
    throw new UserError('`image_mode` needs an `image`: attach the picture to start from.');
  }
  for (const [option, modes] of Object.entries(MODE_OPTION)) {
    if (args[option as keyof typeof MODE_OPTION] === undefined) continue;
    if (mode === undefined || !modes.includes(mode)) {
      throw new UserError(
        `\`${option}\` only applies with an \`image\` and \`image_mode:${modes.join('` or `image_mode:')}\`.`,
      );
    }
  }
  if (mode && mode !== 'reference' && args.model !== undefined) {
    throw new UserError(`\`model\` does not apply with \`image_mode:${mode}\`: that endpoint has no model choice.`);
  }
  if ((mode === 'reference' || mode === 'sketch' || mode === 'structure') && args.aspect_ratio !== undefined) {
    throw new UserError(
      `\`aspect_ratio\` does not apply with \`image_mode:${mode}\`: the result takes your image's shape.`,
    );
  }
  return mode;
}

/** Which of the member's defaults a job in this mode can use. */
export function applicableDefaults(mode: ImageMode | undefined): Applicable {
  return {
    model: mode === undefined || mode === 'reference',
    aspectRatio: mode === undefined || mode === 'style-guide',
    style: true,
    count: true,
  };
}

/**
 * The job's `input` and the model it runs on: a reference image goes to image-to-image, which Core lacks, so a Core
 * job runs on SD 3.5 Large (as the V buttons do) and says so.
 */
export function imageInput(
  mode: ImageMode,
  model: ModelId,
  args: ImageOptionArgs,
): { input: ImageInput; model: ModelId } {
  switch (mode) {
    case 'reference': {
      const runsOn = variationModelFor(model);
      return {
        model: runsOn,
        input: {
          mode,
          strength: args.strength ?? DEFAULT_REFERENCE_STRENGTH,
          ...(runsOn === model ? {} : { replacedModel: model }),
        },
      };
    }
    case 'sketch':
    case 'structure':
      return {
        model,
        input: { mode, ...(args.control_strength !== undefined ? { controlStrength: args.control_strength } : {}) },
      };
    case 'style-guide':
      return { model, input: { mode, ...(args.fidelity !== undefined ? { fidelity: args.fidelity } : {}) } };
    case 'blend':
      return { model, input: { mode } };
  }
}
