import { Writable } from 'node:stream';
import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageSnapshot } from '../src/event-stream.js';
import type { MessageView } from '../src/message-view.js';
import { type Playground, startPlayground } from '../src/start-playground.js';

interface StreamEvent {
  event: string;
  data: unknown;
}

/** A server-sent-events reader over fetch: collects events and waits for one that matches, without polling. */
function openStream(url: string) {
  const events: StreamEvent[] = [];
  const waiters = new Set<() => void>();
  const abort = new AbortController();
  const done = (async () => {
    const response = await fetch(url, { signal: abort.signal });
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
        for (const wake of [...waiters]) wake();
        end = buffer.indexOf('\n\n');
      }
    }
  })().catch(() => undefined);
  return {
    events,
    next<T>(event: string, match: (data: T) => boolean = () => true, timeoutMs = 4_000): Promise<T> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find((e) => e.event === event && match(e.data as T));
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found.data as T);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no "${event}" event matched; got: ${events.map((e) => e.event).join(', ')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      abort.abort();
      await done;
    },
  };
}

async function post(playground: Playground, action: string, body: unknown, type = 'application/json') {
  const response = await fetch(`${playground.url}playground/api/${action}`, {
    method: 'POST',
    headers: { 'content-type': type },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const contentOf = (view: MessageView) => view.data.content;

/** The custom_id of the button with this label, wherever it sits in a message's components. */
function customIdOf(components: unknown, label: string): string {
  const walk = (node: unknown): string | undefined => {
    if (Array.isArray(node)) return node.map(walk).find(Boolean);
    if (typeof node !== 'object' || node === null) return undefined;
    const record = node as Record<string, unknown>;
    if (record.label === label && typeof record.custom_id === 'string') return record.custom_id;
    return walk(record.components);
  };
  const found = walk(components);
  if (!found) throw new Error(`no button labelled ${label}`);
  return found;
}

describe('the playground page API', () => {
  let playground: Playground;

  beforeAll(async () => {
    const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
    playground = await startPlayground({
      // Creative upscales are polled every 50 ms rather than Stability's 10 s, so the tools test need not wait.
      env: { LOCAL_BACKEND_LATENCY_MS: '0', LOG_LEVEL: 'warn', STABILITY_POLL_INTERVAL_MS: '50' },
      logDestination: quiet,
    });
  }, 30_000);

  afterAll(async () => {
    await playground?.stop();
  });

  it('serves the page and its files from the emulator, without counting them as bot mistakes', async () => {
    const page = await fetch(playground.url);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('/playground/assets/main.js');
    const script = await fetch(`${playground.url}playground/assets/main.js`);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect((await fetch(`${playground.url}playground/assets/..%2Fpage-handler.ts`)).status).toBe(404);
    expect((await fetch(`${playground.url}favicon.ico`)).headers.get('content-type')).toBe('image/svg+xml');
    expect((await fetch(`${playground.url}playground/api/nothing`)).status).toBe(405);
    expectNoViolations(playground.emulator);
  });

  it("serves Discord's Twemoji images and parser from node_modules, never from a CDN", async () => {
    const reroll = await fetch(`${playground.url}playground/emoji/1f504.svg`);
    expect(reroll.status).toBe(200);
    expect(reroll.headers.get('content-type')).toBe('image/svg+xml');
    expect(await reroll.text()).toMatch(/^<svg/);
    const zwj = await fetch(`${playground.url}playground/emoji/1f468-200d-1f3a8.svg`);
    expect(zwj.status).toBe(200);
    for (const name of ['nope.svg', '..%2F..%2Fpackage.json', '1f504.png', 'ffffff.svg']) {
      expect((await fetch(`${playground.url}playground/emoji/${name}`)).status).toBe(404);
    }
    const parser = await fetch(`${playground.url}playground/vendor/twemoji.js`);
    expect(parser.headers.get('content-type')).toContain('text/javascript');
    const source = await parser.text();
    expect(source).toContain('export default twemoji');
    // The page's own copy must not point the browser at a CDN.
    const emoji = await (await fetch(`${playground.url}playground/assets/emoji.js`)).text();
    expect(emoji).toContain('/playground/emoji/');
    expectNoViolations(playground.emulator);
  });

  it('gives each user the channels and commands Discord would show them', async () => {
    const { emulator } = playground;
    const snapshotOf = async (user: string) =>
      (await (await fetch(`${playground.url}playground/api/snapshot?user=${user}`)).json()) as PageSnapshot;
    const alice = await snapshotOf('alice');
    const guild = alice.world.guilds[0]!;
    expect(guild.channels.map((c) => [c.name, c.nsfw])).toEqual([
      ['general', false],
      ['art', false],
      ['nsfw-art', true],
    ]);
    const imagine = guild.commands.find((c) => c.name === 'imagine');
    expect(imagine?.options?.map((o) => o.name)).toContain('aspect_ratio');
    expect(alice.world.users.filter((u) => !u.bot).map((u) => u.key)).toEqual(['alice', 'bob', 'mod', 'owner']);
    expect(alice.faults.enabled).toBe(true);
    expect(alice.backend).toBe('local');
    const mod = await snapshotOf(emulator.users.mod.id);
    expect(mod.world.guilds[0]!.channels.map((c) => c.name)).toContain('mod-log');
    expect((await fetch(`${playground.url}playground/api/snapshot?user=nobody`)).status).toBe(404);
  });

  it('turns page actions into interactions and streams each user only what they may see', async () => {
    const { emulator } = playground;
    const general = emulator.channels.general.id;
    const alice = openStream(`${playground.url}playground/api/events?user=alice`);
    const bob = openStream(`${playground.url}playground/api/events?user=bob`);
    try {
      await Promise.all([alice.next('snapshot'), bob.next('snapshot')]);

      const refused = await post(playground, 'command', {
        user: 'alice',
        channel: general,
        name: 'imagine',
        options: {},
      });
      expect(refused).toEqual({ status: 400, body: { error: 'option "prompt" is required' } });
      expect((await post(playground, 'command', {}, 'text/plain')).status).toBe(415);

      const sent = await post(playground, 'command', {
        user: 'alice',
        channel: general,
        name: 'imagine',
        options: { prompt: 'a paper boat', aspect_ratio: '3:2', count: 1 },
      });
      expect(sent.status).toBe(200);
      const interactionId = String(sent.body.interactionId);
      expect(emulator.interactions().find((i) => i.id === interactionId)?.type).toBe(2);
      await alice.next<{ interactionId: string; callbackType: number }>(
        'interaction',
        // One callback acknowledges the job: a reply (type 4) that already shows its place in the queue.
        (e) => e.interactionId === interactionId && e.callbackType === 4,
      );
      const done = (view: MessageView) =>
        view.invocation?.interactionId === interactionId && contentOf(view).startsWith('✅');
      const result = await alice.next<MessageView>('message', done);
      await bob.next<MessageView>('message', done);
      expect(result.invocation).toMatchObject({ type: 2, label: '/imagine' });
      expect(result.data.attachments[0]?.url).toMatch(/^\/attachments\//);
      expect((await fetch(`${playground.url.replace(/\/$/, '')}${result.data.attachments[0]?.url}`)).status).toBe(200);
      await alice.next('queue', (q: { counts: Record<string, number> }) => q.counts.succeeded === 1);

      const clicked = await post(playground, 'button', {
        user: 'alice',
        message: result.id,
        customId: customIdOf(result.data.components, 'ℹ️ Info'),
      });
      const ephemeral = await alice.next<MessageView>(
        'message',
        (view) => view.invocation?.interactionId === clicked.body.interactionId,
      );
      expect(ephemeral).toMatchObject({ ephemeral: true, visibleTo: emulator.users.alice.id });
      expect(ephemeral.invocation?.label).toBe('ℹ️ Info');
      // Bob's stream never carries Alice's ephemeral nor her interaction callbacks.
      await post(playground, 'clock', { ms: 15 * 60_000 });
      await bob.next('clock');
      expect(bob.events.some((e) => e.event === 'message' && (e.data as MessageView).id === ephemeral.id)).toBe(false);
      expect(bob.events.some((e) => e.event === 'interaction')).toBe(false);
      const clock = await alice.next<{ offsetMs: number }>('clock');
      expect(clock.offsetMs).toBeGreaterThanOrEqual(15 * 60_000 - 1_000);

      expect((await post(playground, 'faults', { kind: 'nope' })).status).toBe(400);
      const fault = await post(playground, 'faults', { kind: 'content-filtered', times: 1 });
      expect(fault.body).toEqual({ kind: 'content-filtered', remaining: 1 });
      await bob.next('faults', (f: { state: { kind: string } }) => f.state.kind === 'content-filtered');
      expect(playground.faults.get().kind).toBe('content-filtered');
      playground.faults.clear();
      expectNoViolations(emulator);
    } finally {
      await Promise.all([alice.close(), bob.close()]);
    }
  });

  it('shows every tool under a single image and runs each one clicked on the page, forms included', async () => {
    const { emulator } = playground;
    const general = emulator.channels.general.id;
    const alice = openStream(`${playground.url}playground/api/events?user=alice`);
    try {
      await alice.next('snapshot');
      const sent = await post(playground, 'command', {
        user: 'alice',
        channel: general,
        name: 'imagine',
        options: { prompt: 'a lighthouse', aspect_ratio: '16:9', count: 1 },
      });
      const finished = (interactionId: unknown) => (view: MessageView) =>
        view.invocation?.interactionId === interactionId && /^(✅|❌)/.test(contentOf(view));
      const source = await alice.next<MessageView>('message', finished(sent.body.interactionId), 10_000);
      const rows = (source.data.components ?? []).map((row) =>
        'components' in row ? row.components.map((c) => ('label' in c ? (c.label ?? '') : '')) : [],
      );
      // Every tool row but the last (🔄 ✏️ ℹ️ 🗑️); the two forms are filled in below.
      const tools = rows.slice(0, -1).flat();
      expect(tools).toEqual([
        'Vary (Subtle)',
        'Vary (Strong)',
        'Vary (Region)',
        'Recolor',
        'Remove background',
        '🔍 Zoom Out 2×',
        '🔍 Zoom Out 1.5×',
        '⬜ Make Square',
        '⬅️',
        '➡️',
        '⬆️',
        '⬇️',
        'Upscale (Fast)',
        'Upscale (Subtle)',
        'Upscale (Creative)',
      ]);
      const forms: Record<string, Record<string, string>> = {
        'Vary (Region)': { find: 'the lighthouse', into: 'a windmill' },
        Recolor: { find: 'the sky', into: 'purple' },
      };
      // Spread over members, so no one's queue limit refuses a click.
      const users = ['alice', 'bob', 'mod', 'owner'];
      const clicks = await Promise.all(
        tools.map(async (label, i) => {
          const user = label in forms ? 'alice' : (users[i % users.length] ?? 'alice');
          const customId = customIdOf(source.data.components, label);
          const clicked = await post(playground, 'button', { user, message: source.id, customId });
          const form = forms[label];
          if (!form) return { label, interactionId: clicked.body.interactionId };
          const opened = await alice.next<{
            interactionId: string;
            callbackType: number;
            modal: { custom_id: string };
          }>('interaction', (e) => e.interactionId === clicked.body.interactionId && e.callbackType === 9);
          const submitted = await post(playground, 'modal', {
            user,
            interaction: clicked.body.interactionId,
            customId: opened.modal.custom_id,
            values: form,
          });
          return { label, interactionId: submitted.body.interactionId };
        }),
      );
      for (const { label, interactionId } of clicks) {
        const result = await alice.next<MessageView>('message', finished(interactionId), 20_000);
        expect(contentOf(result), label).toMatch(/^✅/);
        expect(result.data.attachments, label).toHaveLength(1);
      }
      expectNoViolations(emulator);
    } finally {
      await alice.close();
    }
  }, 60_000);
});
