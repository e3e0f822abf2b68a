import { ApplicationCommandType, InteractionContextType } from 'discord.js';
import { formatCredits } from '../../src/format/credits.js';
import type { MessageCommand } from '../../src/interactions/commands.js';
import type { MessageButton } from '../../src/interactions/components.js';
import { perImageCredits } from '../../src/jobs/estimate.js';
import { FALLBACK_VARIATION_MODEL, MODELS } from '../../src/stability/models.js';
import { UserError } from '../../src/user-error.js';
import type { BotContext } from '../context.js';
import { type DirectApp, runDirectApp } from './app-jobs.js';
import { fetchTarget, fromInteraction, imageAt, type TargetMessage } from './message-images.js';
import { askWhichImage } from './pick.js';

export const NO_IMAGE = 'That message has no PNG, JPEG or WebP image to use.';

export function requireImages(target: TargetMessage): void {
  if (target.images.length === 0) throw new UserError(NO_IMAGE);
}

interface DirectAppSpec<A extends string> {
  app: DirectApp;
  /** The name under Apps (Discord allows 32 characters). */
  name: string;
  /** The picker's action in the custom_id grammar (`v1:<action>:m<messageId>:<index>`). */
  action: A;
  help: string;
}

/** A message app that needs no prompt: it runs at once on the message's image, or asks which one first. */
function directApp<A extends string>(spec: DirectAppSpec<A>) {
  const pick: MessageButton<BotContext, A> = {
    kind: 'button',
    action: spec.action,
    target: 'message',
    indexed: true,
    createsJob: true,
    look: { label: '1' },
    async handle(interaction, { messageId, index = 0 }, ctx) {
      const target = await fetchTarget(interaction, messageId);
      return runDirectApp(interaction, ctx, spec.app, target, imageAt(target, index));
    },
  };
  const command: MessageCommand<BotContext> = {
    kind: 'message',
    data: { type: ApplicationCommandType.Message, name: spec.name, contexts: [InteractionContextType.Guild] },
    help: spec.help,
    async execute(interaction, ctx) {
      const target = fromInteraction(interaction.targetMessage);
      requireImages(target);
      if (target.images.length > 1) return askWhichImage(interaction, spec.name, pick, target);
      return runDirectApp(interaction, ctx, spec.app, target, imageAt(target, 0));
    },
  };
  return { command, pick };
}

const varyModel = MODELS[FALLBACK_VARIATION_MODEL];

export const varyApp = directApp({
  app: 'vary-subtle',
  name: 'Vary (Subtle)',
  action: 'app-vary',
  help:
    `a subtle image-to-image variation on your /settings model, or ${varyModel.label} ` +
    `(${formatCredits(varyModel.credits)})`,
});
export const upscaleApp = directApp({
  app: 'upscale',
  name: 'Upscale',
  action: 'app-upscale',
  help: `fast 4× upscale (${formatCredits(perImageCredits('upscale', 'core'))}; inputs over 1 MP are shrunk first)`,
});
export const removeBackgroundApp = directApp({
  app: 'remove-background',
  name: 'Remove background',
  action: 'app-remove-bg',
  help: `cuts the subject out onto transparency (${formatCredits(perImageCredits('remove-background', 'core'))})`,
});
