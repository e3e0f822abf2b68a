import type { JobParams } from '../domain/job.js';
import type { ToolKind } from '../domain/tools.js';
import type { StabilityRequest } from '../images/backend.js';

/**
 * The one request an editing tool sends: the source image, the job's prompt where the endpoint takes one, and of
 * the member's options only those the endpoint accepts (src/stability/request-fields.ts), so Stability's defaults
 * apply to the rest. The embed shows the same set (src/render/tool-fields.ts).
 */
export function toolRequest(kind: ToolKind, p: JobParams, image: Uint8Array): StabilityRequest {
  const negative = p.negativePrompt ? { negativePrompt: p.negativePrompt } : {};
  const style = p.stylePreset ? { stylePreset: p.stylePreset } : {};
  const format = p.outputFormat ? { outputFormat: p.outputFormat } : {};
  const tool = p.tool ?? {};
  switch (kind) {
    case 'zoom-out':
    case 'make-square':
    case 'pan': {
      const margins = tool.margins;
      if (!margins) throw new Error(`${kind} without margins`);
      // Only the sides that grow: a 0 is the endpoint's default anyway.
      const side = (name: keyof typeof margins) => (margins[name] > 0 ? { [name]: margins[name] } : {});
      return {
        kind: 'outpaint',
        image,
        prompt: p.prompt,
        ...side('left'),
        ...side('right'),
        ...side('up'),
        ...side('down'),
        ...style,
        ...format,
      };
    }
    case 'vary-region':
    case 'recolor': {
      if (!tool.find || !tool.into) throw new Error(`${kind} without what to find and what it becomes`);
      const common = { image, prompt: tool.into, ...negative, ...style, ...format };
      return kind === 'vary-region'
        ? { kind: 'search-and-replace', searchPrompt: tool.find, ...common }
        : { kind: 'search-and-recolor', selectPrompt: tool.find, ...common };
    }
    case 'remove-background':
      // Transparency needs PNG or WebP: a member's JPEG choice falls back to the endpoint's default, PNG.
      return {
        kind: 'remove-background',
        image,
        ...(p.outputFormat === 'png' || p.outputFormat === 'webp' ? { outputFormat: p.outputFormat } : {}),
      };
    case 'upscale-subtle':
      return { kind: 'upscale-conservative', image, prompt: p.prompt, ...negative, ...format };
    case 'upscale-creative':
      return { kind: 'upscale-creative', image, prompt: p.prompt, ...negative, ...style, ...format };
  }
}
