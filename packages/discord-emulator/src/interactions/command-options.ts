import type {
  APIApplicationCommand,
  APIApplicationCommandInteractionDataOption,
  APIApplicationCommandOption,
  APIInteractionDataResolved,
} from 'discord-api-types/v10';
import type { EmulatorContext } from '../context.js';
import type { UserFile } from '../messages/user-files.js';
import type { EmulatorChannel, EmulatorRole, EmulatorUser } from '../types.js';
import { checkValue, inferType, type ResolvedCollections, wireValue } from './option-values.js';

/** An ATTACHMENT option takes a file, which the emulator uploads to its CDN as the Discord client would. */
export type CommandOptionValue = string | number | boolean | EmulatorUser | EmulatorRole | EmulatorChannel | UserFile;
export type CommandOptionValues = Readonly<Record<string, CommandOptionValue>>;

export interface CommandPath {
  readonly subcommand?: string;
  readonly group?: string;
}

/** Thrown for things a real Discord client would not let a user do (unknown option, missing required value...). */
export class EmulatorUsageError extends Error {
  override readonly name = 'EmulatorUsageError';
}

export const OptionType = {
  Sub: 1,
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
} as const;

/** Autocomplete: the option being typed (sent as the raw text, `focused: true`); required options may be missing. */
export interface FocusSpec {
  readonly name: string;
}

interface Built {
  readonly options: APIApplicationCommandInteractionDataOption[];
  readonly resolved: APIInteractionDataResolved;
}

/** Options as Discord sends them: typed by the registered definition (or inferred when nothing is registered). */
export function buildCommandOptions(
  ctx: EmulatorContext,
  command: APIApplicationCommand | undefined,
  values: CommandOptionValues,
  path: CommandPath,
  guildId: string,
  channelId: string,
  focus?: FocusSpec,
): Built {
  const resolved: ResolvedCollections = {
    users: {},
    members: {},
    roles: {},
    channels: {},
    attachments: {},
  };
  const leaf = (definitions: readonly APIApplicationCommandOption[] | undefined) =>
    toOptions(ctx, definitions, values, resolved, { guildId, channelId, focus });
  let options: APIApplicationCommandInteractionDataOption[];
  const top = command?.options;
  if (path.group) {
    if (!path.subcommand) throw new EmulatorUsageError('a subcommand group needs a subcommand');
    const group = top?.find((o) => o.type === OptionType.Group && o.name === path.group);
    if (command && !group) throw new EmulatorUsageError(`/${command.name} has no subcommand group "${path.group}"`);
    const sub = group && 'options' in group ? group.options?.find((o) => o.name === path.subcommand) : undefined;
    if (command && !sub)
      throw new EmulatorUsageError(`/${command.name} ${path.group} has no subcommand "${path.subcommand}"`);
    const inner = leaf(
      sub && 'options' in sub ? (sub.options as APIApplicationCommandOption[] | undefined) : undefined,
    );
    options = [
      {
        type: OptionType.Group,
        name: path.group,
        options: [{ type: OptionType.Sub, name: path.subcommand, options: inner }],
      } as APIApplicationCommandInteractionDataOption,
    ];
  } else if (path.subcommand) {
    const sub = top?.find((o) => o.type === OptionType.Sub && o.name === path.subcommand);
    if (command && !sub) throw new EmulatorUsageError(`/${command.name} has no subcommand "${path.subcommand}"`);
    const inner = leaf(
      sub && 'options' in sub ? (sub.options as APIApplicationCommandOption[] | undefined) : undefined,
    );
    options = [
      { type: OptionType.Sub, name: path.subcommand, options: inner } as APIApplicationCommandInteractionDataOption,
    ];
  } else {
    if (top?.some((o) => o.type === OptionType.Sub || o.type === OptionType.Group)) {
      throw new EmulatorUsageError(`/${command?.name} needs a subcommand (pass { subcommand })`);
    }
    options = leaf(top);
  }
  return { options, resolved: dropEmpty(resolved) };
}

interface Where {
  readonly guildId: string;
  readonly channelId: string;
  readonly focus: FocusSpec | undefined;
}

function toOptions(
  ctx: EmulatorContext,
  definitions: readonly APIApplicationCommandOption[] | undefined,
  values: CommandOptionValues,
  resolved: ResolvedCollections,
  { guildId, channelId, focus }: Where,
): APIApplicationCommandInteractionDataOption[] {
  const known = definitions ? new Set(definitions.map((d) => d.name)) : undefined;
  for (const name of Object.keys(values)) {
    if (known && !known.has(name))
      throw new EmulatorUsageError(`unknown option "${name}" (registered: ${[...known].join(', ') || 'none'})`);
  }
  const entries: [string, number | undefined][] = definitions
    ? definitions.map((d) => [d.name, d.type])
    : Object.keys(values).map((n) => [n, undefined]);
  const out: APIApplicationCommandInteractionDataOption[] = [];
  for (const [name, declared] of entries) {
    const value = values[name];
    const definition = definitions?.find((d) => d.name === name);
    if (value === undefined) {
      if (!focus && definition && 'required' in definition && definition.required)
        throw new EmulatorUsageError(`option "${name}" is required`);
      continue;
    }
    const type = declared ?? inferType(value);
    if (focus?.name === name) {
      if (definition && !('autocomplete' in definition && definition.autocomplete)) {
        throw new EmulatorUsageError(`option "${name}" does not have autocomplete enabled`);
      }
      // What the user has typed so far: Discord sends the partial text, whatever the option's type.
      out.push({ type, name, value: String(value), focused: true } as APIApplicationCommandInteractionDataOption);
      continue;
    }
    if (definition) checkValue(definition, value);
    out.push({
      type,
      name,
      value: wireValue(ctx, type, name, value, resolved, guildId, channelId),
    } as APIApplicationCommandInteractionDataOption);
  }
  return out;
}

function dropEmpty(resolved: ResolvedCollections): APIInteractionDataResolved {
  const out: APIInteractionDataResolved = {};
  for (const key of ['users', 'members', 'roles', 'channels', 'attachments'] as const) {
    if (Object.keys(resolved[key]).length > 0) Object.assign(out, { [key]: resolved[key] });
  }
  return out;
}
