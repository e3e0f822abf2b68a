import { ComponentType, type ModalSubmitInteraction, TextInputStyle } from 'discord.js';
import { cleanText } from '../../../src/interactions/clean-text.js';
import { type JobButton, type JobModal, jobCustomId } from '../../../src/interactions/components.js';
import type { ImageRequestKind } from '../../../src/stability/input-limits.js';
import { UserError } from '../../../src/user-error.js';
import type { BotContext } from '../../context.js';
import { deliveredImage, rememberAttachments } from '../../images.js';
import { notOffered, sizeOf, type ToolOffer, toolOffer } from './offer.js';
import { runTool } from './run-tool.js';

/** What to find is a short noun phrase; what it becomes may be described at more length. */
const FIND_MAX = 500;
const INTO_MAX = 1000;

interface SearchToolSpec<B extends string, M extends string> {
  action: B;
  submitAction: M;
  kind: 'vary-region' | 'recolor';
  label: string;
  title: string;
  find: { label: string; placeholder: string };
  into: { label: string; placeholder: string };
  endpoint: ImageRequestKind;
  offered(offer: ToolOffer): boolean;
}

/** A form field as the member sent it: cleaned, and refused when empty or too long, with which field it was. */
function field(interaction: ModalSubmitInteraction, id: string, label: string, max: number): string {
  const sent = interaction.fields.fields.find((f) => f.customId === id);
  const text = cleanText(sent && 'value' in sent ? String(sent.value) : '');
  if (text.length === 0) throw new UserError(`**${label}** is empty: it has nothing visible in it.`);
  if (text.length > max) throw new UserError(`**${label}** is limited to ${max} characters.`);
  return text;
}

/**
 * A tool that edits part of an image found by words: a button that opens a two-field form (a modal cannot follow a
 * defer, so the job starts on submit), and the form's submission, which carries the same job and image.
 */
function searchTool<B extends string, M extends string>(
  spec: SearchToolSpec<B, M>,
): [JobButton<BotContext, B>, JobModal<BotContext, M>] {
  const submit: JobModal<BotContext, M> = {
    kind: 'modal',
    action: spec.submitAction,
    target: 'job',
    indexed: true,
    async handle(interaction, { job, index = 0 }, ctx) {
      const find = field(interaction, 'find', spec.find.label, FIND_MAX);
      const into = field(interaction, 'into', spec.into.label, INTO_MAX);
      const size = sizeOf(deliveredImage(job, index));
      if (!spec.offered(toolOffer(size))) throw new UserError(notOffered(spec.label, spec.endpoint, size));
      return runTool(interaction, ctx, { job, index }, spec.kind, { find, into });
    },
  };
  const input = (id: 'find' | 'into', text: { label: string; placeholder: string }, max: number) => ({
    type: ComponentType.ActionRow as const,
    components: [
      {
        type: ComponentType.TextInput as const,
        custom_id: id,
        label: text.label,
        placeholder: text.placeholder,
        style: TextInputStyle.Short,
        required: true,
        min_length: 1,
        max_length: max,
      },
    ],
  });
  const button: JobButton<BotContext, B> = {
    kind: 'button',
    action: spec.action,
    target: 'job',
    indexed: true,
    createsJob: false,
    look: { label: spec.label },
    async handle(interaction, { job, index = 0 }, ctx) {
      const size = sizeOf(deliveredImage(job, index));
      if (!spec.offered(toolOffer(size))) throw new UserError(notOffered(spec.label, spec.endpoint, size));
      await rememberAttachments(ctx, job, interaction.message.attachments.values());
      await interaction.showModal({
        custom_id: jobCustomId(submit, job.id, index),
        title: spec.title,
        components: [input('find', spec.find, FIND_MAX), input('into', spec.into, INTO_MAX)],
      });
    },
  };
  return [button, submit];
}

/** Vary (Region) by words: Stability finds "what to change" and paints "what it becomes" in its place. */
export const [varyRegion, varyRegionSubmit] = searchTool({
  action: 'vary-region',
  submitAction: 'vary-region-submit',
  kind: 'vary-region',
  label: 'Vary (Region)',
  title: 'Vary (Region): change one part',
  find: { label: 'What to change', placeholder: 'the red hat' },
  into: { label: 'Change it into', placeholder: 'a blue knitted beanie' },
  endpoint: 'search-and-replace',
  offered: (o) => o.region,
});

/** Recolor: Stability finds "what to recolor" and gives it the colour asked for. */
export const [recolor, recolorSubmit] = searchTool({
  action: 'recolor',
  submitAction: 'recolor-submit',
  kind: 'recolor',
  label: 'Recolor',
  title: 'Recolor one part',
  find: { label: 'What to recolor', placeholder: 'the car' },
  into: { label: 'Which colour', placeholder: 'glossy emerald green' },
  endpoint: 'search-and-recolor',
  offered: (o) => o.recolor,
});
