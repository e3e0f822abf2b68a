import { ComponentType, TextInputStyle } from 'discord.js';
import { cleanText } from '../../src/interactions/clean-text.js';
import { type JobButton, type JobModal, jobCustomId } from '../../src/interactions/components.js';
import { remixParams } from '../../src/jobs/derive.js';
import { submitJob } from '../../src/jobs/submit.js';
import { UserError } from '../../src/user-error.js';
import type { BotContext } from '../context.js';

const PROMPT_MAX = 2000;

/** The form's submission: a new job with the member's edits and everything else of the source. */
export const remixSubmit: JobModal<BotContext, 'remix-submit'> = {
  kind: 'modal',
  action: 'remix-submit',
  target: 'job',
  indexed: false,
  async handle(interaction, { job }, ctx) {
    const fields = new Map(
      interaction.fields.fields.map((field) => [field.customId, 'value' in field ? String(field.value) : '']),
    );
    const prompt = cleanText(fields.get('prompt') ?? '');
    if (prompt.length === 0) throw new UserError('The prompt is empty: it has nothing visible in it.');
    if (prompt.length > PROMPT_MAX) throw new UserError(`The prompt is limited to ${PROMPT_MAX} characters.`);
    const negative = cleanText(fields.get('negative_prompt') ?? '');
    if (negative.length > PROMPT_MAX)
      throw new UserError(`The negative prompt is limited to ${PROMPT_MAX} characters.`);
    return submitJob(interaction, ctx.submit, {
      kind: 'remix',
      params: remixParams(job, prompt, negative || undefined),
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
              value: job.params.prompt.slice(0, PROMPT_MAX),
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
    });
  },
};
