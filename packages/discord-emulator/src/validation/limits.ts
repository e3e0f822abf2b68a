import type { FieldError } from '../rest/errors.js';
import { MessageFlag, MessageLimits } from './discord-limits.js';
import { checkEmbeds } from './embed-limits.js';
import { arrayOf, isObj, lengthOf, numberOf, type Obj, objOf, stringOf } from './shape.js';

export { MessageFlag, MessageLimits } from './discord-limits.js';

const tooLong = (path: FieldError['path'], limit: number): FieldError => ({
  path,
  code: 'BASE_TYPE_MAX_LENGTH',
  message: `Must be ${limit} or fewer in length.`,
});

const BUTTON = 2;
const ACTION_ROW = 1;
const SELECTS = new Set([3, 5, 6, 7, 8]);

export function checkMessageLimits(body: unknown, fileCount: number): FieldError[] {
  const message = objOf(body);
  if (!message) return [];
  const errors: FieldError[] = [];
  if (lengthOf(message.content) > MessageLimits.content) errors.push(tooLong(['content'], MessageLimits.content));
  const flags = numberOf(message.flags) ?? 0;
  const components = arrayOf(message.components);
  if ((flags & MessageFlag.ComponentsV2) !== 0) {
    if (lengthOf(message.content) > 0 || arrayOf(message.embeds).length > 0) {
      errors.push({
        path: ['content'],
        code: 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
        message: 'The content and embeds fields cannot be used when using MessageFlags.IS_COMPONENTS_V2',
      });
    }
    if (countComponents(components) > MessageLimits.v2Components) {
      errors.push(tooLong(['components'], MessageLimits.v2Components));
    }
  } else {
    checkLegacyLayout(components, errors);
  }
  checkComponents(components, ['components'], errors, new Set());
  checkEmbeds(arrayOf(message.embeds), errors);
  if (arrayOf(message.attachments).length > MessageLimits.attachments) {
    errors.push(tooLong(['attachments'], MessageLimits.attachments));
  }
  if (fileCount > MessageLimits.attachments) errors.push(tooLong(['files'], MessageLimits.attachments));
  return errors;
}

function countComponents(components: readonly unknown[]): number {
  let count = 0;
  for (const component of components) {
    const c = objOf(component);
    if (!c) continue;
    count += 1 + countComponents(arrayOf(c.components)) + countComponents(arrayOf(c.items));
    if (isObj(c.accessory)) count += 1;
  }
  return count;
}

function checkLegacyLayout(components: readonly unknown[], errors: FieldError[]): void {
  if (components.length > MessageLimits.actionRows) errors.push(tooLong(['components'], MessageLimits.actionRows));
  components.forEach((component, i) => {
    const row = objOf(component);
    if (!row) return;
    if (row.type !== ACTION_ROW) {
      errors.push({
        path: ['components', i, 'type'],
        code: 'COMPONENT_TYPE_INVALID',
        message: 'Only action rows are allowed at the top level without MessageFlags.IS_COMPONENTS_V2',
      });
      return;
    }
    const children = arrayOf(row.components).map(objOf);
    const buttons = children.filter((c) => c?.type === BUTTON).length;
    const selects = children.filter((c) => SELECTS.has(Number(c?.type))).length;
    if (children.length === 0) {
      errors.push({
        path: ['components', i, 'components'],
        code: 'BASE_TYPE_MIN_LENGTH',
        message: 'Must be 1 or more in length.',
      });
    }
    if (buttons > MessageLimits.rowButtons)
      errors.push(tooLong(['components', i, 'components'], MessageLimits.rowButtons));
    if (selects > 0 && children.length > 1) {
      errors.push({
        path: ['components', i, 'components'],
        code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
        message: 'The specified component exceeds the maximum width',
      });
    }
  });
}

function checkComponents(
  components: readonly unknown[],
  path: FieldError['path'],
  errors: FieldError[],
  customIds: Set<string>,
): void {
  components.forEach((component, i) => {
    const c = objOf(component);
    if (!c) return;
    const here = [...path, i];
    const customId = stringOf(c.custom_id);
    if (customId !== undefined) {
      if (customId.length < 1 || customId.length > MessageLimits.customId) {
        errors.push(
          customId.length < 1
            ? { path: [...here, 'custom_id'], code: 'BASE_TYPE_MIN_LENGTH', message: 'Must be 1 or more in length.' }
            : tooLong([...here, 'custom_id'], MessageLimits.customId),
        );
      } else if (customIds.has(customId)) {
        errors.push({
          path: [...here, 'custom_id'],
          code: 'COMPONENT_CUSTOM_ID_DUPLICATED',
          message: 'Component custom id cannot be duplicated',
        });
      }
      customIds.add(customId);
    }
    if (c.type === BUTTON) checkButton(c, here, errors);
    checkComponents(arrayOf(c.components), [...here, 'components'], errors, customIds);
    if (isObj(c.accessory)) checkComponents([c.accessory], [...here, 'accessory'], errors, customIds);
  });
}

function checkButton(button: Obj, path: FieldError['path'], errors: FieldError[]): void {
  if (lengthOf(button.label) > MessageLimits.buttonLabel)
    errors.push(tooLong([...path, 'label'], MessageLimits.buttonLabel));
  const style = numberOf(button.style);
  const required = (field: string) =>
    errors.push({ path: [...path, field], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
  if (style === 5) {
    if (stringOf(button.url) === undefined) required('url');
    if (button.custom_id !== undefined && button.custom_id !== null) {
      errors.push({
        path: [...path, 'custom_id'],
        code: 'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED',
        message: 'A custom id cannot be specified for link buttons',
      });
    }
  } else if (style !== 6) {
    if (stringOf(button.custom_id) === undefined) required('custom_id');
    if (lengthOf(button.label) === 0 && !isObj(button.emoji)) required('label');
  }
}
