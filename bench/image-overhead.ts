/**
 * Hot-path benchmark (not a test: it prints figures and asserts nothing).
 *
 *   npx tsx bench/image-overhead.ts [--iterations 300]
 *
 * Measures the bot's own work between "Stability's answer has arrived" (status, headers and body bytes in memory) and
 * "the upload to Discord can start": parsing the answer into an `ImageResult` (format and size from the header) and
 * `reencodeForUpload` for an image that already fits the upload limit. The picture is a 1.5-megapixel PNG the local
 * backend drew (Core's 16:9 size), so it compresses like a real one. For comparison it also times the decode-based
 * size read this replaced, and the start-up memory of the client with and without sharp loaded.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { reencodeForUpload } from '../src/images/upload.js';
import { imageResultFrom, type RawResponse } from '../src/stability/response.js';

const { values } = parseArgs({ options: { iterations: { type: 'string', default: '300' } } });
const iterations = Number(values.iterations);
const UPLOAD_LIMIT = 10 * 1024 * 1024;

function summary(label: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
  const fmt = (ms: number) => `${ms.toFixed(3)} ms`;
  console.log(
    `${label.padEnd(44)} median ${fmt(at(0.5))}  p95 ${fmt(at(0.95))}  max ${fmt(at(1))}  (n=${sorted.length})`,
  );
}

/** A 1664x960 (Core 16:9, 1.5 MP) PNG with gradients and seeded grain, so it weighs what a photo-like PNG does. */
async function answerPng(): Promise<Uint8Array> {
  const { default: sharp } = await import('sharp');
  const width = 1664;
  const height = 960;
  const data = Buffer.alloc(width * height * 3);
  let state = 7;
  for (let i = 0; i < width * height; i += 1) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    const grain = (state >>> 24) % 24;
    const x = i % width;
    const y = Math.floor(i / width);
    data[i * 3] = (x * 255) / width / 1.2 + grain;
    data[i * 3 + 1] = (y * 255) / height / 1.2 + grain;
    data[i * 3 + 2] = 120 + grain;
  }
  return new Uint8Array(
    await sharp(data, { raw: { width, height, channels: 3 } })
      .png()
      .toBuffer(),
  );
}

const drawn = { bytes: await answerPng(), width: 1664, height: 960 };
const body = drawn.bytes;
const headers = new Map([
  ['content-type', 'image/png'],
  ['finish-reason', 'SUCCESS'],
  ['seed', '7'],
  ['x-request-id', 'bench'],
]);
const raw: RawResponse = { status: 200, headers: { get: (name) => headers.get(name) ?? null }, bytes: body };
console.log(
  `answer: ${drawn.width}x${drawn.height} PNG, ${(body.length / 1024 / 1024).toFixed(2)} MiB (fits the ${UPLOAD_LIMIT / 1024 / 1024} MiB upload limit)`,
);

async function hotPath(): Promise<number> {
  const started = performance.now();
  const result = imageResultFrom(raw, 3, 'sk-bench');
  const upload = await reencodeForUpload(result.bytes, result.mime, UPLOAD_LIMIT);
  const elapsed = performance.now() - started;
  if (upload.reencoded || result.width !== drawn.width) throw new Error('bench image must pass through untouched');
  return elapsed;
}

for (let i = 0; i < 20; i += 1) await hotPath();
const samples: number[] = [];
for (let i = 0; i < iterations; i += 1) samples.push(await hotPath());
summary('answer → upload-ready (header parse, no decode)', samples);

const { default: sharp } = await import('sharp');
const decodeSamples: number[] = [];
for (let i = 0; i < Math.min(iterations, 100); i += 1) {
  const started = performance.now();
  await sharp(body).metadata();
  decodeSamples.push(performance.now() - started);
}
summary('for comparison: size via sharp metadata', decodeSamples);

// Start-up memory in fresh processes: the client path alone, then with sharp (which it no longer loads eagerly).
const root = join(import.meta.dirname, '..');
const probe = (withSharp: boolean) =>
  execFileSync(
    join(root, 'node_modules/.bin/tsx'),
    [join(root, 'bench/probe-memory.ts'), ...(withSharp ? ['--with-sharp'] : [])],
    { cwd: root, encoding: 'utf8' },
  ).trim();
const [without] = probe(false).split(' ');
const [withSharp, importMs] = probe(true).split(' ');
console.log(`RSS after importing the Stability client path: ${without} MiB; with sharp loaded too: ${withSharp} MiB`);
console.log(`a first import of sharp costs ${importMs} ms, paid only by calls that resize`);
