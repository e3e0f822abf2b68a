import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fetch } from 'undici';
import type { ControlBodies } from './fake-control.js';
import type { LedgerEntry } from './fake-ledger.js';
import type { FakeFailure, FakeFailureOptions, RecordedRequest } from './fake-types.js';
import { FAKE_STABILITY_API_KEY } from './stability-server.js';

/** A fake Stability server running in a child process, driven over its `/__fake/` control routes. */
export interface FakeStabilityProcess {
  url: string;
  apiKey: string;
  pid: number;
  requests(): Promise<RecordedRequest[]>;
  ledger(): Promise<{ entries: LedgerEntry[]; total: number }>;
  failNext(failure: FakeFailure, options?: FakeFailureOptions): Promise<void>;
  setLatency(ms: number): Promise<void>;
  enforceQuota(quota: ControlBodies['quota']): Promise<void>;
  /** SIGTERM, then waits for the process to exit. */
  close(): Promise<void>;
}

/** Starts `stability-server-main.ts` under tsx with these flags; resolves once it printed its URL. */
export async function spawnFakeStabilityServer(args: readonly string[] = []): Promise<FakeStabilityProcess> {
  const root = join(import.meta.dirname, '../..');
  const child: ChildProcess = spawn(
    join(root, 'node_modules/.bin/tsx'),
    [join(root, 'test/fakes/stability-server-main.ts'), ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (child.stdout === null || child.pid === undefined) throw new Error('fake server process has no stdout');
  const lines = createInterface({ input: child.stdout });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`fake server exited with ${String(code)} before printing its URL`);
  });
  const [url] = (await Promise.race([once(lines, 'line'), exited])) as [string];
  lines.close();
  const apiKey = args.includes('--api-key') ? (args[args.indexOf('--api-key') + 1] ?? '') : FAKE_STABILITY_API_KEY;
  const post = async (route: string, body: unknown) => {
    const response = await fetch(`${url}/__fake/${route}`, { method: 'POST', body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`fake control ${route}: ${await response.text()}`);
  };
  const get = async <T>(route: string): Promise<T> => (await (await fetch(`${url}/__fake/${route}`)).json()) as T;
  return {
    url,
    apiKey,
    pid: child.pid,
    requests: () => get<RecordedRequest[]>('requests'),
    ledger: () => get<{ entries: LedgerEntry[]; total: number }>('ledger'),
    failNext: (failure, options = {}) => post('fail-next', { failure, ...options }),
    setLatency: (ms) => post('latency', { ms }),
    enforceQuota: (quota) => post('quota', quota),
    async close() {
      if (child.exitCode !== null) return;
      const done = once(child, 'exit');
      child.kill('SIGTERM');
      await done;
    },
  };
}
