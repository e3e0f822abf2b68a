import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';
import type { ImageBackend } from '../src/images/backend.js';
import { APIUnreachableError, RequestRefusedError, type StabilityError } from '../src/stability/errors.js';
import { type FakeStabilityServer, startFakeStabilityServer } from './fakes/stability-server.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Spawns the real CLI exactly as `npm run imagine` does (tsx on src/cli.ts), with a clean environment. */
function imagine(args: string[], env: Record<string, string>, cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      join(process.cwd(), 'node_modules/.bin/tsx'),
      [join(process.cwd(), 'src/cli.ts'), ...args],
      { cwd, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let server: FakeStabilityServer;
let dir: string;
let stabilityEnv: Record<string, string>;

beforeAll(async () => {
  server = await startFakeStabilityServer();
  dir = await mkdtemp(join(tmpdir(), 'imagine-cli-'));
  stabilityEnv = { STABILITY_API_KEY: server.apiKey, STABILITY_API_URL: server.url };
});
afterAll(async () => {
  await server.close();
});

describe('imagine CLI', () => {
  it('draws a real PNG with the local backend and no key at all', async () => {
    const run = await imagine(
      ['A futuristic cityscape at sunset', '--out', 'city.png', '--aspect-ratio', '16:9', '--seed', '42'],
      { IMAGE_BACKEND: 'local' },
      dir,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(join(dir, 'city.png'));
    expect(run.stdout).toMatch(/seed: 42\nfinish reason: SUCCESS\ncredits: 3/);
    const meta = await sharp(await readFile(join(dir, 'city.png'))).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width! / meta.height!).toBeCloseTo(16 / 9, 1);
  });

  it('generates through a Stability-compatible server with every option', async () => {
    const before = server.requests.length;
    const run = await imagine(
      [
        'a lighthouse at dawn',
        '--out',
        'lighthouse.webp',
        '--model',
        'sd3.5-large-turbo',
        '--negative',
        'fog',
        '--seed',
        '7',
        '--style',
        'cinematic',
      ],
      stabilityEnv,
      dir,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/seed: 7\nfinish reason: SUCCESS\ncredits: 4\n/);
    const request = server.requests[before];
    expect(request?.path).toBe('/v2beta/stable-image/generate/sd3');
    expect(request?.fields).toEqual({
      prompt: 'a lighthouse at dawn',
      model: 'sd3.5-large-turbo',
      negative_prompt: 'fog',
      seed: '7',
      style_preset: 'cinematic',
      output_format: 'webp',
    });
    expect(server.invalidRequests()).toEqual([]);
    expect((await sharp(await readFile(join(dir, 'lighthouse.webp'))).metadata()).format).toBe('webp');
  });

  it.each([
    [403, /content moderation refused this prompt.*not charged/i],
    [422, /only understands English/],
    [401, /API key was refused/],
    [500, /internal error.*not retried/],
    [429, /rate-limiting/],
  ])('explains HTTP %i with exit 1, Stability request id, and no key', async (status, message) => {
    server.control.failNext(status);
    const before = server.requests.length;
    const run = await imagine(['a cat', '--out', `fail-${status}.png`], stabilityEnv, dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/request id=\S+/);
    expect(run.stderr).toContain(`HTTP ${status}`);
    expect(run.stderr + run.stdout).not.toContain(server.apiKey);
    expect(server.requests.length - before).toBe(1);
    expect(await readdir(dir)).not.toContain(`fail-${status}.png`);
  });

  it('reports a CONTENT_FILTERED result as such and saves nothing', async () => {
    server.control.failNext('content-filtered');
    const run = await imagine(['a cat', '--out', 'blurred.png'], stabilityEnv, dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/blurred the result.*nothing was saved/);
    expect(run.stderr).toContain('finish reason: CONTENT_FILTERED');
    expect(await readdir(dir)).not.toContain('blurred.png');
  });

  it('names the bad flag and the valid values with exit 2', async () => {
    const run = await imagine(['a cat', '--aspect-ratio', '4:3'], { IMAGE_BACKEND: 'local' }, dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '--aspect-ratio: "4:3" is not valid; use one of: 21:9, 16:9, 3:2, 5:4, 1:1, 4:5, 2:3, 9:16, 9:21',
    );
    const unknown = await imagine(['a cat', '--colour', 'red'], { IMAGE_BACKEND: 'local' }, dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--colour/);
  });

  it('refuses an --out extension that is not an image format, naming the ones that fit, and writes nothing', async () => {
    for (const out of ['x.txt', 'picture']) {
      const run = await imagine(['a cat', '--out', out], { IMAGE_BACKEND: 'local' }, dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('.png, .jpeg/.jpg or .webp');
      expect(run.stderr).toContain(`"${out}"`);
      expect(await readdir(dir)).not.toContain(out);
    }
  });

  it.each([['--seed', '-1'], ['-s', '-5'], ['--seed=-1']])(
    'shows the seed range for %s %s, not the parser’s "ambiguous"',
    async (...args) => {
      const run = await imagine(['a cat', ...args.filter(Boolean)], { IMAGE_BACKEND: 'local' }, dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/--seed: "-\d" is not valid; use a whole number from 0 to 4294967294/);
      expect(run.stderr).not.toMatch(/ambiguous/i);
    },
  );

  it('explains a connection lost after sending as possibly charged, with exit 1', async () => {
    server.control.failNext('reset-before-headers');
    const run = await imagine(['a cat', '--out', 'reset.png'], stabilityEnv, dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('estimated — may have been charged');
    expect(run.stderr).toMatch(/details: APIConnectionError \[connection\]: \S+ before response headers/);
  });

  it('says which variable to set when there is neither a key nor the local backend', async () => {
    const run = await imagine(['a cat'], {}, dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/STABILITY_API_KEY.*IMAGE_BACKEND=local/);
    expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});

describe('imagine CLI exit codes follow the error table', () => {
  async function runWith(error: StabilityError) {
    const stderr: string[] = [];
    const failing: ImageBackend = {
      name: 'stability',
      run: async () => {
        throw error;
      },
      poll: async () => {
        throw error;
      },
    };
    const code = await runCli(['a cat', '--out', 'never.png'], {
      env: { IMAGE_BACKEND: 'local' },
      stdout: () => undefined,
      stderr: (line) => stderr.push(line),
      createBackend: () => failing,
      writeFile: async () => {
        throw new Error('nothing may be written');
      },
    });
    return { code, stderr: stderr.join('\n') };
  }

  it('exits 2 for a request the client refused before sending (like a bad flag), 1 for the network', async () => {
    const refused = await runWith(new RequestRefusedError(['prompt: cannot be empty']));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'The request was not sent to Stability: prompt: cannot be empty. Nothing was charged.',
    );
    expect(refused.stderr).toContain('details: RequestRefusedError [refused_locally]: refused before sending');
    const unreachable = await runWith(new APIUnreachableError({ causeCode: 'ECONNREFUSED' }));
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('connection refused before sending (ECONNREFUSED)');
  });
});
