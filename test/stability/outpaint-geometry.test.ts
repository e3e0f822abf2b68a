import { describe, expect, it } from 'vitest';
import { checkInput } from '../../src/stability/input-limits.js';
import { makeSquarePlan, type OutpaintPlan, panPlan, zoomOutPlan } from '../../src/stability/outpaint-geometry.js';

function expectWithinLimits(plan: OutpaintPlan | undefined): asserts plan is OutpaintPlan {
  expect(plan).toBeDefined();
  if (plan === undefined) return;
  for (const side of [plan.left, plan.right, plan.up, plan.down]) {
    expect(Number.isInteger(side) && side >= 0 && side <= 2000).toBe(true);
  }
  expect(plan.outputWidth).toBe(plan.inputWidth + plan.left + plan.right);
  expect(plan.outputHeight).toBe(plan.inputHeight + plan.up + plan.down);
}

describe('Zoom Out', () => {
  it.each([
    [2, 1024, 1024, { left: 512, right: 512, up: 512, down: 512, outputWidth: 2048, outputHeight: 2048 }],
    [1.5, 1344, 768, { left: 336, right: 336, up: 192, down: 192, outputWidth: 2016, outputHeight: 1152 }],
    [1.5, 1215, 833, { left: 304, right: 304, up: 208, down: 209, outputWidth: 1823, outputHeight: 1250 }],
  ] as const)('%s× grows %ix%i around the image', (factor, width, height, expected) => {
    const plan = zoomOutPlan(width, height, factor);
    expectWithinLimits(plan);
    expect(plan).toMatchObject(expected);
  });

  it('plans on the size the client will send: an input over 9.4 MP is shrunk first', () => {
    const plan = zoomOutPlan(4096, 3072, 1.5);
    const fitted = checkInput('outpaint', 4096, 3072);
    expectWithinLimits(plan);
    expect(fitted.ok && fitted.fitted).toBe(true);
    if (fitted.ok) expect({ w: plan.inputWidth, h: plan.inputHeight }).toEqual({ w: fitted.width, h: fitted.height });
  });

  it('cannot apply when a margin would pass 2000 px, or the input is off-shape or too small', () => {
    expect(zoomOutPlan(4096, 2304, 2)).toBeUndefined();
    expect(zoomOutPlan(3000, 2000, 2)).toMatchObject({ left: 1500, up: 1000 });
    expect(zoomOutPlan(3000, 1000, 1.5)).toBeUndefined();
    expect(zoomOutPlan(60, 60, 2)).toBeUndefined();
  });
});

describe('Make Square', () => {
  it('grows only the short sides', () => {
    expect(makeSquarePlan(1344, 768)).toMatchObject({
      left: 0,
      right: 0,
      up: 288,
      down: 288,
      outputWidth: 1344,
      outputHeight: 1344,
    });
    expect(makeSquarePlan(768, 1345)).toMatchObject({
      left: 288,
      right: 289,
      up: 0,
      down: 0,
      outputWidth: 1345,
      outputHeight: 1345,
    });
  });

  it('cannot apply to a square image', () => {
    expect(makeSquarePlan(1024, 1024)).toBeUndefined();
  });
});

describe('Pan', () => {
  it.each([
    ['left', { left: 672, right: 0, up: 0, down: 0, outputWidth: 2016, outputHeight: 768 }],
    ['right', { left: 0, right: 672, up: 0, down: 0, outputWidth: 2016, outputHeight: 768 }],
    ['up', { left: 0, right: 0, up: 384, down: 0, outputWidth: 1344, outputHeight: 1152 }],
    ['down', { left: 0, right: 0, up: 0, down: 384, outputWidth: 1344, outputHeight: 1152 }],
  ] as const)('%s grows that one side by half the image', (direction, expected) => {
    const plan = panPlan(1344, 768, direction);
    expectWithinLimits(plan);
    expect(plan).toMatchObject(expected);
  });

  it('cannot apply past the 2000 px margin', () => {
    expect(panPlan(3000, 1500, 'left')).toBeDefined();
    expect(panPlan(3000, 1400, 'up')).toMatchObject({ up: 700 });
    expect(panPlan(4100, 2000, 'right')).toBeUndefined();
  });
});
