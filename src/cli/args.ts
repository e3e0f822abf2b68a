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

function formatFromPath(path: string): OutputFormat | undefined {
  const ext = path.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (ext === 'jpg' || ext === 'jpeg') return 'jpeg';
  if (ext === 'png' || ext === 'webp') return ext;
  return undefined;
}

export function parseCliArgs(argv: readonly string[]): ParsedCli {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
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
