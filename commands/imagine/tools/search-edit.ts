import { formatCredits } from '../../../src/format/credits.js';
import { type JobButton, type JobModal, jobCustomId } from '../../../src/interactions/components.js';
import { type ModalField, modalRows } from '../../../src/interactions/modal-fields.js';
import { ENDPOINTS } from '../../../src/stability/models.js';
import { UserError } from '../../../src/user-error.js';
import type { BotContext } from '../../context.js';
import { deliveredImage, rememberAttachments } from '../../images.js';
import { notOffered, sizeOf, type ToolOffer, toolOffer } from './offer.js';
import { runTool } from './run-tool.js';

/** What to find is a short noun phrase; what it becomes may be described at more length. */
const FIND_MAX = 500;
const INTO_MAX = 1000;

/** The form's two fields: what to find, and what it becomes. */
type SearchFields = readonly [
  ModalField & { readonly id: 'find'; readonly required: true },
  ModalField & { readonly id: 'into'; readonly required: true },
];

interface SearchToolSpec<B extends string, M extends string> {
  action: B;
  submitAction: M;
  kind: 'vary-region' | 'recolor';
  label: string;
  title: string;
  /** What /help says the form asks for. */
  asks: string;
  find: { label: string; placeholder: string };
  into: { label: string; placeholder: string };
  endpoint: 'search-and-replace' | 'search-and-recolor';
  offered(offer: ToolOffer): boolean;
}

/**
 * A tool that edits part of an image found by words: a button that opens a two-field form (a modal cannot follow a
 * defer, so the job starts on submit), and the form's submission, which carries the same job and image.
 */
function searchTool<B extends string, M extends string>(
  spec: SearchToolSpec<B, M>,
): [JobButton<BotContext, B>, JobModal<BotContext, M, SearchFields>] {
  const fields: SearchFields = [
    { id: 'find', required: true, maxLength: FIND_MAX, ...spec.find },
    { id: 'into', required: true, maxLength: INTO_MAX, ...spec.into },
  ];
  const submit: JobModal<BotContext, M, SearchFields> = {
    kind: 'modal',
    action: spec.submitAction,
    target: 'job',
    indexed: true,
    fields,
    async handle(interaction, { job, index = 0, fields: { find, into } }, ctx) {
      const size = sizeOf(deliveredImage(job, index));
      if (!spec.offered(toolOffer(size))) throw new UserError(notOffered(spec.label, spec.endpoint, size));
      return runTool(interaction, ctx, { job, index }, spec.kind, { find, into });
    },
  };
  const button: JobButton<BotContext, B> = {
    kind: 'button',
    action: spec.action,
    target: 'job',
    indexed: true,
    createsJob: false,
    look: { label: spec.label },
    help: `a form: ${spec.asks} (${spec.endpoint.replaceAll('-', ' ')}, ${formatCredits(ENDPOINTS[spec.endpoint].credits)})`,
    async handle(interaction, { job, index = 0 }, ctx) {
      const size = sizeOf(deliveredImage(job, index));
      if (!spec.offered(toolOffer(size))) throw new UserError(notOffered(spec.label, spec.endpoint, size));
      await rememberAttachments(ctx, job, interaction.message.attachments.values());
      await interaction.showModal({
        custom_id: jobCustomId(submit, job.id, index),
        title: spec.title,
        components: modalRows(fields),
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
  asks: 'what to change and what it becomes',
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
  asks: 'what to recolor and which colour',
  find: { label: 'What to recolor', placeholder: 'the car' },
  into: { label: 'Which colour', placeholder: 'glossy emerald green' },
  endpoint: 'search-and-recolor',
  offered: (o) => o.recolor,
});
