import type { APIModalInteractionResponseCallbackData } from 'discord-api-types/v10';
import { ComponentType } from '../validation/modal-limits.js';
import { arrayOf, isObj, numberOf, type Obj, objOf, stringOf } from '../validation/shape.js';
import { EmulatorUsageError } from './command-options.js';

/** Text input values by custom_id; select menus inside labels take arrays. */
export type ModalValues = Readonly<Record<string, string | readonly string[]>>;

/**
 * The submission mirrors the modal's layout, as Discord's client sends it: legacy action rows come back as
 * `{type:1, components:[{type:4, custom_id, value}]}`, labels as `{type:18, component:{...}}`.
 */
export function buildModalSubmission(modal: APIModalInteractionResponseCallbackData, values: ModalValues): unknown[] {
  const used = new Set<string>();
  let nextId = 1;
  const idOf = (node: Obj) => (typeof node.id === 'number' ? node.id : nextId++);
  const field = (input: Obj): Obj => {
    const customId = stringOf(input.custom_id) ?? '';
    used.add(customId);
    const value = values[customId];
    if (input.type === ComponentType.TextInput) {
      const text = typeof value === 'string' ? value : '';
      checkText(input, customId, text, value !== undefined && typeof value !== 'string');
      return { type: ComponentType.TextInput, id: idOf(input), custom_id: customId, value: text };
    }
    const selected = value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
    return { type: input.type, id: idOf(input), custom_id: customId, values: selected };
  };
  const components = arrayOf(modal.components).map((item) => {
    const component = objOf(item) ?? {};
    if (component.type === ComponentType.ActionRow) {
      return {
        type: 1,
        id: idOf(component),
        components: arrayOf(component.components).map((c) => field(objOf(c) ?? {})),
      };
    }
    if (component.type === ComponentType.Label && isObj(component.component)) {
      return { type: ComponentType.Label, id: idOf(component), component: field(component.component) };
    }
    return { type: component.type, id: idOf(component) };
  });
  const unknown = Object.keys(values).filter((key) => !used.has(key));
  if (unknown.length > 0) throw new EmulatorUsageError(`the modal has no field(s) ${unknown.join(', ')}`);
  return components;
}

function checkText(input: Obj, customId: string, value: string, wrongType: boolean): void {
  if (wrongType) throw new EmulatorUsageError(`modal field "${customId}" is a text input; pass a string`);
  const required = input.required !== false;
  if (required && value.length === 0) throw new EmulatorUsageError(`modal field "${customId}" is required`);
  const min = numberOf(input.min_length);
  const max = numberOf(input.max_length) ?? 4000;
  if (value.length > 0 && min !== undefined && value.length < min) {
    throw new EmulatorUsageError(`modal field "${customId}" needs at least ${min} characters`);
  }
  if (value.length > max) throw new EmulatorUsageError(`modal field "${customId}" allows at most ${max} characters`);
}
