import { ASPECT_RATIOS, MAX_SEED, MODEL_IDS, STYLE_PRESETS } from '../../src/stability/models.js';
import { tagFor } from '../invariants/tags.js';
import type { Random } from '../prng.js';
import { blankText, NOT_NUMBERS, ODD_VALUES, oddString, sprinkled } from './values.js';

/** Discord's option types (only those /imagine uses). */
const STRING = 3;
const INTEGER = 4;

/** What a valid /imagine must become: a job with exactly these parameters (unset ones at their defaults). */
export interface ExpectedParams {
  tag: string;
  count: number;
  model: string;
  aspectRatio?: string;
  stylePreset?: string;
  seed?: number;
  negative: boolean;
}

export interface OptionCase {
  /** `data.options` exactly as sent (any JSON value, or undefined for none). */
  options: unknown;
  /** A job with these parameters, or a clear ephemeral refusal and no job. */
  expect: { job: ExpectedParams } | { refuse: string };
}

interface Opt {
  name: string;
  type: number;
  value: unknown;
}

const opt = (name: string, type: number, value: unknown): Opt => ({ name, type, value });

/** A valid /imagine: a tagged prompt and a seeded choice of the optional options, each in range. */
function valid(random: Random, tag: string): { opts: Opt[]; params: ExpectedParams } {
  const opts: Opt[] = [opt('prompt', STRING, sprinkled(random, `a glass fox ${tag}`))];
  const params: ExpectedParams = { tag, count: 1, model: 'core', negative: false };
  if (random.chance(0.3)) {
    params.count = random.int(1, 4);
    opts.push(opt('count', INTEGER, params.count));
  }
  if (random.chance(0.3)) {
    params.model = random.pick(MODEL_IDS);
    opts.push(opt('model', STRING, params.model));
  }
  if (random.chance(0.3)) {
    params.aspectRatio = random.pick(ASPECT_RATIOS);
    opts.push(opt('aspect_ratio', STRING, params.aspectRatio));
  }
  if (random.chance(0.3)) {
    params.stylePreset = random.pick(STYLE_PRESETS);
    opts.push(opt('style', STRING, params.stylePreset));
  }
  if (random.chance(0.3)) {
    const seed = random.chance(0.2) ? 0 : random.int(1, MAX_SEED);
    if (seed > 0) params.seed = seed;
    opts.push(opt('seed', INTEGER, seed));
  }
  if (random.chance(0.2)) {
    params.negative = true;
    opts.push(opt('negative_prompt', STRING, sprinkled(random, 'blurry')));
  }
  // Discord sends options in any order.
  for (let i = opts.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [opts[i], opts[j]] = [opts[j] as Opt, opts[i] as Opt];
  }
  return { opts, params };
}

/** One option's value made wrong: out of range, off the choice list, of another JSON type, or blank. */
const BREAKERS: readonly ((random: Random) => { name: string; type: number; value: unknown; why: string })[] = [
  (r) => ({
    name: 'count',
    type: INTEGER,
    value: r.pick([0, -1, -0.5, 5, 1.5, 1e9, 2 ** 53 + 2]),
    why: 'count out of range',
  }),
  (r) => ({
    name: 'count',
    type: INTEGER,
    value: r.pick<unknown>([...NOT_NUMBERS, ...ODD_VALUES]),
    why: 'count not a number',
  }),
  (r) => ({
    name: 'seed',
    type: INTEGER,
    value: r.pick<unknown>([-1, MAX_SEED + 1, 0.5, 'abc', '12']),
    why: 'seed invalid',
  }),
  (r) => ({
    name: 'aspect_ratio',
    type: STRING,
    value: r.pick<unknown>([7, '4:3', '', 'x'.repeat(300)]),
    why: 'aspect ratio off the list',
  }),
  (r) => ({
    name: 'model',
    type: STRING,
    value: r.pick<unknown>(['sd4', 3, '', 'CORE', null]),
    why: 'model off the list',
  }),
  (r) => ({
    name: 'style',
    type: STRING,
    value: r.pick<unknown>([12, 'watercolor', 'ANIME', true]),
    why: 'style off the list',
  }),
  (r) => ({ name: 'prompt', type: STRING, value: blankText(r), why: 'blank prompt' }),
  (r) => ({ name: 'prompt', type: STRING, value: oddString(r), why: 'prompt not usable text' }),
  (r) => ({
    name: 'negative_prompt',
    type: STRING,
    value: r.pick<unknown>(['x'.repeat(2001), 5, null]),
    why: 'negative prompt invalid',
  }),
  (r) => ({ name: r.pick(['count', 'seed']), type: STRING, value: '2', why: 'integer option sent with type string' }),
  (r) => ({ name: 'prompt', type: r.pick([INTEGER, 5, 11, 99]), value: 'a fox', why: 'prompt sent with another type' }),
];

/** Lists no client sends: unknown names, twice the same option, no prompt, entries that are not options. */
const SHAPES: readonly ((random: Random, opts: Opt[]) => { options: unknown; why: string })[] = [
  (r, o) => ({
    options: [...o, opt(r.pick(['colour', 'steps', 'Prompt', '', 'x'.repeat(40)]), STRING, 'a')],
    why: 'unknown option',
  }),
  (_r, o) => ({ options: [...o, o[0]], why: 'an option given twice' }),
  (_r, o) => ({ options: o.filter((x) => x.name !== 'prompt'), why: 'no prompt' }),
  () => ({ options: null, why: 'options null (no prompt)' }),
  () => ({ options: [], why: 'options empty (no prompt)' }),
  (r) => ({ options: r.pick<unknown>([{}, 'prompt', 42, true, { prompt: 'a fox' }]), why: 'options not a list' }),
  (r, o) => ({
    options: [...o, r.pick<unknown>([null, {}, 'x', 7, [], { name: 'count' }])],
    why: 'an entry that is no option',
  }),
  (r, o) => ({
    options: [{ ...o[0], options: r.pick<unknown>([{}, 'x', null]) }, ...o.slice(1)],
    why: 'nested options not a list',
  }),
];

/** The `n`-th case of a seeded run: a quarter valid (each a paid job), the rest broken one way each. */
export function optionCase(random: Random, n: number): OptionCase {
  const tag = tagFor(n);
  const { opts, params } = valid(random, tag);
  const roll = random.next();
  if (roll < 0.25) return { options: opts, expect: { job: params } };
  if (roll < 0.7) {
    const broken = random.pick(BREAKERS)(random);
    const rest = opts.filter((o) => o.name !== broken.name);
    return { options: [...rest, opt(broken.name, broken.type, broken.value)], expect: { refuse: broken.why } };
  }
  const shape = random.pick(SHAPES)(random, opts);
  return { options: shape.options, expect: { refuse: shape.why } };
}
