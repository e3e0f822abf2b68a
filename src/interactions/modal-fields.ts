import { type APIActionRowComponent, type APITextInputComponent, ComponentType, TextInputStyle } from 'discord.js';
import { z } from 'zod';
import { UserError } from '../user-error.js';
import { cleanText } from './clean-text.js';

/** One text field of a modal: the same definition draws the form and parses what comes back. */
export interface ModalField {
  readonly id: string;
  readonly label: string;
  /** A paragraph box instead of one line. */
  readonly long?: boolean;
  readonly required: boolean;
  /** @unit characters */
  readonly maxLength: number;
  readonly placeholder?: string;
}

/** What a submitted modal holds, typed from its fields: required ones are non-empty text, optional ones may be absent. */
export type FieldValues<F extends readonly ModalField[]> = {
  readonly [K in F[number] as K['id']]: K['required'] extends true ? string : string | undefined;
};

/** The form's rows, prefilled with `values` (cut to each field's limit, since Discord refuses longer ones). */
export function modalRows(
  fields: readonly ModalField[],
  values: Readonly<Record<string, string | undefined>> = {},
): APIActionRowComponent<APITextInputComponent>[] {
  return fields.map((field) => {
    const value = values[field.id]?.slice(0, field.maxLength);
    return {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.TextInput,
          custom_id: field.id,
          label: field.label,
          style: field.long ? TextInputStyle.Paragraph : TextInputStyle.Short,
          required: field.required,
          max_length: field.maxLength,
          ...(field.placeholder ? { placeholder: field.placeholder } : {}),
          ...(value ? { value } : {}),
        },
      ],
    };
  });
}

const submittedValue = z.string();

/**
 * Reads a submission against its fields: text that is only invisible characters counts as empty, a required field
 * must have something visible, and no field may exceed its limit. Fields the form does not define are ignored (the
 * Discord client never sends them; a forged one changes nothing).
 */
export function parseModalFields<F extends readonly ModalField[]>(
  fields: F,
  submitted: ReadonlyMap<string, unknown>,
): FieldValues<F> {
  const values: Record<string, string | undefined> = {};
  for (const field of fields) {
    const raw = submitted.get(field.id);
    const parsed = submittedValue.optional().safeParse(raw);
    if (!parsed.success) throw new UserError('This form arrived damaged and cannot be used. Open it again.');
    const text = cleanText(parsed.data ?? '');
    if (text.length === 0) {
      if (field.required) throw new UserError(`**${field.label}** is empty: it has nothing visible in it.`);
      values[field.id] = undefined;
      continue;
    }
    if (text.length > field.maxLength) {
      throw new UserError(`**${field.label}** is limited to ${field.maxLength} characters.`);
    }
    values[field.id] = text;
  }
  return values as FieldValues<F>;
}
