/**
 * Button and modal ids: `v1:<action>:<jobId>[:<index>]`. Everything a button needs is in the id plus the job row, so
 * buttons work after restarts. Existing actions never change meaning; new ones extend the list.
 */
export const ACTIONS = [
  'reroll',
  'vary-subtle',
  'vary-strong',
  'upscale',
  'remix',
  'remix-submit',
  'info',
  'cancel',
  'delete',
  'report',
  'report-dismiss',
  'report-allow',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Actions that act on one image of a job and so carry its index. */
const INDEXED: ReadonlySet<Action> = new Set(['vary-subtle', 'vary-strong', 'upscale']);

export interface ParsedId {
  action: Action;
  jobId: string;
  index?: number;
}

export type ParseResult =
  | { ok: true; value: ParsedId }
  | { ok: false; reason: 'not-ours' | 'other-version' | 'unknown-action' | 'malformed' };

const JOB_ID = /^[a-z0-9]{10}$/;
const MAX_LENGTH = 100;
/** Jobs hold at most 4 images; anything above is not from us. */
const MAX_INDEX = 3;

export function encodeCustomId(id: ParsedId): string {
  if (!JOB_ID.test(id.jobId)) throw new Error(`not a job id: ${id.jobId}`);
  const needsIndex = INDEXED.has(id.action);
  if (needsIndex !== (id.index !== undefined))
    throw new Error(`action ${id.action} ${needsIndex ? 'needs' : 'takes no'} index`);
  const text = id.index === undefined ? `v1:${id.action}:${id.jobId}` : `v1:${id.action}:${id.jobId}:${id.index}`;
  if (text.length > MAX_LENGTH) throw new Error('custom_id over 100 characters');
  return text;
}

/** Parses any string defensively: whatever a client sends, the result says what it is. */
export function parseCustomId(text: unknown): ParseResult {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_LENGTH)
    return { ok: false, reason: 'malformed' };
  const parts = text.split(':');
  const version = parts[0] ?? '';
  if (!/^v\d+$/.test(version)) return { ok: false, reason: 'not-ours' };
  if (version !== 'v1') return { ok: false, reason: 'other-version' };
  const [, action, jobId, index, ...rest] = parts;
  if (action === undefined || !(ACTIONS as readonly string[]).includes(action)) {
    return { ok: false, reason: 'unknown-action' };
  }
  const typedAction = action as Action;
  if (jobId === undefined || !JOB_ID.test(jobId) || rest.length > 0) return { ok: false, reason: 'malformed' };
  if (INDEXED.has(typedAction)) {
    if (index === undefined || !/^\d$/.test(index) || Number(index) > MAX_INDEX)
      return { ok: false, reason: 'malformed' };
    return { ok: true, value: { action: typedAction, jobId, index: Number(index) } };
  }
  if (index !== undefined) return { ok: false, reason: 'malformed' };
  return { ok: true, value: { action: typedAction, jobId } };
}
