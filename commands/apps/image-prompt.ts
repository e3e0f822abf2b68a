import {
  type APIModalInteractionResponseCallbackData,
  ApplicationCommandType,
  InteractionContextType,
} from 'discord.js';
import type { JobParams } from '../../src/domain/job.js';
import type { MessageCommand } from '../../src/interactions/commands.js';
import { type MessageButton, type MessageModal, messageCustomId } from '../../src/interactions/components.js';
import { type ModalField, modalRows } from '../../src/interactions/modal-fields.js';
import { fetchGivenImages } from '../../src/jobs/given-images.js';
import { DEFAULT_REFERENCE_STRENGTH } from '../../src/jobs/input-requests.js';
import { submitJob } from '../../src/jobs/submit.js';
import { applyDefaults } from '../../src/settings/defaults.js';
import { UserError } from '../../src/user-error.js';
import type { BotContext } from '../context.js';
import { imageInput } from '../imagine/image-options.js';
import { checkDefaultModel } from '../settings/default-model.js';
import { requireImages } from './direct-apps.js';
import { fetchTarget, fromInteraction, imageAt, promptOf } from './message-images.js';
import { askWhichImage } from './pick.js';

const PROMPT_MAX = 2000;
const NAME = 'Use as image prompt';

/** The form's answer: an /imagine with that message's image as its reference (and the member's /settings). */
const FIELDS = [
  { id: 'prompt', label: 'Prompt', long: true, required: true, maxLength: PROMPT_MAX },
  {
    id: 'strength',
    label: 'Strength: 0 keeps the image, 1 ignores it',
    required: false,
    maxLength: 5,
    placeholder: String(DEFAULT_REFERENCE_STRENGTH),
  },
] as const satisfies readonly ModalField[];

export const imagePromptSubmit: MessageModal<BotContext, 'app-prompt-submit', typeof FIELDS> = {
  kind: 'modal',
  action: 'app-prompt-submit',
  target: 'message',
  indexed: true,
  fields: FIELDS,
  async handle(interaction, { messageId, index = 0, fields }, ctx) {
    const { prompt } = fields;
    const strengthText = fields.strength ?? '';
    const strength = strengthText === '' ? DEFAULT_REFERENCE_STRENGTH : Number(strengthText.replace(',', '.'));
    if (!Number.isFinite(strength) || strength < 0 || strength > 1) {
      throw new UserError(`The strength must be a number from 0 to 1 (you typed “${strengthText}”).`);
    }
    const target = await fetchTarget(interaction, messageId);
    const file = imageAt(target, index);
    const settings = await ctx.settings.get(interaction.user.id);
    const d = applyDefaults({ prompt }, settings, { model: true, aspectRatio: false, style: true, count: true });
    const steered = imageInput('reference', d.model ?? 'core', { strength });
    if (d.modelFromDefaults) await checkDefaultModel(interaction, ctx, steered.model);
    const [image] = await fetchGivenImages(interaction, ctx, [
      { file, kind: 'image-to-image', purpose: 'a reference image' },
    ]);
    if (!image) throw new Error('the app downloaded nothing');
    const params: JobParams = {
      prompt: d.prompt,
      model: steered.model,
      count: d.count ?? 1,
      input: steered.input,
      given: { width: image.width ?? 0, height: image.height ?? 0, channelId: target.channelId, messageId: target.id },
    };
    if (d.negativePrompt) params.negativePrompt = d.negativePrompt;
    if (d.style) params.stylePreset = d.style;
    return submitJob(interaction, ctx.submit, {
      kind: 'imagine',
      params,
      fromDefaults: d.fromDefaults,
      inputImages: [image],
    });
  },
};

function promptModal(messageId: string, index: number, prefill: string): APIModalInteractionResponseCallbackData {
  return {
    custom_id: messageCustomId(imagePromptSubmit, messageId, index),
    title: 'Imagine from this image',
    components: modalRows(FIELDS, { prompt: prefill }),
  };
}

/** The picker's button for this app: a modal cannot follow a defer, so it opens the form at once. */
export const imagePromptPick: MessageButton<BotContext, 'app-prompt'> = {
  kind: 'button',
  action: 'app-prompt',
  target: 'message',
  indexed: true,
  createsJob: false,
  look: { label: '1' },
  async handle(interaction, { messageId, index = 0 }, ctx) {
    const target = await fetchTarget(interaction, messageId);
    const image = imageAt(target, index);
    await interaction.showModal(promptModal(messageId, index, await promptOf(ctx, interaction.guildId, target, image)));
  },
};

/** Apps → Use as image prompt: a prompt form, then an /imagine that starts from the message's image. */
export const imagePromptApp: MessageCommand<BotContext> = {
  kind: 'message',
  data: { type: ApplicationCommandType.Message, name: NAME, contexts: [InteractionContextType.Guild] },
  help: "asks for a prompt, then imagines from the image (image-to-image at your model's price; Core runs on SD 3.5 Large)",
  async execute(interaction, ctx) {
    const target = fromInteraction(interaction.targetMessage);
    requireImages(target);
    if (target.images.length > 1) return askWhichImage(interaction, NAME, imagePromptPick, target);
    const image = imageAt(target, 0);
    await interaction.showModal(promptModal(target.id, 0, await promptOf(ctx, interaction.guildId, target, image)));
  },
};
