/**
 * Prints `rss-MiB sharp-import-ms` for a fresh process after importing the bot's Stability path (and, with
 * `--with-sharp`, sharp too). Run by bench/image-overhead.ts, so nothing else is loaded.
 */
await import('../src/images/stability-backend.js');
await import('../src/stability/client.js');
await import('../src/images/upload.js');
let sharpMs = 0;
if (process.argv.includes('--with-sharp')) {
  const started = performance.now();
  await import('sharp');
  sharpMs = performance.now() - started;
}
console.log(`${Math.round(process.memoryUsage().rss / 1_048_576)} ${sharpMs.toFixed(1)}`);
