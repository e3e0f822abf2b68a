import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { LocalServices } from './bot.js';

export interface BotProcess {
  child: ChildProcess;
  /** Everything the process wrote (JSON log lines on stdout, anything else on stderr). */
  output: () => string;
  exited: Promise<number | null>;
  /** Sends `signal` and resolves with the exit code once the process is gone. */
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/** Runs the real bot (src/index.ts under tsx, as `npm run dev` does) as its own process against the local services. */
export async function spawnBot(
  services: LocalServices,
  env: Record<string, string> = {},
  {
    ready = true,
    build = false,
  }: {
    /** false: return at once (a start that is meant to fail). */
    ready?: boolean;
    /** Run the production build (`npm run build`'s dist/, as `npm start` does) instead of the sources under tsx. */
    build?: boolean;
  } = {},
): Promise<BotProcess> {
  // One process, so a signal (SIGKILL above all) reaches the bot itself: the tsx CLI would run it as a grandchild.
  const args = build
    ? [join(process.cwd(), 'dist/src/index.js')]
    : ['--import', 'tsx', join(process.cwd(), 'src/index.ts')];
  const child = spawn(process.execPath, args, {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', ...services.processEnv, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const handle: BotProcess = {
    child,
    output: () => chunks.join(''),
    exited,
    async kill(signal) {
      child.kill(signal);
      return exited;
    },
  };
  if (!ready) return handle;
  // Ready once this process has identified on the emulator's gateway and logged its start.
  await services.emulator.waitForBot({ timeoutMs: 30_000 });
  const started = await Promise.race([
    new Promise<boolean>((resolve) => {
      const check = () => {
        if (chunks.join('').includes('"msg":"bot started"')) {
          child.stdout?.off('data', check);
          resolve(true);
        }
      };
      child.stdout?.on('data', check);
      check();
    }),
    exited.then(() => false),
  ]);
  if (!started) throw new Error(`bot process exited during start:\n${chunks.join('')}`);
  return handle;
}
