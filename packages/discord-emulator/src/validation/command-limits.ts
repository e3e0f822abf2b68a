import type { FieldError } from '../rest/errors.js';
import { arrayOf, lengthOf, type Obj, objOf, stringOf } from './shape.js';

const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const SUBCOMMAND = 1;
const GROUP = 2;
const CHAT_INPUT = 1;
const USER = 2;
const MESSAGE = 3;

/**
 * Per type and scope, from the application-commands docs ("Registering a Command"). Older revisions of the docs said
 * 5 user and 5 message commands; the current ones say 15.
 */
export const CommandCounts: Readonly<Record<number, number>> = { [CHAT_INPUT]: 100, [USER]: 15, [MESSAGE]: 15 };

const TYPE_NAMES: Readonly<Record<number, string>> = {
  [CHAT_INPUT]: 'chat input',
  [USER]: 'user',
  [MESSAGE]: 'message',
};

/** Registration rules from the application-commands docs that the OpenAPI schema does not express. */
export function checkCommandLimits(commands: readonly unknown[]): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  commands.forEach((item, i) => {
    const command = objOf(item);
    if (!command) return;
    const type = Number(command.type ?? 1);
    const name = stringOf(command.name) ?? '';
    const key = `${type}:${name}`;
    if (seen.has(key)) {
      errors.push({
        path: [i, 'name'],
        code: 'APPLICATION_COMMANDS_DUPLICATE_NAME',
        message: `Application command names must be unique (${name})`,
      });
    }
    seen.add(key);
    if (type === CHAT_INPUT) {
      checkName(name, [i, 'name'], errors);
      checkDescription(command, [i], errors);
      checkOptions(arrayOf(command.options), [i, 'options'], errors, 0);
    } else if (type === USER || type === MESSAGE) {
      checkContextMenu(command, [i], errors);
    }
  });
  for (const [type, max] of Object.entries(CommandCounts)) {
    const count = commands.filter((c) => Number(objOf(c)?.type ?? 1) === Number(type)).length;
    if (count > max) {
      errors.push({
        path: [],
        code: 'BASE_TYPE_MAX_LENGTH',
        message: `Must be ${max} or fewer ${TYPE_NAMES[Number(type)]} commands.`,
      });
    }
  }
  return errors;
}

/** USER and MESSAGE commands: "may be mixed case and can include spaces", 1-32 characters; no description or options. */
function checkContextMenu(command: Obj, path: FieldError['path'], errors: FieldError[]): void {
  const name = stringOf(command.name) ?? '';
  if (name.length < 1 || name.length > 32 || name.trim() !== name || name.trim().length === 0) {
    errors.push({
      path: [...path, 'name'],
      code: 'APPLICATION_COMMAND_INVALID_NAME',
      message: `Command name is invalid: "${name}" (1-32 characters, no leading or trailing spaces)`,
    });
  }
  if (lengthOf(command.description) > 0) {
    errors.push({
      path: [...path, 'description'],
      code: 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION',
      message: 'Context menu commands cannot have a description (send an empty string or none).',
    });
  }
  if (arrayOf(command.options).length > 0) {
    errors.push({
      path: [...path, 'options'],
      code: 'APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS',
      message: 'Only CHAT_INPUT commands can have options.',
    });
  }
}

function checkName(name: string, path: FieldError['path'], errors: FieldError[]): void {
  if (!NAME.test(name) || name !== name.toLowerCase()) {
    errors.push({
      path,
      code: 'APPLICATION_COMMAND_INVALID_NAME',
      message: `Command name is invalid: "${name}" (lowercase, 1-32, no spaces)`,
    });
  }
}

function checkDescription(node: Obj, path: FieldError['path'], errors: FieldError[]): void {
  const length = lengthOf(node.description);
  if (length < 1 || length > 100) {
    errors.push({
      path: [...path, 'description'],
      code: 'BASE_TYPE_BAD_LENGTH',
      message: 'Must be between 1 and 100 in length.',
    });
  }
}

function checkOptions(
  options: readonly unknown[],
  path: FieldError['path'],
  errors: FieldError[],
  depth: number,
): void {
  if (options.length > 25)
    errors.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
  const names = new Set<string>();
  let optionalSeen = false;
  options.forEach((item, j) => {
    const option = objOf(item);
    if (!option) return;
    const here = [...path, j];
    const name = stringOf(option.name) ?? '';
    checkName(name, [...here, 'name'], errors);
    checkDescription(option, here, errors);
    if (names.has(name))
      errors.push({
        path: [...here, 'name'],
        code: 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS',
        message: `Option name ${name} is already used`,
      });
    names.add(name);
    const type = Number(option.type);
    if (type === SUBCOMMAND || type === GROUP) {
      if (depth >= (type === GROUP ? 1 : 2)) {
        errors.push({
          path: [...here, 'type'],
          code: 'APPLICATION_COMMAND_OPTION_NESTING',
          message: 'Subcommands nest at most two levels',
        });
      }
      checkOptions(arrayOf(option.options), [...here, 'options'], errors, depth + 1);
      return;
    }
    if (option.required === true && optionalSeen) {
      errors.push({
        path: [...here, 'required'],
        code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
        message: 'Required options must be placed before non-required options',
      });
    }
    if (option.required !== true) optionalSeen = true;
    if (arrayOf(option.choices).length > 25) {
      errors.push({
        path: [...here, 'choices'],
        code: 'BASE_TYPE_MAX_LENGTH',
        message: 'Must be 25 or fewer in length.',
      });
    }
  });
}
