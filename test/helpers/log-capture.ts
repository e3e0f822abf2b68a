import { Writable } from 'node:stream';
import type { Config } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';

/** A bot's logger whose lines are kept in memory, as JSON text, for a test to read and wait on. */
export interface LogCapture {
  logger: Logger;
  lines: readonly string[];
  /** Resolves with the first line (raw JSON text) matching `pattern`, past or future. */
  waitFor(pattern: RegExp): Promise<string>;
}

/** The logger the bot would build from `config` (its level and secrets), writing into memory instead of stdout. */
export function captureLogs(config: Config): LogCapture {
  const lines: string[] = [];
  const waiters = new Set<{ pattern: RegExp; resolve: (line: string) => void }>();
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        lines.push(line);
        for (const waiter of waiters) {
          if (!waiter.pattern.test(line)) continue;
          waiters.delete(waiter);
          waiter.resolve(line);
        }
      }
      done();
    },
  });
  const logger = createLogger(
    { level: config.logLevel, secrets: [config.discord.token, config.stability.apiKey], pretty: false },
    sink,
  );
  return {
    logger,
    lines,
    waitFor(pattern) {
      const seen = lines.find((line) => pattern.test(line));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.add({ pattern, resolve }));
    },
  };
}
