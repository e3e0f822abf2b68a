import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import type { HandlerResult } from './components.js';
import type { ArgsOf, CommandDef } from './options.js';

/** `T` with every array and object read-only: what an `as const` definition is checked against. */
export type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** A slash command's definition, written `as const`: the literal Discord registers is the one options are typed by. */
export type SlashDefinition = CommandDef & DeepReadonly<RESTPostAPIChatInputApplicationCommandsJSONBody>;
export type ContextMenuDefinition = DeepReadonly<RESTPostAPIContextMenuApplicationCommandsJSONBody>;

export interface SlashCommand<Ctx, D extends SlashDefinition = SlashDefinition> {
  readonly kind: 'slash';
  readonly data: D;
  execute(interaction: ChatInputCommandInteraction, args: ArgsOf<D>, ctx: Ctx): Promise<HandlerResult>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: Ctx): Promise<void>;
}

export interface MessageCommand<Ctx> {
  readonly kind: 'message';
  readonly data: ContextMenuDefinition;
  /** What /help says the app does and costs. */
  readonly help?: string;
  execute(interaction: MessageContextMenuCommandInteraction, ctx: Ctx): Promise<HandlerResult>;
}

export type Command<Ctx> = SlashCommand<Ctx, SlashDefinition> | MessageCommand<Ctx>;

/** Binds a handler to its definition, typing its arguments from that definition. */
export function slashCommand<Ctx, const D extends SlashDefinition>(
  data: D,
  handlers: Omit<SlashCommand<Ctx, D>, 'kind' | 'data'>,
): SlashCommand<Ctx, D> {
  return { kind: 'slash', data, ...handlers };
}

/** What `deploy-commands` sends: the definitions themselves, as Discord's (mutable) JSON types. */
export function registrationBody<Ctx>(
  commands: readonly Command<Ctx>[],
): (RESTPostAPIChatInputApplicationCommandsJSONBody | RESTPostAPIContextMenuApplicationCommandsJSONBody)[] {
  return commands.map((command) => structuredClone(command.data) as RESTPostAPIChatInputApplicationCommandsJSONBody);
}
