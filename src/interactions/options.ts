import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { z } from 'zod';
import { UserError } from '../user-error.js';
import { cleanText } from './clean-text.js';
import { type AnyMember, memberRoleIds } from './member.js';

/**
 * A command's options, typed from its `as const` definition (the same literal that is registered with Discord) and
 * checked at run time against that same definition: a forged or stale interaction can carry any value, and nothing
 * outside a choice list or a range reaches a handler.
 */

interface ChoiceDef {
  readonly name: string;
  readonly value: string | number;
}

export interface OptionDef {
  readonly type: ApplicationCommandOptionType;
  readonly name: string;
  readonly required?: boolean;
  readonly choices?: readonly ChoiceDef[];
  readonly min_value?: number;
  readonly max_value?: number;
  readonly min_length?: number;
  readonly max_length?: number;
  readonly autocomplete?: boolean;
  readonly options?: readonly OptionDef[];
}

export interface CommandDef {
  readonly name: string;
  readonly options?: readonly OptionDef[];
}

/** A user option, as the interaction resolves it. */
export interface UserArg {
  id: string;
  bot: boolean;
  username: string;
  /** The roles they hold in this server, when they are a member of it. */
  roleIds: string[];
  isMember: boolean;
}

/** An attachment option: where Discord holds the file, and what it says the file is (to be checked, not trusted). */
export interface AttachmentArg {
  id: string;
  url: string;
  filename: string;
  size: number;
  contentType?: string;
  width?: number;
  height?: number;
}

type T = typeof ApplicationCommandOptionType;

type ValueOf<O extends OptionDef> = O extends { readonly choices: readonly (infer C)[] }
  ? C extends ChoiceDef
    ? C['value']
    : never
  : O['type'] extends T['String']
    ? string
    : O['type'] extends T['Integer'] | T['Number']
      ? number
      : O['type'] extends T['Boolean']
        ? boolean
        : O['type'] extends T['User']
          ? UserArg
          : O['type'] extends T['Attachment']
            ? AttachmentArg
            : O['type'] extends T['Role'] | T['Channel'] | T['Mentionable']
              ? string
              : never;

type Simplify<X> = { [K in keyof X]: X[K] } & {};

type OptionsArgs<Options extends readonly OptionDef[]> = Simplify<
  { [O in Options[number] as O['required'] extends true ? O['name'] : never]: ValueOf<O> } & {
    [O in Options[number] as O['required'] extends true ? never : O['name']]?: ValueOf<O>;
  }
>;

type Subcommands<Options extends readonly OptionDef[]> = Extract<Options[number], { readonly type: T['Subcommand'] }>;

/** The typed arguments of a command: its options, or per subcommand `{ subcommand, …options }`. */
export type ArgsOf<D extends CommandDef> = D['options'] extends readonly OptionDef[]
  ? [Subcommands<D['options']>] extends [never]
    ? OptionsArgs<D['options']>
    : {
        [S in Subcommands<D['options']> as S['name']]: Simplify<
          { subcommand: S['name'] } & OptionsArgs<S['options'] extends readonly OptionDef[] ? S['options'] : []>
        >;
      }[Subcommands<D['options']>['name']]
  : Record<string, never>;

/** One option of the interaction as discord.js hands it over (`interaction.options.data`). */
export interface RawOption {
  name: string;
  type: number;
  value?: unknown;
  options?: readonly RawOption[];
  user?: { id: string; bot: boolean; username: string } | null;
  member?: AnyMember;
  attachment?: {
    id: string;
    url: string;
    name: string;
    size: number;
    contentType: string | null;
    width: number | null;
    height: number | null;
  } | null;
}

const snowflake = z.string().regex(/^\d{17,20}$/);

function describeRange(option: OptionDef, integer: boolean): string {
  const kind = integer ? 'a whole number' : 'a number';
  if (option.min_value !== undefined && option.max_value !== undefined) {
    return `${kind} from ${option.min_value} to ${option.max_value}`;
  }
  if (option.min_value !== undefined) return `${kind} of at least ${option.min_value}`;
  if (option.max_value !== undefined) return `${kind} of at most ${option.max_value}`;
  return kind;
}

