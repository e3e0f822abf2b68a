import { tagFor } from '../invariants/tags.js';
import type { Random } from '../prng.js';
import { blankText, oddString, sprinkled } from './values.js';

/** The jobs and messages a modal case can name: a real job of this server, one elsewhere, one never stored. */
export interface ModalTargets {
  /** alice's finished job in this server, and its message. */
  own: { jobId: string; messageId: string };
  /** bob's finished job in this server, and its message. */
  other: { jobId: string; messageId: string };
  /** A job of the second server. */
  elsewhereJobId: string;
}

export interface ModalCase {
  user: 'alice' | 'bob' | 'mod';
  customId: unknown;
  components: unknown;
  /** The message the modal claims to come from, if any. */
  messageId?: string;
  /** A remix of `sourceJobId` whose prompt carries `tag`, or a clear ephemeral refusal and no job. */
  expect: { remixOf: string; tag: string } | { refuse: string };
}

const row = (fields: readonly unknown[]) => ({ type: 1, components: fields });
const input = (customId: string, value: unknown) => ({ type: 4, custom_id: customId, value });

/** The `n`-th modal case: about 30 % a valid remix, the rest wrong in its id, its message or its fields. */
export function modalCase(random: Random, n: number, t: ModalTargets): ModalCase {
  const tag = tagFor(n);
  const user = random.pick(['alice', 'bob', 'mod'] as const);
  const prompt = input('prompt', sprinkled(random, `a remixed owl ${tag}`));
  const fields = random.chance(0.3)
    ? [row([prompt]), row([input('negative_prompt', sprinkled(random, 'fog'))])]
    : [row([prompt])];
  const good = { user, customId: `v1:remix-submit:${t.own.jobId}`, components: fields };
  // Discord sends a button's form with the message it was opened from; a form without one can only be forged.
  const fromOwn = { messageId: t.own.messageId };
  const roll = random.next();
  if (roll < 0.3) return { ...good, ...fromOwn, expect: { remixOf: t.own.jobId, tag } };
  if (roll < 0.35) return { ...good, expect: { refuse: 'a form that names no message' } };
  if (roll < 0.5) {
    const [customId, why] = random.pick<[unknown, string]>([
      [`v1:remix-submit:${t.elsewhereJobId}`, 'a job of another server'],
      ['v1:remix-submit:zzzzzzzzzz', 'a job never stored'],
      ['v1:remix-submit:', 'no job id'],
      ['v1:remix-submit:ABCDEFGHIJ', 'a malformed job id'],
      [`v1:remix-submit:${t.own.jobId}:2`, 'an index the modal takes none of'],
      [`v1:remix:${t.own.jobId}`, 'a button id on a modal'],
      [`v2:remix-submit:${t.own.jobId}`, 'another version'],
      ['refine', 'not this bot’s id'],
      ['x'.repeat(120), 'an id over 100 characters'],
      [random.pick<unknown>([null, 42, {}, ['v1']]), 'an id that is no string'],
    ]);
    return { ...good, customId, ...fromOwn, expect: { refuse: why } };
  }
  if (roll < 0.6) {
    return { ...good, messageId: t.other.messageId, expect: { refuse: 'a job that is not the message’s' } };
  }
  const [components, why] = random.pick<[unknown, string]>([
    [null, 'components null'],
    [[], 'no fields'],
    [[null], 'a row that is null'],
    [[{ type: 1, components: null }], 'a row whose components are null'],
    [[row([input('prompt', blankText(random))])], 'a blank prompt'],
    [[row([input('prompt', oddString(random))])], 'a prompt that is no usable text'],
    [[row([input('prompt', `${'a'.repeat(2001)} ${tag}`)])], 'a prompt over 2000 characters'],
    [
      [row([input('prompt', `an owl ${tag}`)]), row([input('negative_prompt', 'n'.repeat(2001))])],
      'a negative prompt over 2000',
    ],
    [[row([input('title', `an owl ${tag}`)])], 'no prompt field'],
    [random.pick<unknown>([{}, 'prompt', 7]), 'components that are no list'],
  ]);
  return { ...good, components, ...fromOwn, expect: { refuse: why } };
}
