import type { FieldError } from '../rest/errors.js';
import { arrayOf, objOf } from './shape.js';

const OPTION_STRING = 3;
const OPTION_INTEGER = 4;
const OPTION_NUMBER = 10;

/** The option the user is typing in, found through subcommands and groups. */
export function focusedOptionType(options: unknown): number | undefined {
  for (const item of arrayOf(options)) {
    const option = objOf(item);
    if (!option) continue;
    if (option.focused === true) return typeof option.type === 'number' ? option.type : undefined;
    const nested = focusedOptionType(option.options);
    if (nested !== undefined) return nested;
  }
  return undefined;
}

/**
 * `data` of a type-8 callback: at most 25 choices (the schema checks names and lengths), each value of the focused
 * option's type, as Discord requires.
 */
export function checkAutocompleteLimits(data: unknown, focusedType: number | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const choices = arrayOf(objOf(data)?.choices);
  if (choices.length > 25) {
    errors.push({ path: ['data', 'choices'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
  }
  choices.forEach((item, i) => {
    const value = objOf(item)?.value;
    const fits =
      focusedType === OPTION_STRING
        ? typeof value === 'string'
        : focusedType === OPTION_INTEGER
          ? Number.isInteger(value)
          : focusedType === OPTION_NUMBER
            ? typeof value === 'number'
            : true;
    if (!fits) {
      errors.push({
        path: ['data', 'choices', i, 'value'],
        code: 'APPLICATION_COMMAND_OPTION_CHOICE_VALUE_TYPE_MISMATCH',
        message: `Choice value must match the focused option's type (${focusedType})`,
      });
    }
  });
  return errors;
}
