import type { EndpointName } from '../stability/models.js';
import type { ImageMode } from './job.js';

export type InputEndpoint = Extract<
  EndpointName,
  'control-sketch' | 'control-structure' | 'control-style' | 'style-transfer'
>;

/** The endpoint each image mode calls; undefined for `reference`, which is image-to-image on the job's model. */
export function inputEndpoint(mode: ImageMode): InputEndpoint | undefined {
  switch (mode) {
    case 'reference':
      return undefined;
    case 'sketch':
      return 'control-sketch';
    case 'structure':
      return 'control-structure';
    case 'style-guide':
      return 'control-style';
    case 'blend':
      return 'style-transfer';
  }
}

/** How each image mode is named to members: in option choices, embeds, refusals and /help. */
export const IMAGE_MODE_INFO: Readonly<Record<ImageMode, { label: string; purpose: string; what: string }>> = {
  reference: {
    label: 'Reference image',
    purpose: 'a reference image',
    what: 'image-to-image: starts from your picture (`strength` 0 keeps it, 1 ignores it)',
  },
  sketch: { label: 'Sketch', purpose: 'a sketch', what: 'follows the lines of your drawing (`control_strength`)' },
  structure: {
    label: 'Structure',
    purpose: 'a structure guide',
    what: "keeps your picture's layout and shapes (`control_strength`)",
  },
  'style-guide': {
    label: 'Style guide',
    purpose: 'a style guide',
    what: "takes your picture's style, not its content (`fidelity`)",
  },
  blend: { label: 'Blend', purpose: 'a blend', what: "one picture's content in another's style" },
};
