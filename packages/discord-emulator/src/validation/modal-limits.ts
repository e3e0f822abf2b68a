import type { FieldError } from '../rest/errors.js';
import { arrayOf, lengthOf, numberOf, type Obj, objOf, stringOf } from './shape.js';

/** Modal limits from Discord's component docs (title 45, five top-level components, text input lengths). */
export const ModalLimits = {
  title: 45,
  customId: 100,
  components: 5,
  label: 45,
  labelDescription: 100,
  placeholder: 100,
  textLength: 4000,
} as const;

export const ComponentType = { ActionRow: 1, TextInput: 4, TextDisplay: 10, Label: 18 } as const;

const tooLong = (path: FieldError['path'], limit: number): FieldError => ({
  path,
  code: 'BASE_TYPE_MAX_LENGTH',
  message: `Must be ${limit} or fewer in length.`,
});

/** `data` of a type-9 callback. */
export function checkModalLimits(data: unknown): FieldError[] {
  const modal = objOf(data);
  if (!modal) return [];
  const errors: FieldError[] = [];
  const title = lengthOf(modal.title);
  if (title < 1 || title > ModalLimits.title) errors.push(tooLong(['data', 'title'], ModalLimits.title));
  const customId = lengthOf(modal.custom_id);
  if (customId < 1 || customId > ModalLimits.customId)
    errors.push(tooLong(['data', 'custom_id'], ModalLimits.customId));
  const components = arrayOf(modal.components);
  if (components.length < 1 || components.length > ModalLimits.components) {
    errors.push(tooLong(['data', 'components'], ModalLimits.components));
  }
  const ids = new Set<string>();
  components.forEach((item, i) => {
    const component = objOf(item);
    const path = ['data', 'components', i];
    if (!component) return;
    if (component.type === ComponentType.ActionRow) {
      const children = arrayOf(component.components);
      if (children.length !== 1) {
        errors.push({
          path: [...path, 'components'],
          code: 'BASE_TYPE_BAD_LENGTH',
          message: 'Must be between 1 and 1 in length.',
        });
      }
      children.forEach((child, j) => {
        checkInput(objOf(child), [...path, 'components', j], true, errors, ids);
      });
    } else if (component.type === ComponentType.Label) {
      const label = lengthOf(component.label);
      if (label < 1 || label > ModalLimits.label) errors.push(tooLong([...path, 'label'], ModalLimits.label));
      if (lengthOf(component.description) > ModalLimits.labelDescription) {
        errors.push(tooLong([...path, 'description'], ModalLimits.labelDescription));
      }
      checkInput(objOf(component.component), [...path, 'component'], false, errors, ids);
    }
  });
  return errors;
}

function checkInput(
  input: Obj | undefined,
  path: FieldError['path'],
  legacyRow: boolean,
  errors: FieldError[],
  ids: Set<string>,
): void {
  if (!input) return;
  const customId = stringOf(input.custom_id);
  if (customId !== undefined) {
    if (customId.length < 1 || customId.length > ModalLimits.customId) {
      errors.push(tooLong([...path, 'custom_id'], ModalLimits.customId));
    }
    if (ids.has(customId)) {
      errors.push({
        path: [...path, 'custom_id'],
        code: 'COMPONENT_CUSTOM_ID_DUPLICATED',
        message: 'Component custom id cannot be duplicated',
      });
    }
    ids.add(customId);
  }
  if (input.type !== ComponentType.TextInput) return;
  const label = lengthOf(input.label);
  // Inside a Label component the text input's own label is deprecated; in a legacy row it is required.
  if (legacyRow && (label < 1 || label > ModalLimits.label))
    errors.push(tooLong([...path, 'label'], ModalLimits.label));
  if (lengthOf(input.placeholder) > ModalLimits.placeholder) {
    errors.push(tooLong([...path, 'placeholder'], ModalLimits.placeholder));
  }
  if (lengthOf(input.value) > ModalLimits.textLength) errors.push(tooLong([...path, 'value'], ModalLimits.textLength));
  const min = numberOf(input.min_length);
  const max = numberOf(input.max_length);
  if (min !== undefined && (min < 0 || min > ModalLimits.textLength)) {
    errors.push({
      path: [...path, 'min_length'],
      code: 'NUMBER_TYPE_MAX',
      message: `Must be between 0 and ${ModalLimits.textLength}.`,
    });
  }
  if (max !== undefined && (max < 1 || max > ModalLimits.textLength)) {
    errors.push({
      path: [...path, 'max_length'],
      code: 'NUMBER_TYPE_MAX',
      message: `Must be between 1 and ${ModalLimits.textLength}.`,
    });
  }
  const style = numberOf(input.style);
  if (style !== 1 && style !== 2) {
    errors.push({ path: [...path, 'style'], code: 'BASE_TYPE_CHOICES', message: 'Value must be one of (1, 2).' });
  }
}
