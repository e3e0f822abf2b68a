import { ApplicationCommandOptionType, InteractionContextType } from 'discord.js';
import type { JobParams } from '../../src/domain/job.js';
import { formatCredits } from '../../src/format/credits.js';
import { slashCommand } from '../../src/interactions/commands.js';
import { submitJob } from '../../src/jobs/submit.js';
import { ASPECT_RATIOS, MAX_SEED, MODEL_IDS, MODELS, type ModelId, STYLE_PRESETS } from '../../src/stability/models.js';
import type { BotContext } from '../context.js';

/** The default model: Stable Image Core, the cheapest general-purpose one (3 credits). */
const DEFAULT_MODEL: ModelId = 'core';

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
  ],
} as const;

export const imagine = slashCommand<BotContext, typeof imagineDefinition>(imagineDefinition, {
  async execute(interaction, args, ctx) {
    const params: JobParams = { prompt: args.prompt, model: args.model ?? DEFAULT_MODEL, count: args.count ?? 1 };
    if (args.negative_prompt) params.negativePrompt = args.negative_prompt;
    if (args.aspect_ratio) params.aspectRatio = args.aspect_ratio;
    if (args.style) params.stylePreset = args.style;
    if (args.seed !== undefined && args.seed > 0) params.seed = args.seed;
    return submitJob(interaction, ctx.submit, { kind: 'imagine', params });
  },
});