/** What a value of `option` must be, in the words the refusal uses. */
function expectation(option: OptionDef): string {
  if (option.choices) return `one of ${option.choices.map((c) => `\`${c.value}\``).join(', ')}`;
  switch (option.type) {
    case ApplicationCommandOptionType.Integer:
      return describeRange(option, true);
    case ApplicationCommandOptionType.Number:
      return describeRange(option, false);
    case ApplicationCommandOptionType.String:
      return option.max_length === undefined ? 'text' : `text of at most ${option.max_length} characters`;
    case ApplicationCommandOptionType.Attachment:
      return 'an attached file';
    case ApplicationCommandOptionType.Boolean:
      return 'true or false';
    default:
      return 'a member, role or channel of this server';
  }
}

/** Checks (and for text, cleans) one option's value; undefined for the kinds `readValue` already resolved. */
function schemaOf(option: OptionDef): z.ZodType | undefined {
  switch (option.type) {
    case ApplicationCommandOptionType.String: {
      const min = Math.max(option.required ? 1 : 0, option.min_length ?? 0);
      return z
        .string()
        .transform(cleanText)
        .pipe(
          z
            .string()
            .min(min)
            .max(option.max_length ?? 6000),
        );
    }
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      let number = option.type === ApplicationCommandOptionType.Integer ? z.number().int() : z.number();
      if (option.min_value !== undefined) number = number.min(option.min_value);
      if (option.max_value !== undefined) number = number.max(option.max_value);
      return number.refine(Number.isFinite);
    }
    case ApplicationCommandOptionType.Boolean:
      return z.boolean();
    case ApplicationCommandOptionType.User:
    case ApplicationCommandOptionType.Attachment:
      return undefined;
    default:
      return snowflake;
  }
}

function checkedValue(option: OptionDef, raw: RawOption): { ok: true; value: unknown } | { ok: false } {
  const value = readValue(option, raw);
  if (typeof value === 'symbol') return { ok: false };
  const schema = schemaOf(option);
  const parsed = schema ? schema.safeParse(value) : { success: true as const, data: value };
  if (!parsed.success) return { ok: false };
  if (option.choices && !option.choices.some((c) => c.value === parsed.data)) return { ok: false };
  return { ok: true, value: parsed.data };
}

function readValue(option: OptionDef, raw: RawOption): unknown {
  if (raw.type !== option.type) return Symbol('wrong type');
  if (option.type === ApplicationCommandOptionType.User) {
    const user = raw.user;
    if (!user || !snowflake.safeParse(raw.value).success) return Symbol('unresolved');
    const arg: UserArg = {
      id: user.id,
      bot: user.bot,
      username: user.username,
      roleIds: memberRoleIds(raw.member, null),
      isMember: raw.member !== undefined && raw.member !== null,
    };
    return arg;
  }
  if (option.type === ApplicationCommandOptionType.Attachment) {
    const a = raw.attachment;
    if (!a || typeof a.url !== 'string') return Symbol('unresolved');
    const arg: AttachmentArg = { id: a.id, url: a.url, filename: a.name, size: a.size };
    if (a.contentType) arg.contentType = a.contentType;
    if (a.width !== null) arg.width = a.width;
    if (a.height !== null) arg.height = a.height;
    return arg;
  }
  return raw.value;
}

function parseOptions(
  command: string,
  defs: readonly OptionDef[],
  raws: readonly RawOption[],
): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  const byName = new Map(defs.map((d) => [d.name, d]));
  for (const raw of raws) {
    const option = byName.get(raw.name);
    if (!option)
      throw new UserError(
        `/${command} has no option \`${raw.name}\`. Discord may show an old version of it; try again in a minute.`,
      );
    if (raw.name in args) throw new UserError(`The option \`${raw.name}\` was given twice.`);
    const checked = checkedValue(option, raw);
    if (!checked.ok && option.type === ApplicationCommandOptionType.String && typeof raw.value === 'string') {
      if (cleanText(raw.value) === '' && option.required) {
        throw new UserError(`The option \`${option.name}\` is empty: it has nothing visible in it.`);
      }
    }
    if (!checked.ok) throw new UserError(`The option \`${option.name}\` must be ${expectation(option)}.`);
    args[raw.name] = checked.value;
  }
  for (const option of defs) {
    if (option.required && !(option.name in args)) {
      const empty = option.type === ApplicationCommandOptionType.String ? ' (text with something visible in it)' : '';
      throw new UserError(`The option \`${option.name}\` is required${empty}.`);
    }
  }
  return args;
}

/** Reads and checks an interaction's options against the command's definition; refuses with a clear message. */
export function parseCommandArgs<D extends CommandDef>(definition: D, raw: unknown): ArgsOf<D> {
  if (raw !== undefined && raw !== null && !Array.isArray(raw)) {
    throw new UserError('This command arrived damaged (its options are not a list) and cannot be run.');
  }
  const raws = (raw ?? []) as readonly RawOption[];
  const defs = definition.options ?? [];
  const subcommands = defs.filter((d) => d.type === ApplicationCommandOptionType.Subcommand);
  if (subcommands.length === 0) return parseOptions(definition.name, defs, raws) as ArgsOf<D>;
  const chosen = raws[0];
  const sub = subcommands.find((s) => s.name === chosen?.name);
  if (!chosen || raws.length !== 1 || !sub || chosen.type !== ApplicationCommandOptionType.Subcommand) {
    throw new UserError(
      `Choose one of /${definition.name}'s subcommands: ${subcommands.map((s) => s.name).join(', ')}.`,
    );
  }
  if (chosen.options !== undefined && !Array.isArray(chosen.options)) {
    throw new UserError('This command arrived damaged (its options are not a list) and cannot be run.');
  }
  return {
    subcommand: sub.name,
    ...parseOptions(`${definition.name} ${sub.name}`, sub.options ?? [], chosen.options ?? []),
  } as ArgsOf<D>;
}
