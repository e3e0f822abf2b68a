import {
  ApplicationCommandOptionType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext, Command } from '../src/context.js';
import { formatCredits } from '../src/discord/job-embed.js';
import { submitJob } from '../src/jobs/submit.js';
import {
  ASPECT_RATIOS,
  type AspectRatio,
  MAX_SEED,
  MODEL_IDS,
  MODELS,
  type ModelId,
  STYLE_PRESETS,
  type StylePreset,
} from '../src/stability/models.js';
import type { JobParams } from '../src/domain/job.js';
import { UserError } from '../src/user-error.js';
import { imagineButtons, imagineModals } from './imagine-buttons.js';

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
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Reads the options Discord already validated (types, choices, ranges) into job parameters. */
export function imagineParams(interaction: ChatInputCommandInteraction): JobParams {
  const prompt = interaction.options.getString('prompt', true).trim();
  if (prompt.length === 0) throw new UserError('The prompt is empty. Describe what you want to see.');
  const params: JobParams = {
    prompt,
    model: (interaction.options.getString('model') ?? DEFAULT_MODEL) as ModelId,
    count: interaction.options.getInteger('count') ?? 1,
  };
  const negative = interaction.options.getString('negative_prompt')?.trim();
  if (negative) params.negativePrompt = negative;
  const aspect = interaction.options.getString('aspect_ratio');
  if (aspect) params.aspectRatio = aspect as AspectRatio;
  const style = interaction.options.getString('style');
  if (style) params.stylePreset = style as StylePreset;
  const seed = interaction.options.getInteger('seed');
  if (seed !== null && seed > 0) params.seed = seed;
  if (!MODEL_IDS.includes(params.model)) throw new UserError(`Unknown model ${params.model}.`);
  return params;
}

export const imagine: Command = {
  data: imagineDefinition,
  async execute(interaction: ChatInputCommandInteraction, ctx: BotContext) {
    await submitJob(interaction, ctx, { kind: 'imagine', params: imagineParams(interaction) });
  },
  buttons: imagineButtons,
  modals: imagineModals,
};
