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

describe('interaction tokens', () => {
  // A token as Discord mints them: base64 of "interaction:<id>:" and random text, percent-encoded in paths.
  const interactionToken =
    'aW50ZXJhY3Rpb246MTU3NzQ2MDY3NjY2ODk0ODQ4MDpkY3N4SkVMaXBsNDFGU29N%3AW3igtTEXE3IQ52uNdbjz6tR1';

  it('are cut out of webhook and callback URLs wherever a log line carries them', () => {
    const out = sink();
    const logger = createLogger({ level: 'info', secrets: [], pretty: false }, out.stream);
    const edit = `https://discord.com/api/v10/webhooks/1577459910419939328/${interactionToken}/messages/@original`;
    const callback = `/interactions/1577460676668948480/${interactionToken}/callback`;
    const error = Object.assign(new Error(`Unknown Webhook on PATCH ${edit}`), { url: edit, method: 'PATCH' });
    logger.warn({ err: error, jobId: 'j1' }, 'could not show job on Discord');
    logger.info({ route: callback }, `answered ${callback}`);
    logger.info({ job: { interactionToken: 'plain-token-value-1234567890' } }, 'nested field');
    const text = out.text();
    expect(text).not.toContain(interactionToken);
    expect(text).not.toContain(decodeURIComponent(interactionToken));
    expect(text).not.toContain('plain-token-value');
    // What the operator needs stays: the route and the application and interaction ids.
    expect(text).toContain('/webhooks/1577459910419939328/[redacted]/messages/@original');
    expect(text).toContain('/interactions/1577460676668948480/[redacted]/callback');
  });
});
