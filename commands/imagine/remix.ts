import {
  type APIModalInteractionResponseCallbackData,
  ComponentType,
  type ModalSubmitInteraction,
  TextInputStyle,
} from 'discord.js';
import type { Job } from '../../src/domain/job.js';
import { cleanText } from '../../src/interactions/clean-text.js';
import { type JobButton, type JobModal, jobCustomId } from '../../src/interactions/components.js';
import { remixParams } from '../../src/jobs/derive.js';
import { submitJob } from '../../src/jobs/submit.js';
import { UserError } from '../../src/user-error.js';
import type { BotContext } from '../context.js';

const PROMPT_MAX = 2000;

/** The prompt and negative prompt a remix form was submitted with, checked as the command checks them. */
export function promptFields(interaction: ModalSubmitInteraction): { prompt: string; negativePrompt?: string } {
  const fields = new Map(
    interaction.fields.fields.map((field) => [field.customId, 'value' in field ? String(field.value) : '']),
  );
  const prompt = cleanText(fields.get('prompt') ?? '');
  if (prompt.length === 0) throw new UserError('The prompt is empty: it has nothing visible in it.');
  if (prompt.length > PROMPT_MAX) throw new UserError(`The prompt is limited to ${PROMPT_MAX} characters.`);
  const negative = cleanText(fields.get('negative_prompt') ?? '');
  if (negative.length > PROMPT_MAX) throw new UserError(`The negative prompt is limited to ${PROMPT_MAX} characters.`);
  return negative ? { prompt, negativePrompt: negative } : { prompt };
}

/** The form's submission: a new job with the member's edits and everything else of the source. */
export const remixSubmit: JobModal<BotContext, 'remix-submit'> = {
  kind: 'modal',
  action: 'remix-submit',
  target: 'job',
  indexed: false,
  async handle(interaction, { job }, ctx) {
    const { prompt, negativePrompt } = promptFields(interaction);
    return submitJob(interaction, ctx.submit, {
      kind: 'remix',
      params: remixParams(job, prompt, negativePrompt),
      sourceJobId: job.id,
    });
  },
};

/** The prompt form, prefilled from the job, that a modal of id `customId` submits. */
export function promptForm(customId: string, title: string, job: Job): APIModalInteractionResponseCallbackData {
  return {
    custom_id: customId,
    title,
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: 'prompt',
            label: 'Prompt',
            style: TextInputStyle.Paragraph,
            required: true,
            max_length: PROMPT_MAX,
            ...(job.params.prompt ? { value: job.params.prompt.slice(0, PROMPT_MAX) } : {}),
          },
        ],
      },
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: 'negative_prompt',
            label: 'Negative prompt',
            style: TextInputStyle.Paragraph,
            required: false,
            max_length: PROMPT_MAX,
            ...(job.params.negativePrompt ? { value: job.params.negativePrompt.slice(0, PROMPT_MAX) } : {}),
          },
        ],
      },
    ],
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
