import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function probe(args: string[]): Promise<{ libvips: boolean }> {
  return new Promise((resolve, reject) => {
    execFile(
      join(process.cwd(), 'node_modules/.bin/tsx'),
      [join(process.cwd(), 'test/images/lazy-sharp-probe.ts'), ...args],
      { timeout: 30_000 },
      (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}'))),
    );
  });
}

describe('sharp is loaded only by work that resizes', () => {
  it('stays unloaded while answers are parsed and uploads that fit are prepared', async () => {
    expect(await probe([])).toEqual({ libvips: false });
  });

  it('is seen once loaded (a control: the check above could see libvips if it were there)', async () => {
    expect(await probe(['--resize'])).toEqual({ libvips: true });
  });
});
