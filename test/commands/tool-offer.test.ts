import { describe, expect, it } from 'vitest';
import { jobView } from '../../commands/imagine/layout.js';
import { toolOffer } from '../../commands/imagine/tools/offer.js';
import type { Job, JobImage } from '../../src/domain/job.js';

const offered = (width: number, height: number) => {
  const offer = toolOffer({ width, height });
  return {
    region: offer.region,
    recolor: offer.recolor,
    background: offer.background,
    zoom2: offer.zoom2 !== undefined,
    zoom15: offer.zoom15 !== undefined,
    square: offer.square !== undefined,
    pans: Object.keys(offer.pan).sort(),
    upscales: [offer.upscaleFast, offer.upscaleSubtle, offer.upscaleCreative],
  };
};

const ALL_PANS = ['down', 'left', 'right', 'up'];

describe('which tools an image offers', () => {
  it('offers every tool to a generated square image but Make Square, which it already is', () => {
    expect(offered(1024, 1024)).toEqual({
      region: true,
      recolor: true,
      background: true,
      zoom2: true,
      zoom15: true,
      square: false,
      pans: ALL_PANS,
      upscales: [true, true, true],
    });
  });

  it('offers no upscale that would not enlarge: none at 16 MP, no subtle (4 MP) one at 4 MP', () => {
    expect(offered(4096, 4096).upscales).toEqual([false, false, false]);
    expect(offered(2048, 2048).upscales).toEqual([true, false, true]);
  });

  it('shrinks what is over an endpoint’s pixel limit rather than refusing it', () => {
    // 16 MP is over outpaint's and search-and-replace's 9.4 MP and remove-background's 4.2 MP: shrunk, still offered.
    const big = offered(4096, 4096);
    expect([big.region, big.background, big.zoom2, big.pans]).toEqual([true, true, true, ALL_PANS]);
  });

  it('refuses shapes wider than 2.5:1 where the endpoint does, and keeps the tools that take any shape', () => {
    expect(offered(3000, 1000)).toEqual({
      region: false,
      recolor: false,
      background: true,
      zoom2: false,
      zoom15: false,
      square: false,
      pans: [],
      // Fast upscale takes any shape (up to 1536 px a side); conservative has the 2.5:1 rule.
      upscales: [true, false, true],
    });
  });

  it('refuses a margin over 2000 px: a 2.5:1 image at 9.4 MP zooms out 1.5× but not 2×', () => {
    const wide = offered(4850, 1940);
    expect([wide.zoom2, wide.zoom15]).toEqual([false, true]);
    expect(wide.pans).toEqual(['down', 'up']);
  });

  it('offers nothing but the fast upscale to an image under every other endpoint’s 64 px sides', () => {
    expect(offered(60, 60)).toMatchObject({ region: false, background: false, zoom2: false, pans: [] });
    expect(offered(60, 60).upscales).toEqual([true, false, false]);
  });
});

function jobOf(images: JobImage[], kind: Job['kind'] = 'imagine'): Job {
  return {
    id: 'k3f9x2m1q8',
    seq: 1,
    kind,
    state: 'succeeded',
    channelId: '1',
    userId: '2',
    userName: 'alice',
    params: { prompt: 'a fox', model: 'core', count: images.length },
    applicationId: '3',
    interactionId: '4',
    uploadLimit: 10_000_000,
    estimatedCredits: 3,
    chargedCredits: 3,
    createdAt: 0,
    images,
  };
}

const delivered = (index: number, width: number, height: number): JobImage => ({
  index,
  state: 'succeeded',
  credits: 3,
  width,
  height,
});

describe('the layout of a result', () => {
  const sizes = [
    [1024, 1024],
    [1536, 640],
    [640, 1536],
    [4096, 4096],
    [3000, 1000],
    [60, 60],
    [2496, 960],
  ] as const;

  it('stays within 5 rows of 5 buttons with ids under 100 characters, for single images of every shape', () => {
    for (const [width, height] of sizes) {
      const rows = jobView(jobOf([delivered(0, width, height)])).components;
      expect(rows.length, `${width}×${height}`).toBeLessThanOrEqual(5);
      for (const row of rows) {
        expect(row.components.length).toBeLessThanOrEqual(5);
        for (const button of row.components) {
          expect('custom_id' in button && button.custom_id.length <= 100).toBe(true);
        }
      }
    }
  });

  it('keeps the buttons an image of unknown size (a row from before sizes were stored) always had', () => {
    const old = jobView(jobOf([{ index: 0, state: 'succeeded', credits: 3 }]));
    expect(old.components.map((row) => row.components.map((b) => ('label' in b ? b.label : '')))).toEqual([
      ['Vary (Subtle)', 'Vary (Strong)'],
      ['Upscale (Fast)'],
      ['🔄 Reroll', '✏️ Remix', 'ℹ️ Info', '🗑️ Delete'],
    ]);
  });

  it('gives a grid its U, V and Open rows and the job actions, and a 16 MP result no upscale', () => {
    const grid = jobView(jobOf([0, 1, 2, 3].map((i) => delivered(i, 1024, 1024))));
    expect(grid.components.map((row) => row.components.length)).toEqual([4, 4, 4, 4, 4]);
    const labels = (view: ReturnType<typeof jobView>) =>
      view.components.flatMap((row) => row.components.map((b) => ('label' in b ? b.label : '')));
    const upscaled = jobView(jobOf([delivered(0, 4096, 4096)], 'upscale-creative'));
    expect(labels(upscaled).filter((label) => label?.startsWith('Upscale'))).toEqual([]);
    // An upscale result is no prompt to reroll: no 🔄 or ✏️, as for the fast upscale.
    expect(labels(upscaled).slice(-2)).toEqual(['ℹ️ Info', '🗑️ Delete']);
    expect(upscaled.nextSteps).not.toMatch(/🔄|Upscale/);
  });
});
