/**
 * Run by lazy-sharp.test.ts in a fresh process: imports the bot's answer → upload path, parses an answer and prepares
 * its upload, then prints whether libvips (sharp's native library) got loaded. With `--resize` it also fits an input.
 */
import { createStabilityBackend } from '../../src/images/stability-backend.js';
import { reencodeForUpload } from '../../src/images/upload.js';
import { createStabilityClient } from '../../src/stability/client.js';
import { prepareInputs } from '../../src/stability/inputs.js';
import { imageResultFrom } from '../../src/stability/response.js';

// A valid 1x1 PNG: enough for the header parser.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
createStabilityBackend(createStabilityClient({ apiKey: 'sk-probe', timeoutMs: 1000 }));
const headers = new Map([['content-type', 'image/png']]);
const result = imageResultFrom(
  { status: 200, headers: { get: (n) => headers.get(n) ?? null }, bytes: PNG },
  3,
  'sk-probe',
);
await reencodeForUpload(result.bytes, result.mime, 10 * 1024 * 1024);
await prepareInputs({ kind: 'outpaint', image: new Uint8Array(await bigPng()), left: 10 }).catch(() => undefined);

async function bigPng(): Promise<Uint8Array> {
  if (!process.argv.includes('--resize')) return PNG;
  const { default: sharp } = await import('sharp');
  return sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#000' } })
    .png()
    .toBuffer();
}

const report = process.report.getReport() as unknown as { sharedObjects: string[] };
console.log(JSON.stringify({ libvips: report.sharedObjects.some((path) => /vips/i.test(path)) }));
