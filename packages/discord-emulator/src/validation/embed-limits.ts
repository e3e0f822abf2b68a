import type { FieldError } from '../rest/errors.js';
import { MessageLimits } from './discord-limits.js';
import { arrayOf, lengthOf, objOf } from './shape.js';

const tooLong = (path: FieldError['path'], limit: number): FieldError => ({
  path,
  code: 'BASE_TYPE_MAX_LENGTH',
  message: `Must be ${limit} or fewer in length.`,
});

/** Embed limits from the message docs; the 6000 total counts title, description, fields, footer and author. */
export function checkEmbeds(embeds: readonly unknown[], errors: FieldError[]): void {
  if (embeds.length > MessageLimits.embeds) errors.push(tooLong(['embeds'], MessageLimits.embeds));
  let total = 0;
  embeds.forEach((item, i) => {
    const embed = objOf(item);
    if (!embed) return;
    const limit = (value: unknown, max: number, path: FieldError['path']) => {
      total += lengthOf(value);
      if (lengthOf(value) > max) errors.push(tooLong(['embeds', i, ...path], max));
    };
    limit(embed.title, MessageLimits.embedTitle, ['title']);
    limit(embed.description, MessageLimits.embedDescription, ['description']);
    limit(objOf(embed.footer)?.text, MessageLimits.footer, ['footer', 'text']);
    limit(objOf(embed.author)?.name, MessageLimits.author, ['author', 'name']);
    const fields = arrayOf(embed.fields);
    if (fields.length > MessageLimits.embedFields)
      errors.push(tooLong(['embeds', i, 'fields'], MessageLimits.embedFields));
    fields.forEach((f, j) => {
      const field = objOf(f);
      limit(field?.name, MessageLimits.fieldName, ['fields', j, 'name']);
      limit(field?.value, MessageLimits.fieldValue, ['fields', j, 'value']);
      for (const key of ['name', 'value'] as const) {
        if (lengthOf(field?.[key]) === 0) {
          errors.push({
            path: ['embeds', i, 'fields', j, key],
            code: 'BASE_TYPE_REQUIRED',
            message: 'This field is required',
          });
        }
      }
    });
  });
  if (total > MessageLimits.embedTotal) {
    errors.push({
      path: ['embeds'],
      code: 'BASE_TYPE_MAX_LENGTH',
      message: `Embed size exceeds maximum size of ${MessageLimits.embedTotal}`,
    });
  }
}
