import { type JobButton, type JobModal, jobCustomId } from '../../src/interactions/components.js';
import { type ModalField, modalRows } from '../../src/interactions/modal-fields.js';
import { remixParams } from '../../src/jobs/derive.js';
import { submitJob } from '../../src/jobs/submit.js';
import type { BotContext } from '../context.js';

const PROMPT_MAX = 2000;

const REMIX_FIELDS = [
  { id: 'prompt', label: 'Prompt', long: true, required: true, maxLength: PROMPT_MAX },
  { id: 'negative_prompt', label: 'Negative prompt', long: true, required: false, maxLength: PROMPT_MAX },
] as const satisfies readonly ModalField[];

/** The form's submission: a new job with the member's edits and everything else of the source. */
export const remixSubmit: JobModal<BotContext, 'remix-submit', typeof REMIX_FIELDS> = {
  kind: 'modal',
  action: 'remix-submit',
  target: 'job',
  indexed: false,
  fields: REMIX_FIELDS,
  async handle(interaction, { job, fields }, ctx) {
    return submitJob(interaction, ctx.submit, {
      kind: 'remix',
      params: remixParams(job, fields.prompt, fields.negative_prompt),
      sourceJobId: job.id,
    });
  },
};

/** ✏️ Remix: a modal cannot follow a defer, so the button answers with the form and the job starts on submit. */
export const remix: JobButton<BotContext, 'remix'> = {
  kind: 'button',
  action: 'remix',
  target: 'job',
  indexed: false,
  createsJob: false,
  look: { label: '✏️ Remix' },
  async handle(interaction, { job }) {
    await interaction.showModal({
      custom_id: jobCustomId(remixSubmit, job.id),
      title: 'Remix: edit the prompt and run again',
      components: modalRows(REMIX_FIELDS, {
        prompt: job.params.prompt,
        negative_prompt: job.params.negativePrompt,
      }),
    });
  },
};
