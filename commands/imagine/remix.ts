import type { APIModalInteractionResponseCallbackData } from 'discord.js';
import type { Job } from '../../src/domain/job.js';
import { type JobButton, type JobModal, jobCustomId } from '../../src/interactions/components.js';
import { type ModalField, modalRows } from '../../src/interactions/modal-fields.js';
import { remixParams } from '../../src/jobs/derive.js';
import { submitJob } from '../../src/jobs/submit.js';
import type { BotContext } from '../context.js';

const PROMPT_MAX = 2000;

/** The prompt form's fields: they draw it, and the router checks every submission against them. */
export const PROMPT_FIELDS = [
  { id: 'prompt', label: 'Prompt', long: true, required: true, maxLength: PROMPT_MAX },
  { id: 'negative_prompt', label: 'Negative prompt', long: true, required: false, maxLength: PROMPT_MAX },
] as const satisfies readonly ModalField[];

/** The form's submission: a new job with the member's edits and everything else of the source. */
export const remixSubmit: JobModal<BotContext, 'remix-submit', typeof PROMPT_FIELDS> = {
  kind: 'modal',
  action: 'remix-submit',
  target: 'job',
  indexed: false,
  fields: PROMPT_FIELDS,
  async handle(interaction, { job, fields }, ctx) {
    return submitJob(interaction, ctx.submit, {
      kind: 'remix',
      params: remixParams(job, fields.prompt, fields.negative_prompt),
      sourceJobId: job.id,
    });
  },
};

/** The prompt form, prefilled from the job, that a modal of id `customId` submits. */
export function promptForm(customId: string, title: string, job: Job): APIModalInteractionResponseCallbackData {
  return {
    custom_id: customId,
    title,
    components: modalRows(PROMPT_FIELDS, { prompt: job.params.prompt, negative_prompt: job.params.negativePrompt }),
  };
}

/** The remix form of a job: what ✏️ opens, and what 🔄 opens first in remix mode. */
export function remixForm(job: Job): APIModalInteractionResponseCallbackData {
  return promptForm(jobCustomId(remixSubmit, job.id), 'Remix: edit the prompt and run again', job);
}

/** ✏️ Remix: a modal cannot follow a defer, so the button answers with the form and the job starts on submit. */
export const remix: JobButton<BotContext, 'remix'> = {
  kind: 'button',
  action: 'remix',
  target: 'job',
  indexed: false,
  createsJob: false,
  look: { label: '✏️ Remix' },
  help: 'a form prefilled with the prompt; submitting runs the job again with your edits, at its own price',
  async handle(interaction, { job }) {
    await interaction.showModal(remixForm(job));
  },
};
