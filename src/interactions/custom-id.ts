/**
 * The custom_id grammar of every button and modal, released as `v1` (so old messages keep working forever):
 *
 *   v1:<action>:<jobId>[:<index>]        acts on a job the bot stored (jobId: 10 base-36 characters)
 *   v1:<action>:m<messageId>[:<index>]   acts on a Discord message, which may not be the bot's (messageId: a
 *                                        snowflake; used by the message apps, e.g. the image picker)
 *
 * `index` is the image (0-based) when the action needs one. Actions are declared by the component modules; this file
 * only knows the shape, so any string may arrive and is parsed defensively.
 */

export type TargetKind = 'job' | 'message';

export interface IdShape {
  action: string;
  target: TargetKind;
  indexed: boolean;
}

export type ParsedTarget = { kind: 'job'; jobId: string } | { kind: 'message'; messageId: string };

export interface ParsedId {
  action: string;
  target: ParsedTarget;
  index?: number;
}

export type IdProblem = 'not-ours' | 'other-version' | 'unknown-action' | 'malformed';
export type ParseResult = { ok: true; value: ParsedId } | { ok: false; reason: IdProblem };

export const JOB_ID = /^[a-z0-9]{10}$/;
const SNOWFLAKE = /^\d{17,20}$/;
const ACTION = /^[a-z][a-z0-9.-]{0,39}$/;
const MAX_LENGTH = 100;
/** Jobs hold at most 4 images, a Discord message at most 10 attachments. */
const MAX_INDEX: Record<TargetKind, number> = { job: 3, message: 9 };

export function encodeCustomId(shape: IdShape, target: ParsedTarget, index?: number): string {
  if (!ACTION.test(shape.action)) throw new Error(`not an action name: ${shape.action}`);
  if (target.kind !== shape.target) throw new Error(`${shape.action} acts on a ${shape.target}, not a ${target.kind}`);
  if (shape.indexed !== (index !== undefined)) {
    throw new Error(`action ${shape.action} ${shape.indexed ? 'needs' : 'takes no'} index`);
  }
  if (index !== undefined && (!Number.isInteger(index) || index < 0 || index > MAX_INDEX[target.kind])) {
    throw new Error(`index ${index} out of range for ${shape.action}`);
  }
  let ref: string;
  if (target.kind === 'job') {
    if (!JOB_ID.test(target.jobId)) throw new Error(`not a job id: ${target.jobId}`);
    ref = target.jobId;
  } else {
    if (!SNOWFLAKE.test(target.messageId)) throw new Error(`not a message id: ${target.messageId}`);
    ref = `m${target.messageId}`;
  }
  const text = index === undefined ? `v1:${shape.action}:${ref}` : `v1:${shape.action}:${ref}:${index}`;
  if (text.length > MAX_LENGTH) throw new Error('custom_id over 100 characters');
  return text;
}

/** Parses any string: whatever a client sends, the result says what it is, checked against the known shapes. */
export function parseCustomId(text: unknown, shapes: ReadonlyMap<string, IdShape>): ParseResult {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_LENGTH) {
    return { ok: false, reason: 'malformed' };
  }
  const parts = text.split(':');
  const version = parts[0] ?? '';
  if (!/^v\d+$/.test(version)) return { ok: false, reason: 'not-ours' };
  if (version !== 'v1') return { ok: false, reason: 'other-version' };
  const [, action, ref, index, ...rest] = parts;
  const shape = action === undefined ? undefined : shapes.get(action);
  if (!shape || action === undefined) return { ok: false, reason: 'unknown-action' };
  if (ref === undefined || rest.length > 0) return { ok: false, reason: 'malformed' };
  let target: ParsedTarget;
  if (shape.target === 'job') {
    if (!JOB_ID.test(ref)) return { ok: false, reason: 'malformed' };
    target = { kind: 'job', jobId: ref };
  } else {
    if (!ref.startsWith('m') || !SNOWFLAKE.test(ref.slice(1))) return { ok: false, reason: 'malformed' };
    target = { kind: 'message', messageId: ref.slice(1) };
  }
  if (!shape.indexed)
    return index === undefined ? { ok: true, value: { action, target } } : { ok: false, reason: 'malformed' };
  if (index === undefined || !/^\d$/.test(index) || Number(index) > MAX_INDEX[shape.target]) {
    return { ok: false, reason: 'malformed' };
  }
  return { ok: true, value: { action, target, index: Number(index) } };
}
