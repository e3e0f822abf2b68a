import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/database.js';
import type { LocalServices } from '../../test/helpers/bot.js';
import { setImmutable } from './store-faults.js';
import { within } from './wait.js';

/**
 * Issue 13 item 2's last clause: a database that is read-only when the bot starts is one log line naming the file and
 * exit code 1, not a stack trace. Makes the store, turns it immutable, starts the bot process on it and reads how it
 * ended; undefined when it ended so, else what went wrong.
 */
export async function startOnReadOnlyStore(services: LocalServices): Promise<{ problem?: string; output: string }> {
  const path = services.config.databasePath;
  const opened = await openDatabase({ kind: 'sqlite', path }, Date.now());
  await opened.close();
  const files = [path, `${path}-wal`, `${path}-shm`].slice(0, 1);
  await setImmutable(files, true);
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', join(process.cwd(), 'src/index.ts')], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '', ...services.processEnv, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: string[] = [];
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    const [code] = (await within(once(child, 'exit'), 30_000, 'the bot exiting on a read-only store')) as [
      number | null,
    ];
    const output = chunks.join('');
    const lines = output.split('\n').filter((line) => line.trim().length > 0);
    if (code !== 1) return { problem: `exit code ${code} on a read-only store`, output };
    if (lines.length !== 1)
      return { problem: `${lines.length} lines on a read-only store: ${lines[0]?.slice(0, 120)}`, output };
    if (!lines[0]?.includes(path))
      return { problem: `the line does not name ${path}: ${lines[0]?.slice(0, 160)}`, output };
    if (/\n\s+at /.test(output) || output.includes('"stack"'))
      return { problem: 'a stack trace on a read-only store', output };
    return { output };
  } finally {
    await setImmutable(files, false);
  }
}
