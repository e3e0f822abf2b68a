import { charCounter } from './char-limit.js';
import { h } from './dom.js';
import { roleLabel } from './names.js';

/** Discord's application command option types. */
export const OptionType = {
  Subcommand: 1,
  Group: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
};

const ADMINISTRATOR = 1n << 3n;
const USE_APPLICATION_COMMANDS = 1n << 31n;

/** The commands Discord's picker would offer this member in this channel. */
export function availableCommands(guild, channel) {
  const permissions = BigInt(channel.permissions);
  if ((permissions & USE_APPLICATION_COMMANDS) === 0n) return [];
  return guild.commands.filter((command) => {
    if (Array.isArray(command.contexts) && !command.contexts.includes(0)) return false;
    if (command.nsfw && !channel.nsfw) return false;
    if (command.default_member_permissions === undefined || command.default_member_permissions === null) return true;
    if ((permissions & ADMINISTRATOR) !== 0n) return true;
    const required = BigInt(command.default_member_permissions);
    // "0" means "administrators only" on Discord.
    return required !== 0n && (permissions & required) === required;
  });
}

/** Every runnable path of a command: itself, or each subcommand (inside its group), as the picker lists them. */
export function commandEntries(command) {
  const top = command.options ?? [];
  const nested = top.some((o) => o.type === OptionType.Subcommand || o.type === OptionType.Group);
  if (!nested) return [{ command, label: `/${command.name}`, description: command.description, options: top }];
  return top.flatMap((option) => {
    if (option.type === OptionType.Subcommand) {
      return [
        {
          command,
          subcommand: option.name,
          label: `/${command.name} ${option.name}`,
          description: option.description,
          options: option.options ?? [],
        },
      ];
    }
    if (option.type !== OptionType.Group) return [];
    return (option.options ?? []).map((sub) => ({
      command,
      group: option.name,
      subcommand: sub.name,
      label: `/${command.name} ${option.name} ${sub.name}`,
      description: sub.description,
      options: sub.options ?? [],
    }));
  });
}

function limitsOf(option) {
  const parts = [];
  if (option.min_value !== undefined || option.max_value !== undefined) {
    parts.push(`${option.min_value ?? '−∞'}–${option.max_value ?? '∞'}`);
  }
  if (option.min_length !== undefined && option.min_length === option.max_length) {
    parts.push(`${option.max_length} characters`);
  } else if (option.min_length !== undefined && option.max_length !== undefined) {
    parts.push(`${option.min_length}–${option.max_length} characters`);
  } else if (option.max_length !== undefined) {
    parts.push(`up to ${option.max_length} characters`);
  } else if (option.min_length !== undefined) {
    parts.push(`at least ${option.min_length} characters`);
  }
  if (option.autocomplete) parts.push('autocomplete is not emulated: type the value');
  if (option.type === OptionType.Attachment) parts.push('a file from your disk');
  return parts.join(', ');
}

function select(options, placeholder) {
  return h('select', {}, h('option', { value: '' }, placeholder), options);
}

/** The input Discord's client offers for one option type: choices as a dropdown, entities as pickers. */
function control(option, people) {
  const empty = option.required ? 'Choose…' : '(not set)';
  if (Array.isArray(option.choices) && option.choices.length > 0) {
    return select(
      option.choices.map((choice, index) => h('option', { value: String(index) }, choice.name)),
      empty,
    );
  }
  switch (option.type) {
    case OptionType.String:
      // No maxlength: the browser would cut a long paste silently; the counter and readOptions refuse it instead.
      // No placeholder either: the hint under the field already says what it is, and a long one would be cut.
      return h('input', { type: 'text', minlength: option.min_length, autocomplete: 'off' });
    case OptionType.Integer:
    case OptionType.Number:
      return h('input', {
        type: 'number',
        min: option.min_value,
        max: option.max_value,
        step: option.type === OptionType.Integer ? 1 : 'any',
      });
    case OptionType.Boolean:
      return select([h('option', { value: 'true' }, 'True'), h('option', { value: 'false' }, 'False')], empty);
    case OptionType.User:
      return select(
        people.members.map((m) => h('option', { value: m.id }, m.name)),
        empty,
      );
    case OptionType.Role:
      return select(
        people.roles.map((r) => h('option', { value: r.id }, roleLabel(r.name))),
        empty,
      );
    case OptionType.Channel: {
      const types = option.channel_types;
      const channels = people.channels.filter(() => !Array.isArray(types) || types.includes(0));
      return select(
        channels.map((c) => h('option', { value: c.id }, `#${c.name}`)),
        empty,
      );
    }
    case OptionType.Mentionable:
      return select(
        [
          h(
            'optgroup',
            { label: 'Members' },
            people.members.map((m) => h('option', { value: m.id }, m.name)),
          ),
          h(
            'optgroup',
            { label: 'Roles' },
            people.roles.map((r) => h('option', { value: r.id }, roleLabel(r.name))),
          ),
        ],
        empty,
      );
    case OptionType.Attachment:
      // Discord's client uploads the file first; the bot gets its CDN link (the emulator's, here).
      return h('input', { type: 'file', accept: 'image/png,image/jpeg,image/webp,image/*' });
    default:
      return h('input', { type: 'text', disabled: true });
  }
}

/** One labelled option field; the control's accessible name is exactly the option's name. */
export function optionField(option, people) {
  const input = control(option, people);
  input.classList.add('option-control');
  input.setAttribute('aria-label', option.name);
  input.dataset.option = option.name;
  if (option.required) input.required = true;
  const hint = [option.description, limitsOf(option)].filter(Boolean).join(' · ');
  const limited = option.type === OptionType.String && option.max_length !== undefined && !option.choices?.length;
  return h(
    'label',
    { class: 'option-field', 'data-option': option.name },
    h(
      'span',
      { class: 'option-name' },
      option.name,
      option.required ? h('span', { class: 'required', title: 'required' }, '*') : null,
    ),
    input,
    h(
      'span',
      { class: 'option-footer' },
      h('span', { class: 'option-hint' }, hint),
      limited ? charCounter(input, option.max_length) : null,
    ),
  );
}
