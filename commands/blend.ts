import { ApplicationCommandOptionType, InteractionContextType } from 'discord.js';
import type { JobParams } from '../src/domain/job.js';
import { formatCredits } from '../src/format/credits.js';
import { slashCommand } from '../src/interactions/commands.js';
import { fetchGivenImages } from '../src/jobs/given-images.js';
import { submitJob } from '../src/jobs/submit.js';
import { ENDPOINTS, MAX_SEED } from '../src/stability/models.js';
import type { BotContext } from './context.js';

const PRICE = formatCredits(ENDPOINTS['style-transfer'].credits);

export const blendDefinition = {
  name: 'blend',
  description: `Paint one picture in the style of another (style transfer, ${PRICE} per image)`,
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Attachment,
      name: 'content',
      description: 'The picture to repaint: its subject and layout stay (PNG, JPEG or WebP, up to 10 MiB)',
      required: true,
    },
    {
      type: ApplicationCommandOptionType.Attachment,
      name: 'style',
      description: 'The picture whose style is taken (PNG, JPEG or WebP, up to 10 MiB)',
      required: true,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'prompt',
      description: 'Optional: what the result should show (English)',
      max_length: 2000,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'negative_prompt',
      description: 'What you do not want to see',
      max_length: 2000,
    },
    {
      type: ApplicationCommandOptionType.Number,
      name: 'style_strength',
      description: 'How strongly the style is applied, 0–1 (default 1)',
      min_value: 0,
      max_value: 1,
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
      description: `How many images (${PRICE} each)`,
      min_value: 1,
      max_value: 4,
    },
  ],
} as const;

/** `/blend`: Stability's style transfer, the content image repainted in the style image's style. */
export const blend = slashCommand<BotContext, typeof blendDefinition>(blendDefinition, {
  async execute(interaction, args, ctx) {
    const images = await fetchGivenImages(interaction, ctx, [
      { file: args.content, label: 'content', kind: 'style-transfer', field: 'init_image', purpose: 'a blend' },
      { file: args.style, label: 'style', kind: 'style-transfer', field: 'style_image', purpose: 'a blend' },
    ]);
    const content = images[0];
    if (!content) throw new Error('the content option downloaded nothing');
    // Style transfer takes no model; the job records the default one only because every job names a model.
    const params: JobParams = {
      prompt: args.prompt ?? '',
      model: 'core',
      count: args.count ?? 1,
      input: { mode: 'blend', ...(args.style_strength !== undefined ? { styleStrength: args.style_strength } : {}) },
      given: { width: content.width ?? 0, height: content.height ?? 0 },
    };
    if (args.negative_prompt) params.negativePrompt = args.negative_prompt;
    if (args.seed !== undefined && args.seed > 0) params.seed = args.seed;
    return submitJob(interaction, ctx.submit, { kind: 'blend', params, inputImages: images });
  },
});
