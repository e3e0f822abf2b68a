import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

const KEY = 'sk-LiveKey0123456789abcdef';
const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.bot-token-value';

describe('createLogger', () => {
  it('writes JSON lines at the configured level', () => {
    const out = sink();
    const logger = createLogger({ level: 'info', secrets: [], pretty: false }, out.stream);
    logger.debug('hidden');
    logger.info({ jobId: 'j1' }, 'job queued');
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 30, jobId: 'j1', msg: 'job queued' });
  });

  it('never lets the API key or bot token reach the output, wherever they appear', () => {
    const out = sink();
    const logger = createLogger({ level: 'trace', secrets: [KEY, TOKEN], pretty: false }, out.stream);
    logger.info({ headers: { authorization: `Bearer ${KEY}` } }, 'request');
    logger.info({ config: { stability: { apiKey: KEY } } }, 'config');
    logger.error({ err: new Error(`Incorrect API key provided: ${KEY}.`) }, 'v1 echoed the key');
    logger.warn(`token was ${TOKEN}`);
    logger.info({ url: `https://x.test/?key=${encodeURIComponent(KEY)}`, nested: { deep: { value: TOKEN } } }, 'urls');
    const text = out.text();
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(TOKEN);
    expect(text).toContain('[redacted]');
    expect(text.trim().split('\n')).toHaveLength(5);
  });

  it('redacts authorization and token fields even when the value is not a known secret', () => {
    const out = sink();
    const logger = createLogger({ level: 'info', secrets: [], pretty: false }, out.stream);
    logger.info({ headers: { authorization: 'Bot something' }, token: 'interaction-token' }, 'call');
    const line = JSON.parse(out.text());
    expect(line.headers.authorization).toBe('[redacted]');
    expect(line.token).toBe('[redacted]');
  });
});
