import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { testOutputDir } from '../../support/shared-data.ts';
import {
  ProjectSchema,
  emptyProject,
  newClipSettings,
  DEFAULT_SWAP,
} from '../../../src-shared/project/schema.ts';
import {
  adaptedModelDir,
  depthModelFor,
  hasAdaptedModel,
} from '../../../src-main/depthnet/adapted-models.ts';

describe('project setting "depth model: shipped / adapted"', () => {
  it('defaults to shipped, and an older project without the field still loads', () => {
    expect(DEFAULT_SWAP.depthModel).toBe('shipped');
    expect(DEFAULT_SWAP.sourceFrames).toBe('single');
    const p = emptyProject('x');
    const clip = { id: 'c', path: '/c.mov', analysis: null, media: null, ...newClipSettings() };
    const { depthModel: _drop, sourceFrames: _drop2, ...oldSwap } = clip.swap;
    const withSwap = (swap: object) =>
      ProjectSchema.parse({ ...p, clips: [{ ...clip, swap }] }).clips[0]!.swap;
    const parsed = withSwap(oldSwap);
    expect(parsed.depthModel).toBe('shipped');
    expect(parsed.sourceFrames).toBe('single');
    expect(withSwap({ ...clip.swap, depthModel: 'adapted' }).depthModel).toBe('adapted');
    expect(() => withSwap({ ...clip.swap, depthModel: 'other' })).toThrow();
  });

  it("renders use the shipped model, or the source's adapted one (a clear error when it has none)", () => {
    const state = testOutputDir('depth-model-setting');
    rmSync(state, { recursive: true, force: true });
    const source = '/clips/person A.mov';
    expect(depthModelFor('/shipped', state, { depthModel: 'shipped' }, source)).toBe('/shipped');
    expect(() => depthModelFor('/shipped', state, { depthModel: 'adapted' }, source)).toThrow(
      /has no adapted model: run "Adapt to source" first/,
    );
    const dir = adaptedModelDir(state, source);
    expect(path.basename(dir)).toMatch(/^person_A\.mov-[0-9a-f]{12}$/);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'depthnet.json'), '{}');
    expect(hasAdaptedModel(state, source)).toBe(true);
    expect(depthModelFor('/shipped', state, { depthModel: 'adapted' }, source)).toBe(dir);
    expect(adaptedModelDir(state, '/other/person A.mov')).not.toBe(dir);
  });
});
