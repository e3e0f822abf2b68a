import {
  type APIButtonComponentWithCustomId,
  type ButtonInteraction,
  ButtonStyle,
  ComponentType,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { Job } from '../domain/job.js';
import { encodeCustomId, type IdShape } from './custom-id.js';
import type { FieldValues, ModalField } from './modal-fields.js';

/**
 * What a handler gives back: the job it made, so the router can tell a double click from a new one; handlers that
 * make none return nothing.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler that makes no job simply returns, which is void.
export type HandlerResult = Job | undefined | void;

/** What a job button acts on, after the router checked the job belongs to the clicked message and its server. */
export interface JobTarget {
  job: Job;
  index?: number;
}

/** What a message button acts on: a Discord message in the channel it was clicked in (maybe not the bot's). */
export interface MessageTarget {
  messageId: string;
  index?: number;
}

interface Shape<A extends string, K extends 'job' | 'message'> extends IdShape {
  readonly action: A;
  readonly target: K;
  readonly indexed: boolean;
}

interface ButtonBase<A extends string, K extends 'job' | 'message'> extends Shape<A, K> {
  readonly kind: 'button';
  /** A click makes a paid job: a second click while the first one's job waits or runs is the same click. */
  readonly createsJob: boolean;
  /** How it is drawn (indexed buttons number their label in the layout: "U2"). */
  readonly look: ButtonLook;
  /** What /help says it does and costs (prices read from the price table, so they cannot go stale). */
  readonly help?: string;
}

export interface JobButton<Ctx, A extends string = string> extends ButtonBase<A, 'job'> {
  handle(interaction: ButtonInteraction, target: JobTarget, ctx: Ctx): Promise<HandlerResult>;
  /** When the job's row is gone: the strict rule applies (only Delete has one). */
  whenMissing?(interaction: ButtonInteraction, jobId: string, ctx: Ctx): Promise<void>;
}

export interface MessageButton<Ctx, A extends string = string> extends ButtonBase<A, 'message'> {
  handle(interaction: ButtonInteraction, target: MessageTarget, ctx: Ctx): Promise<HandlerResult>;
}

export interface JobModal<Ctx, A extends string = string, F extends readonly ModalField[] = readonly ModalField[]>
  extends Shape<A, 'job'> {
  readonly kind: 'modal';
  /** Its text fields: they draw the form, and the router parses every submission against them. */
  readonly fields: F;
  handle(
    interaction: ModalSubmitInteraction,
    target: JobTarget & { fields: FieldValues<F> },
    ctx: Ctx,
  ): Promise<HandlerResult>;
}

export interface MessageModal<Ctx, A extends string = string, F extends readonly ModalField[] = readonly ModalField[]>
  extends Shape<A, 'message'> {
  readonly kind: 'modal';
  readonly fields: F;
  handle(
    interaction: ModalSubmitInteraction,
    target: MessageTarget & { fields: FieldValues<F> },
    ctx: Ctx,
  ): Promise<HandlerResult>;
}

export type Component<Ctx> = JobButton<Ctx> | MessageButton<Ctx> | JobModal<Ctx> | MessageModal<Ctx>;

export interface ButtonLook {
  label: string;
  style?: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger;
  disabled?: boolean;
}

/** The button that triggers `shape` on `jobId` (and image `index`), drawn as `look`. */
export function jobButton(
  shape: IdShape,
  jobId: string,
  look: ButtonLook,
  index?: number,
): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    style: look.style ?? ButtonStyle.Secondary,
    label: look.label,
    custom_id: encodeCustomId(shape, { kind: 'job', jobId }, index),
    ...(look.disabled ? { disabled: true } : {}),
  };
}

export function messageButton(
  shape: IdShape,
  messageId: string,
  look: ButtonLook,
  index?: number,
): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    style: look.style ?? ButtonStyle.Secondary,
    label: look.label,
    custom_id: encodeCustomId(shape, { kind: 'message', messageId }, index),
  };
}

/** The id of a modal (or a button) of `shape` for a job. */
export function jobCustomId(shape: IdShape, jobId: string, index?: number): string {
  return encodeCustomId(shape, { kind: 'job', jobId }, index);
}

export function messageCustomId(shape: IdShape, messageId: string, index?: number): string {
  return encodeCustomId(shape, { kind: 'message', messageId }, index);
}

/**
 * Every component by action, built once at start from the component modules: two modules claiming one action, or
 * an action a released id already uses with another shape, stop the bot before it logs in.
 */
export function createComponentRegistry<Ctx>(
  components: readonly Component<Ctx>[],
): ReadonlyMap<string, Component<Ctx>> {
  const byAction = new Map<string, Component<Ctx>>();
  for (const component of components) {
    if (byAction.has(component.action)) throw new Error(`two components claim the action ${component.action}`);
    byAction.set(component.action, component);
  }
  return byAction;
}
