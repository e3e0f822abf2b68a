import { OptionType } from './command-options.js';

/**
 * Reads the fields into option values the way Discord's client would send them, checking what the client checks
 * (required, integer, range, length). Returns { values } or { error }; an attachment's value is the File itself
 * (files.js turns it into an upload).
 */
export function readOptions(options, form) {
  const values = {};
  for (const option of options) {
    const input = form.querySelector(`[data-option="${CSS.escape(option.name)}"].option-control`);
    if (option.type === OptionType.Attachment) {
      const file = input?.files?.[0];
      if (file) values[option.name] = file;
      else if (option.required) return { error: `${option.name} is required: choose a file.` };
      continue;
    }
    const raw = input ? input.value : '';
    if (raw === '') {
      if (option.required) return { error: `${option.name} is required.` };
      continue;
    }
    if (Array.isArray(option.choices) && option.choices.length > 0) {
      values[option.name] = option.choices[Number(raw)].value;
      continue;
    }
    switch (option.type) {
      case OptionType.Integer:
      case OptionType.Number: {
        const number = Number(raw);
        if (!Number.isFinite(number)) return { error: `${option.name} must be a number.` };
        if (option.type === OptionType.Integer && !Number.isInteger(number)) {
          return { error: `${option.name} must be a whole number.` };
        }
        if (option.min_value !== undefined && number < option.min_value) {
          return { error: `${option.name} must be at least ${option.min_value}.` };
        }
        if (option.max_value !== undefined && number > option.max_value) {
          return { error: `${option.name} must be at most ${option.max_value}.` };
        }
        values[option.name] = number;
        break;
      }
      case OptionType.Boolean:
        values[option.name] = raw === 'true';
        break;
      case OptionType.String:
        if (option.min_length !== undefined && raw.length < option.min_length) {
          return { error: `${option.name} needs at least ${option.min_length} characters.` };
        }
        if (option.max_length !== undefined && raw.length > option.max_length) {
          return {
            error: `${option.name} is too long: ${raw.length} characters, at most ${option.max_length}. Shorten it to send.`,
          };
        }
        values[option.name] = raw;
        break;
      default:
        values[option.name] = raw;
    }
  }
  return { values };
}
