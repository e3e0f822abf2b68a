import { type Dispatcher, request } from 'undici';

/** Largest attachment we fetch back from Discord (its own upload limit tops out at 500 MiB; ours never exceed 25). */
const MAX_BYTES = 50 * 1024 * 1024;

/** Fetches a Discord attachment's bytes (to recover an evicted source image). */
export async function downloadAttachment(url: string, timeoutMs: number, dispatcher?: Dispatcher): Promise<Uint8Array> {
  const response = await request(url, {
    method: 'GET',
    signal: AbortSignal.timeout(timeoutMs),
    ...(dispatcher ? { dispatcher } : {}),
  });
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new Error(`attachment download failed with HTTP ${response.statusCode}`);
  }
  const bytes = new Uint8Array(await response.body.arrayBuffer());
  if (bytes.byteLength > MAX_BYTES) throw new Error('attachment larger than expected');
  return bytes;
}
