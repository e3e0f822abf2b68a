import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotEnv, startBotEnv } from '../helpers/bot.js';
import {
  buttonIds,
  buttonLabels,
  clickDone,
  done,
  fieldsOf,
  imageCalls,
  imageSize,
  imagineResult,
  jobIdOf,
} from '../helpers/components.js';
import { command } from '../helpers/moderation.js';

let env: BotEnv | undefined;
afterEach(async () => {
  if (env) expectNoViolations(env.emulator);
  await env?.close();
  env = undefined;
});

/** `extra` pixels over two sides, the odd one to the second: what Zoom Out and Make Square must send. */
const split = (extra: number) => [Math.floor(extra / 2), extra - Math.floor(extra / 2)] as const;

type Margins = { left: number; right: number; up: number; down: number };

/** The margins each outpaint button must send for a `w`×`h` image, worked out here independently of the bot. */
function expectedMargins(w: number, h: number): Record<string, Margins> {
  const zoom = (factor: number) => {
    const [left, right] = split(Math.round(w * factor) - w);
    const [up, down] = split(Math.round(h * factor) - h);
    return { left, right, up, down };
  };
  const none = { left: 0, right: 0, up: 0, down: 0 };
  const [up, down] = split(w - h);
  return {
    'zoom-out-2': zoom(2),
    'zoom-out-1.5': zoom(1.5),
    'make-square': { ...none, up, down },
    'pan-left': { ...none, left: Math.round(w / 2) },
    'pan-right': { ...none, right: Math.round(w / 2) },
    'pan-up': { ...none, up: Math.round(h / 2) },
    'pan-down': { ...none, down: Math.round(h / 2) },
  };
}

