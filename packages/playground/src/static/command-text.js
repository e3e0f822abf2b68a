import { OptionType } from './command-options.js';

/**
 * Reads what was typed in the message bar: `/imagine a cat wearing a hat` names the /imagine entry and carries
 * "a cat wearing a hat" for its first required option, as Discord's composer moves text typed after a command into
 * that option. Returns { matches, entry?, rest, name }: `entry` when a whole command name was followed by a space.
 */
export function parseCommandText(value, entries) {
  const text = value.replace(/^\//, '');
  const lower = text.toLowerCase();
  const named = entries
    .filter((entry) => lower.startsWith(`${entry.label.slice(1).toLowerCase()} `))
    .sort((a, b) => b.label.length - a.label.length)[0];
  if (named)
    return { matches: [named], entry: named, rest: text.slice(named.label.length - 1).trim(), name: named.label };
  const query = lower.trim();
  return {
    matches: entries.filter((entry) => entry.label.slice(1).toLowerCase().startsWith(query)),
    rest: '',
    name: `/${text.trim().split(/\s+/)[0] ?? ''}`,
  };
}

const norm = (text) => String(text).trim().toLowerCase().replace(/^[@#]/, '');

/**
 * The value of a form control for `text`, as Discord's client would resolve it for this option type (a choice by
 * name or value, a member, role or channel by name, a number), or undefined when the text names nothing valid.
 */
export function controlValueFor(option, text, people) {
  if (Array.isArray(option.choices) && option.choices.length > 0) {
    const index = option.choices.findIndex((c) => norm(c.name) === norm(text) || norm(c.value) === norm(text));
    return index < 0 ? undefined : String(index);
  }
  switch (option.type) {
    case OptionType.String:
      return text;
    case OptionType.Integer:
    case OptionType.Number:
      return Number.isFinite(Number(text)) && text.trim() !== '' ? text.trim() : undefined;
    case OptionType.Boolean:
      return ['true', 'false'].includes(norm(text)) ? norm(text) : undefined;
    case OptionType.User:
      return people.members.find((m) => norm(m.name) === norm(text))?.id;
    case OptionType.Role:
      return people.roles.find((r) => norm(r.name) === norm(text))?.id;
    case OptionType.Channel:
      return people.channels.find((c) => norm(c.name) === norm(text))?.id;
    case OptionType.Mentionable:
      return (
        people.members.find((m) => norm(m.name) === norm(text))?.id ??
        people.roles.find((r) => norm(r.name) === norm(text))?.id
      );
    default:
      return undefined;
  }
}
