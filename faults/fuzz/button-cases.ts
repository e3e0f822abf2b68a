import type { Random } from '../prng.js';

/** A message a click can land on, the job it shows (if any), and who may click there at all. */
export interface ClickTarget {
  key: string;
  messageId: string;
  /** The job the message was posted for; undefined for a member's own message. */
  jobId: string | undefined;
  /** Who asked for that job (whom the strict rule lets delete it). */
  requester: string | undefined;
  clickers: readonly string[];
  /** A clicker who neither asked for the job nor may manage messages here: the strict rule refuses them. */
  bystander: string;
}

export interface ButtonShape {
  action: string;
  indexed: boolean;
  createsJob: boolean;
}

export interface ButtonCase {
  user: string;
  target: ClickTarget;
  customId: string;
  /**
   * `own`: the id names the clicked message's own job with a well-formed action, so the bot may act (on that job
   * only). `refuse`: anything else; it must be an ephemeral refusal that changes nothing.
   */
  expect: { own: ButtonShape } | { refuse: string };
}

const CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789:-_.ABCXYZ é🎨\u200b';

function junk(random: Random, length: number): string {
  return Array.from({ length }, () => CHARS[random.int(0, CHARS.length - 1)] ?? 'x').join('');
}

/** A job id of the right shape that no job has. */
const strangerId = (random: Random) => random.pick(['zzzzzzzzzz', '0000000000', 'abcdefghij']);

/** Malformed ids: foreign prefixes, versions, actions, references, indexes, extra parts, lengths. */
function malformed(random: Random, shapes: readonly ButtonShape[], jobId: string): [string, string] {
  const action = random.pick(shapes).action;
  return random.pick<[string, string]>([
    [junk(random, random.int(1, 30)), 'random text'],
    [`v${random.int(2, 9)}:${action}:${jobId}`, 'another version'],
    [`V1:${action}:${jobId}`, 'a version in capitals'],
    [`v1:${junk(random, random.int(1, 12))}:${jobId}`, 'an unknown action'],
    [`v1:${action}:${jobId.toUpperCase()}`, 'a job id in capitals'],
    [`v1:${action}:${jobId.slice(0, 9)}`, 'a job id too short'],
    [`v1:${action}:${jobId}:${random.pick(['4', '9', '-1', 'x', '00', ''])}`, 'a bad index'],
    [`v1:${action}:${jobId}:0:0`, 'an extra part'],
    [`v1:${action}:m${random.int(1, 99999)}`, 'a message reference where a job belongs'],
    [`v1:${action}`, 'no reference'],
    [`v1:${action}:${jobId}${'x'.repeat(random.int(90, 120))}`.slice(0, 100), 'a long reference'],
    ['v1::', 'empty parts'],
    [`imagine_${action}_${jobId}`, 'an id from another bot'],
  ]);
}

/** An index the action takes: none, or one of the job's images (a job here has two). */
const indexFor = (random: Random, shape: ButtonShape) => (shape.indexed ? `:${random.int(0, 1)}` : '');

/**
 * The `n`-th click of a seeded run. About one in eight is the message's own job (the bot may act); the rest name
 * another member's job, another server's, one never stored, or no job at all, or are malformed.
 */
export function buttonCase(
  random: Random,
  shapes: readonly ButtonShape[],
  targets: readonly ClickTarget[],
  foreignJobs: readonly string[],
): ButtonCase {
  const target = random.pick(targets);
  const shape = random.pick(shapes);
  // Never a delete the rules allow (it would remove the messages the rest of the run clicks on): deletes come from
  // the bystander, whom the strict rule refuses whatever the id names.
  const user = shape.action === 'delete' ? target.bystander : random.pick(target.clickers);
  const roll = random.next();
  if (roll < 0.12 && target.jobId !== undefined) {
    const own = `v1:${shape.action}:${target.jobId}${indexFor(random, shape)}`;
    if (shape.action === 'delete')
      return { user, target, customId: own, expect: { refuse: 'delete by a non-requester' } };
    return { user, target, customId: own, expect: { own: shape } };
  }
  if (roll < 0.55) {
    const jobId = random.pick(foreignJobs.filter((id) => id !== target.jobId));
    return {
      user,
      target,
      customId: `v1:${shape.action}:${jobId}${indexFor(random, shape)}`,
      expect: { refuse: `${shape.action} naming another message's job` },
    };
  }
  if (roll < 0.7) {
    return {
      user,
      target,
      customId: `v1:${shape.action}:${strangerId(random)}${indexFor(random, shape)}`,
      expect: { refuse: `${shape.action} naming a job never stored` },
    };
  }
  const [customId, why] = malformed(random, shapes, target.jobId ?? random.pick(foreignJobs));
  return { user, target, customId: customId.length > 0 ? customId : 'x', expect: { refuse: why } };
}