describe('the editing tools under a single image', () => {
  it('zooms out, makes square and pans by outpainting margins computed from the real size, each into a new message with tools of its own', async () => {
    env = await startBotEnv({ backend: 'stability' });
    const source = await imagineResult(env, { aspect_ratio: '16:9', style: 'anime' });
    const sourceId = jobIdOf(source);
    const { width, height } = await imageSize(source);
    expect(width).toBeGreaterThan(height);
    expect(buttonLabels(source)[1]).toEqual(['🔍 Zoom Out 2×', '🔍 Zoom Out 1.5×', '⬜ Make Square']);
    expect(fieldsOf(source)['Next steps']).toContain('Zoom/Square/Pan 4 credits');

    for (const [action, margins] of Object.entries(expectedMargins(width, height))) {
      const message = await clickDone(env, 'alice', source, `v1:${action}:${sourceId}:0`);
      expect(message.data.content, action).toMatch(/^✅/);
      expect(message.id).not.toBe(source.id);
      const request = imageCalls(env).at(-1);
      expect(request?.path).toBe('/v2beta/stable-image/edit/outpaint');
      // Only the growing sides are sent; the prompt and the member's style go along, nothing else.
      const sides = Object.fromEntries(
        Object.entries(margins)
          .filter(([, pixels]) => pixels > 0)
          .map(([side, pixels]) => [side, String(pixels)]),
      );
      expect(request?.fields, action).toEqual({ prompt: 'a fox in the snow', style_preset: 'anime', ...sides });
      for (const pixels of Object.values(margins)) expect(pixels).toBeLessThanOrEqual(2000);
      const out = { width: width + margins.left + margins.right, height: height + margins.up + margins.down };
      expect(await imageSize(message), action).toEqual(out);
      const fields = fieldsOf(message);
      expect(fields.From).toContain(sourceId);
      expect(fields.Canvas).toContain(`${width}×${height} → ${out.width}×${out.height}`);
      expect(fields.Credits).toBe('4 credits');
      expect(fields.Model).toBe('Outpaint');
      // Its own tools, on its own job; those whose endpoint refuses wider than 2.5:1 are not offered on such a result.
      const own = jobIdOf(message);
      expect(buttonIds(message)).toContain(`v1:vary-subtle:${own}:0`);
      expect(buttonIds(message).some((id) => id.includes(sourceId))).toBe(false);
      const wide = out.width / out.height > 2.5;
      expect(buttonIds(message).includes(`v1:vary-region:${own}:0`), action).toBe(!wide);
      expect(buttonIds(message).includes(`v1:zoom-out-2:${own}:0`), action).toBe(!wide);
    }
    // One generation and one outpaint per button: nothing retried, nothing sent twice.
    expect(imageCalls(env)).toHaveLength(8);
    expect(env.stability!.duplicates()).toEqual({});
    expect(env.stability!.invalidRequests()).toEqual([]);
  });

  it('opens one image of a grid alone with every tool and no Stability call; its tools act on that image, and /show revives them', async () => {
    env = await startBotEnv({ backend: 'stability' });
    const grid = await imagineResult(env, { count: 4 });
    const gridId = jobIdOf(grid);
    expect(buttonLabels(grid)[3]).toEqual(['Open 1', 'Open 2', 'Open 3', 'Open 4']);
    expect(fieldsOf(grid)['Next steps']).toContain('Open free');

    const opened = await env.emulator.clickButton('bob', grid, `v1:open:${gridId}:2`).reply();
    expect(imageCalls(env)).toHaveLength(4);
    expect(opened.id).not.toBe(grid.id);
    expect(opened.files).toHaveLength(1);
    expect(Buffer.from(opened.files[0]!.bytes).equals(Buffer.from(grid.files[2]!.bytes))).toBe(true);
    const labels = buttonLabels(opened);
    expect(labels).toHaveLength(5);
    expect(labels[0]).toEqual(['Vary (Subtle)', 'Vary (Strong)', 'Vary (Region)', 'Recolor', 'Remove background']);
    expect(labels[3]).toEqual(['Upscale (Fast)', 'Upscale (Subtle)', 'Upscale (Creative)']);
    for (const id of buttonIds(opened)) expect(id).toMatch(new RegExp(`^v1:[a-z0-9.-]+:${gridId}(:2)?$`));
    expect(opened.data.embeds[0]?.title).toBe('Imagine · image #3');
    expect(fieldsOf(opened).Credits).toBe('3 credits');
    expect(fieldsOf(opened)['Next steps']).toMatch(
      /Region\/Recolor\/Background 5 credits · Zoom\/Square\/Pan 4 credits · Upscale fast 2 credits · Upscale subtle 40 credits · Upscale creative 60 credits/,
    );

    // Remove background from the opened image: a PNG with transparency, linked to image #3 of the grid.
    const cut = await clickDone(env, 'bob', opened, `v1:remove-background:${gridId}:2`);
    const request = imageCalls(env).at(-1);
    expect(request?.path).toBe('/v2beta/stable-image/edit/remove-background');
    expect(request?.fields).toEqual({});
    const meta = await sharp(cut.files[0]!.bytes).metadata();
    expect(meta.format).toBe('png');
    expect(meta.hasAlpha).toBe(true);
    expect(fieldsOf(cut).From).toContain('image #3');
    expect(fieldsOf(cut).Credits).toBe('5 credits');

    // /show brings the grid back with its Open row, and a tool result with its tools, which still work there.
    const shown = await command(env, 'mod', 'show', { job: gridId });
    expect(buttonLabels(shown)[3]).toEqual(['Open 1', 'Open 2', 'Open 3', 'Open 4']);
    const shownCut = await command(env, 'mod', 'show', { job: jobIdOf(cut) });
    const cutId = jobIdOf(cut);
    expect(buttonIds(shownCut)).toContain(`v1:zoom-out-2:${cutId}:0`);
    const zoomed = await clickDone(env, 'mod', shownCut, `v1:zoom-out-2:${cutId}:0`);
    expect(zoomed.data.content).toMatch(/^✅/);
    expect(env.stability!.invalidRequests()).toEqual([]);
  });

  it('varies a region and recolours by words through a form, refusing empty fields and blocked words', async () => {
    env = await startBotEnv({ backend: 'stability' });
    const source = await imagineResult(env, { negative_prompt: 'blur' });
    const id = jobIdOf(source);

    const click = env.emulator.clickButton('alice', source, `v1:vary-region:${id}:0`);
    const modal = await click.modal();
    expect(modal.custom_id).toBe(`v1:vary-region-submit:${id}:0`);
    const inputs = modal.components.flatMap((row) => ('components' in row ? row.components : []));
    expect(inputs.map((c) => ('label' in c ? c.label : ''))).toEqual(['What to change', 'Change it into']);

    const empty = env.emulator.submitModal('alice', click, modal.custom_id, { find: 'the fox', into: '\u200b ' });
    const refusal = await empty.reply();
    expect(refusal.visibleTo).toBe(env.emulator.users.alice.id);
    expect(refusal.data.content).toBe('**Change it into** is empty: it has nothing visible in it.');
    expect(imageCalls(env)).toHaveLength(1);

    // Discord enforces the form's lengths; a modified client does not, and the bot refuses what is over them.
    const forged = env.emulator.clickButton('alice', source, `v1:vary-region:${id}:0`);
    await forged.modal();
    const long = await env.emulator
      .submitModal('alice', forged, modal.custom_id, { find: 'x'.repeat(501), into: 'a cat' }, { unchecked: true })
      .reply();
    expect(long.data.content).toBe('**What to change** is limited to 500 characters.');
    expect(imageCalls(env)).toHaveLength(1);

    const retry = env.emulator.clickButton('alice', source, `v1:vary-region:${id}:0`);
    await retry.modal();
    const submit = env.emulator.submitModal('alice', retry, modal.custom_id, { find: 'the fox', into: 'a white wolf' });
    const replaced = await submit.reply({ until: done });
    expect(imageCalls(env).at(-1)?.path).toBe('/v2beta/stable-image/edit/search-and-replace');
    expect(imageCalls(env).at(-1)?.fields).toEqual({
      search_prompt: 'the fox',
      prompt: 'a white wolf',
      negative_prompt: 'blur',
    });
    expect(replaced.data.embeds[0]?.title).toBe('Vary (Region)');
    expect(fieldsOf(replaced)).toMatchObject({ 'What to change': 'the fox', 'Changed into': 'a white wolf' });
    // The scene's prompt stays the job's prompt, so the next tool (say Zoom Out) still describes the whole image.
    expect(replaced.data.embeds[0]?.description).toBe('a fox in the snow');

    const recolor = env.emulator.clickButton('alice', replaced, `v1:recolor:${jobIdOf(replaced)}:0`);
    const form = await recolor.modal();
    const recolored = await env.emulator
      .submitModal('alice', recolor, form.custom_id, { find: 'the wolf', into: 'deep red' })
      .reply({ until: done });
    expect(imageCalls(env).at(-1)?.path).toBe('/v2beta/stable-image/edit/search-and-recolor');
    expect(imageCalls(env).at(-1)?.fields).toEqual({
      select_prompt: 'the wolf',
      prompt: 'deep red',
      negative_prompt: 'blur',
    });
    expect(fieldsOf(recolored)).toMatchObject({ 'What to recolor': 'the wolf', 'New colour': 'deep red' });

    // The server's blocklist applies to what the form asks for, too.
    await command(env, 'mod', 'blocklist', { term: 'dragon' }, 'add');
    const again = env.emulator.clickButton('alice', source, `v1:vary-region:${id}:0`);
    const blocked = await env.emulator
      .submitModal('alice', again, (await again.modal()).custom_id, { find: 'the fox', into: 'a red dragon' })
      .reply();
    expect(blocked.visibleTo).toBe(env.emulator.users.alice.id);
    expect(blocked.data.content).toMatch(/^🚫 This prompt contains something this server does not allow/);
    expect(imageCalls(env)).toHaveLength(3);
    expect(env.stability!.invalidRequests()).toEqual([]);
  });
});
