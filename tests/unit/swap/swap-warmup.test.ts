// The worker warm-up swaps synthetic frames only: it runs with any options and channel count and leaves
// the source untouched.
import { describe, expect, it } from 'vitest';
import { mirrorKeypoints } from '../../../src-shared/geometry/mirror.ts';
import { mirrorImage } from '../../../src-main/swap/image.ts';
import { createSwapScratch } from '../../../src-main/swap/scratch.ts';
import { warmUpSwap } from '../../../src-main/swap/swap-warmup.ts';
import { canonicalFace, texture } from './fixtures.ts';

describe('swap warm-up', () => {
  it('runs for RGB and RGBA, with and without Poisson, and does not modify the source', () => {
    const tex = texture(320, 320);
    const face = canonicalFace(180, 160, 170);
    const source = {
      normal: { texture: tex, keypoints: face.xy },
      mirrored: { texture: mirrorImage(tex), keypoints: mirrorKeypoints(face.xy, 320) },
    };
    const before = tex.data.slice();
    warmUpSwap(source, {}, 3, createSwapScratch());
    warmUpSwap(source, { poisson: true, mask: { excludeMouth: true } }, 4, undefined, 2);
    expect(tex.data).toEqual(before);
  });
});
