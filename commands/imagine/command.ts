import { ApplicationCommandOptionType, InteractionContextType } from 'discord.js';
import { IMAGE_MODE_INFO } from '../../src/domain/image-modes.js';
import type { JobParams } from '../../src/domain/job.js';
import { formatCredits } from '../../src/format/credits.js';
import { slashCommand } from '../../src/interactions/commands.js';
import { fetchGivenImages } from '../../src/jobs/given-images.js';
import { inputRequestKind } from '../../src/jobs/input-requests.js';
import { submitJob } from '../../src/jobs/submit.js';
import { applyDefaults } from '../../src/settings/defaults.js';
import {
  ASPECT_RATIOS,
  ENDPOINTS,
  MAX_SEED,
  MODEL_IDS,
  MODELS,
  type ModelId,
  STYLE_PRESETS,
} from '../../src/stability/models.js';
import type { BotContext } from '../context.js';
import { checkDefaultModel } from '../settings/default-model.js';
import { applicableDefaults, imageInput, imageMode } from './image-options.js';

/** The default model: Stable Image Core, the cheapest general-purpose one (3 credits). */
const DEFAULT_MODEL: ModelId = 'core';

const unit = { type: ApplicationCommandOptionType.Number, min_value: 0, max_value: 1 } as const;

export const imagineDefinition = {
  name: 'imagine',
  description: 'Turn a prompt into images with Stability AI',
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'prompt',
      description: 'What you want to see (English)',
      required: true,
      max_length: 2000,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'negative_prompt',
      description: 'What you do not want to see',
      max_length: 2000,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'aspect_ratio',
      description: 'Shape of the image (default 1:1)',
      choices: ASPECT_RATIOS.map((ratio) => ({ name: ratio, value: ratio })),
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'model',
      description: `Which Stability model (default ${MODELS[DEFAULT_MODEL].label})`,
      choices: MODEL_IDS.map((id) => ({
        name: `${MODELS[id].label} — ${formatCredits(MODELS[id].credits)}`,
        value: id,
      })),
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'style',
      description: 'A style preset',
      choices: STYLE_PRESETS.map((style) => ({ name: style, value: style })),
    },
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'seed',
      description: 'Seed for reproducible results (0 = random)',
      min_value: 0,
      max_value: MAX_SEED,
    },
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'count',
      description: 'How many images (each one is one paid call)',
      min_value: 1,
      max_value: 4,
    },
    {
      type: ApplicationCommandOptionType.Attachment,
      name: 'image',
      description: 'Start from your picture (PNG, JPEG or WebP, up to 10 MiB); see image_mode',
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'image_mode',
      description: 'How your image is used (default reference)',
      choices: [
        {
          name: `reference — image-to-image at the model's price (Core runs on SD 3.5 Large)`,
          value: 'reference',
        },
        { name: `sketch — follow its lines, ${formatCredits(ENDPOINTS['control-sketch'].credits)}`, value: 'sketch' },
        {
          name: `structure — keep its layout, ${formatCredits(ENDPOINTS['control-structure'].credits)}`,
          value: 'structure',
        },
        {
          name: `style-guide — take its style, ${formatCredits(ENDPOINTS['control-style'].credits)}`,
          value: 'style-guide',
        },
      ],
    },
    { ...unit, name: 'strength', description: 'reference: 0 keeps your image, 1 ignores it (default 0.6)' },
    {
      ...unit,
      name: 'control_strength',
      description: 'sketch, structure: how closely your image is followed (default 0.7)',
    },
    { ...unit, name: 'fidelity', description: 'style-guide: how closely its style is followed (default 0.5)' },
  ],
} as const;

export const imagine = slashCommand<BotContext, typeof imagineDefinition>(imagineDefinition, {
  async execute(interaction, args, ctx) {
    const mode = imageMode(args);
    const settings = await ctx.settings.get(interaction.user.id);
    const d = applyDefaults(
      {
        prompt: args.prompt,
        ...(args.negative_prompt ? { negativePrompt: args.negative_prompt } : {}),
        ...(args.model ? { model: args.model } : {}),
        ...(args.aspect_ratio ? { aspectRatio: args.aspect_ratio } : {}),
        ...(args.style ? { style: args.style } : {}),
        ...(args.count !== undefined ? { count: args.count } : {}),
      },
      settings,
      applicableDefaults(mode),
    );
    const chosen = d.model ?? DEFAULT_MODEL;
    // The model the job runs on (Core's reference image runs on SD 3.5 Large) is the one the limit must allow.
    const runsOn = mode ? imageInput(mode, chosen, args).model : chosen;
    if (d.modelFromDefaults) await checkDefaultModel(interaction, ctx, runsOn);
    const params: JobParams = { prompt: d.prompt, model: chosen, count: d.count ?? 1 };
    if (d.negativePrompt) params.negativePrompt = d.negativePrompt;
    if (d.aspectRatio) params.aspectRatio = d.aspectRatio;
    if (d.style) params.stylePreset = d.style;
    if (args.seed !== undefined && args.seed > 0) params.seed = args.seed;
    if (mode === undefined || args.image === undefined) {
      return submitJob(interaction, ctx.submit, { kind: 'imagine', params, fromDefaults: d.fromDefaults });
    }
    const steered = imageInput(mode, chosen, args);
    params.model = steered.model;
    params.input = steered.input;
    const [image] = await fetchGivenImages(interaction, ctx, [
      { file: args.image, kind: inputRequestKind(mode), purpose: IMAGE_MODE_INFO[mode].purpose },
    ]);
    if (!image) throw new Error('the image option downloaded nothing');
    params.given = { width: image.width ?? 0, height: image.height ?? 0 };
    return submitJob(interaction, ctx.submit, {
      kind: 'imagine',
      params,
      fromDefaults: d.fromDefaults,
      inputImages: [image],
    });
  },
});
