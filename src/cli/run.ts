import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { type ImageBackend, isPending } from '../images/backend.js';
import { describeStabilityError, formatErrorForOperator } from '../stability/describe.js';
import { StabilityError } from '../stability/errors.js';
import { MODELS } from '../stability/models.js';
import type { GenerateRequest } from '../stability/request.js';
import { parseCliArgs, USAGE, UsageError } from './args.js';

export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  createBackend: (config: Config) => ImageBackend;
  writeFile?: (path: string, bytes: Uint8Array) => Promise<void>;
  cwd?: string;
}

/**
 * Runs the `imagine` CLI and returns its exit code: 0 written, 1 API/content error, 2 usage/configuration (and requests
 * the client refused before sending, which cost nothing: see the error table's `origin`).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let config: Config;
  let parsed: ReturnType<typeof parseCliArgs>;
  try {
    parsed = parseCliArgs(argv);
    if (parsed.kind === 'help') {
      io.stdout(USAGE);
      return 0;
    }
    config = loadConfig(io.env, ['image-backend']);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`imagine: ${error.message}`);
      io.stderr('Run "imagine --help" for the options.');
      return 2;
    }
    if (error instanceof ConfigError) {
      io.stderr(`imagine: ${error.message}`);
      return 2;
    }
    throw error;
  }

  const { args } = parsed;
  const backend = io.createBackend(config);
  try {
    const request: GenerateRequest = {
      kind: 'generate',
      prompt: args.prompt,
      model: args.model,
      outputFormat: args.format,
    };
    if (args.aspectRatio) request.aspectRatio = args.aspectRatio;
    if (args.negativePrompt !== undefined) request.negativePrompt = args.negativePrompt;
    if (args.seed !== undefined) request.seed = args.seed;
    if (args.stylePreset) request.stylePreset = args.stylePreset;

    const result = await backend.run(request);
    // Only creative upscale is asynchronous; the CLI generates, so a pending answer is the backend breaking its word.
    if (isPending(result)) throw new Error('generate answered asynchronously');
    const summary = `seed: ${result.seed}\nfinish reason: ${result.finishReason}\ncredits: ${result.credits}\nrequest id: ${result.requestId}`;
    if (result.finishReason === 'CONTENT_FILTERED') {
      io.stderr('imagine: Stability blurred the result because it violated its content policy; nothing was saved.');
      io.stderr(summary);
      io.stderr('(A filtered image is still charged.)');
      return 1;
    }
    const path = resolve(io.cwd ?? process.cwd(), args.out);
    await (io.writeFile ?? writeFile)(path, result.bytes);
    io.stdout(`image: ${path} (${result.width}x${result.height}, ${result.mime}, ${MODELS[args.model].label})`);
    io.stdout(summary);
    if (backend.name === 'local')
      io.stdout('note: IMAGE_BACKEND=local drew an offline preview, not a Stability image.');
    return 0;
  } catch (error) {
    if (error instanceof StabilityError) {
      const described = describeStabilityError(error);
      io.stderr(`imagine: ${described.summary}`);
      io.stderr(`details: ${formatErrorForOperator(error)}`);
      // A request the client refused never left the machine: like a bad flag, it is the caller's to fix.
      return described.origin === 'client' && !described.mayHaveCharged ? 2 : 1;
    }
    if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('E')) {
      io.stderr(`imagine: could not write ${args.out}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
