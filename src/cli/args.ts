import { parseArgs } from 'node:util';
import {
  ASPECT_RATIOS,
  type AspectRatio,
  isModelId,
  MAX_SEED,
  MODEL_IDS,
  type ModelId,
  OUTPUT_FORMATS,
  type OutputFormat,
  STYLE_PRESETS,
  type StylePreset,
} from '../stability/models.js';

export interface CliArgs {
  prompt: string;
  out: string;
  model: ModelId;
  aspectRatio?: AspectRatio;
  negativePrompt?: string;
  seed?: number;
  stylePreset?: StylePreset;
  format: OutputFormat;
}

export type ParsedCli = { kind: 'help' } | { kind: 'run'; args: CliArgs };

/** A mistake in how the CLI was called: printed to stderr with exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: imagine "<prompt>" [--out output.png] [options]

Turns a prompt into an image file through Stability AI's v2beta API (or the offline local renderer).

Options:
  --out, -o <file>         where to write the image (default: output.<format>)
  --model, -m <id>         ${MODEL_IDS.join(' | ')} (default: core)
  --aspect-ratio, -a <r>   ${ASPECT_RATIOS.join(' | ')} (default: 1:1)
  --negative, -n <text>    what you do not want to see
  --seed, -s <n>           0..${MAX_SEED} (0 or absent: random)
  --style <preset>         ${STYLE_PRESETS.join(' | ')}
  --format, -f <fmt>       png | jpeg | webp (default: from --out's extension, else png)
  --help, -h               show this help

Environment: STABILITY_API_KEY (required unless IMAGE_BACKEND=local), STABILITY_API_URL, IMAGE_BACKEND.
Exit codes: 0 image written; 1 API or content error; 2 usage or configuration error.`;

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag}: "${value}" is not valid; use one of: ${allowed.join(', ')}`);
}

const OUT_EXTENSIONS = '.png, .jpeg/.jpg or .webp';

/** The format an output file's extension names; a path with any other extension (or none) is a usage error. */
function formatFromPath(path: string): OutputFormat {
  const ext = path.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (ext === 'jpg' || ext === 'jpeg') return 'jpeg';
  if (ext === 'png' || ext === 'webp') return ext;
  const found = ext === undefined ? 'has no extension' : `ends in .${ext}`;
  throw new UsageError(`--out: "${path}" ${found}; the image file must end in ${OUT_EXTENSIONS}`);
}

const VALUE_OPTIONS = new Set([
  '--out',
  '-o',
  '--model',
  '-m',
  '--aspect-ratio',
  '-a',
  '--negative',
  '-n',
  '--seed',
  '-s',
  '--style',
  '--format',
  '-f',
]);

/**
 * Joins `--seed -1` into `--seed=-1`: node's parser reads a value starting with `-` as another option and reports
 * it as "ambiguous", while the value's own check says what is valid (here, the seed range).
 */
function joinDashValues(argv: readonly string[]): string[] {
  const joined: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    const next = argv[index + 1];
    if (VALUE_OPTIONS.has(arg) && next !== undefined && /^-\d/.test(next)) {
      joined.push(arg.startsWith('--') ? `${arg}=${next}` : `${arg}${next}`);
      index += 1;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

export function parseCliArgs(argv: readonly string[]): ParsedCli {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(joinDashValues(argv));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/\. To specify.*$/s, '') : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (positionals.length === 0) throw new UsageError('a prompt is required, e.g. imagine "a lighthouse at dawn"');
  if (positionals.length > 1) {
    throw new UsageError(`expected one prompt but got ${positionals.length} words; put the prompt in quotes`);
  }
  const prompt = positionals[0]?.trim() ?? '';
  if (prompt.length === 0) throw new UsageError('the prompt is empty');
  if (prompt.length > 10_000) throw new UsageError(`the prompt has ${prompt.length} characters; the limit is 10000`);

  const model = values.model ?? 'core';
  if (!isModelId(model)) throw new UsageError(`--model: "${model}" is not valid; use one of: ${MODEL_IDS.join(', ')}`);

  const args: CliArgs = { prompt, model, out: '', format: 'png' };
  if (values['aspect-ratio'] !== undefined) {
    args.aspectRatio = oneOf('--aspect-ratio', values['aspect-ratio'], ASPECT_RATIOS);
  }
  if (values.style !== undefined) args.stylePreset = oneOf('--style', values.style, STYLE_PRESETS);
  if (values.negative !== undefined) {
    if (values.negative.length > 10_000) throw new UsageError('--negative: longer than 10000 characters');
    args.negativePrompt = values.negative;
  }
  if (values.seed !== undefined) {
    const seed = Number(values.seed);
    if (!/^\d+$/.test(values.seed) || !Number.isSafeInteger(seed) || seed > MAX_SEED) {
      throw new UsageError(`--seed: "${values.seed}" is not valid; use a whole number from 0 to ${MAX_SEED}`);
    }
    args.seed = seed;
  }
  const explicitFormat = values.format === undefined ? undefined : oneOf('--format', values.format, OUTPUT_FORMATS);
  const pathFormat = values.out === undefined ? undefined : formatFromPath(values.out);
  if (explicitFormat && pathFormat && explicitFormat !== pathFormat) {
    throw new UsageError(`--format ${explicitFormat} does not match the extension of --out ${values.out}`);
  }
  args.format = explicitFormat ?? pathFormat ?? 'png';
  args.out = values.out ?? `output.${args.format === 'jpeg' ? 'jpg' : args.format}`;
  return { kind: 'run', args };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'string', short: 'o' },
      model: { type: 'string', short: 'm' },
      'aspect-ratio': { type: 'string', short: 'a' },
      negative: { type: 'string', short: 'n' },
      seed: { type: 'string', short: 's' },
      style: { type: 'string' },
      format: { type: 'string', short: 'f' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
