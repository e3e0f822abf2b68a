import { parseArgs } from 'node:util';
import type { FakeStabilityServerOptions } from './fake-types.js';

const FLAGS = [
  'port',
  'api-key',
  'balance',
  'latency-ms',
  'quota-limit',
  'quota-window-ms',
  'quota-lockout-ms',
  'async-polls',
  'async-ready-ms',
  'renderer',
] as const;
type Flag = (typeof FLAGS)[number];

/** Server options from command-line flags, each also readable from `FAKE_STABILITY_<FLAG>` in the environment. */
export function optionsFromArgs(argv: readonly string[], env: NodeJS.ProcessEnv): FakeStabilityServerOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(FLAGS.map((flag) => [flag, { type: 'string' }])) as Record<Flag, { type: 'string' }>,
    strict: true,
  });
  const raw = (flag: Flag): string | undefined =>
    values[flag] ?? env[`FAKE_STABILITY_${flag.toUpperCase().replaceAll('-', '_')}`];
  const number = (flag: Flag): number | undefined => {
    const value = raw(flag);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < 0)
      throw new Error(`--${flag}: expected a non-negative number, got ${value}`);
    return parsed;
  };
  const options: FakeStabilityServerOptions = {};
  const port = number('port');
  if (port !== undefined) options.port = port;
  const apiKey = raw('api-key');
  if (apiKey !== undefined) options.apiKey = apiKey;
  const balance = number('balance');
  if (balance !== undefined) options.balance = balance;
  const latency = number('latency-ms');
  if (latency !== undefined) options.latencyMs = latency;
  const limit = number('quota-limit');
  if (limit !== undefined) {
    options.quota = {
      limit,
      windowMs: number('quota-window-ms') ?? 10_000,
      lockoutMs: number('quota-lockout-ms') ?? 60_000,
    };
  }
  const pendingPolls = number('async-polls');
  const readyAfterMs = number('async-ready-ms');
  options.async = {
    ...(pendingPolls === undefined ? {} : { pendingPolls }),
    ...(readyAfterMs === undefined ? {} : { readyAfterMs }),
  };
  const renderer = raw('renderer');
  if (renderer !== undefined) {
    if (renderer !== 'flat' && renderer !== 'scene')
      throw new Error(`--renderer: expected flat or scene, got ${renderer}`);
    options.renderer = renderer;
  }
  return options;
}
