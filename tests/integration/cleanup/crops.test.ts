// The cleanup's training crops on real footage: with a source clip, domain B also holds the source
// person's real frames (negative frame numbers); the held-out frames survive the crop cache.
import { describe, it, expect } from 'vitest';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { dataPath, hasData, testOutputDir } from '../../support/shared-data.ts';
import { DEFAULT_DEPTHNET_DIR } from '../../../src-main/depthnet/depthnet.ts';
import { buildTrainingCrops, HOLD_OUT } from '../../../src-main/cleanup/training-crops.ts';

const CLIP = 'video/liveportrait/d0.mp4';

describe.skipIf(!hasData(CLIP))('cleanup training crops (real footage)', () => {
  it("adds the source clip's real faces to domain B and keeps the held-out frames with the cache", async () => {
    const out = testOutputDir('cleanup-crops');
    await rm(out, { recursive: true, force: true });
    const inputs = {
      source: dataPath(CLIP),
      target: dataPath(CLIP),
      swap: { colorTransfer: true, poisson: false },
      mirror: 'auto' as const,
      modelDir: DEFAULT_DEPTHNET_DIR,
      stateDir: path.join(out, 'state'),
    };
    const opts = { size: 32, cacheDir: path.join(out, 'crops'), maxCrops: 6 };
    const made = await buildTrainingCrops(inputs, opts);
    expect(made.cached).toBe(false);
    expect(made.a.count).toBeGreaterThan(0);
    const targetFrames = made.b.frames.filter((f) => f >= 0);
    const sourceFrames = made.b.frames.filter((f) => f < 0);
    expect(targetFrames).toEqual(made.a.frames);
    expect(sourceFrames.length).toBeGreaterThan(0);
    expect(sourceFrames.length).toBeLessThanOrEqual(3);
    // Each source crop has a matte (the face) and an image (not blank).
    const one = 32 * 32 * 4;
    const first = made.b.frames.indexOf(sourceFrames[0]!);
    const crop = made.b.data.subarray(first * one, (first + 1) * one);
    let matte = 0;
    for (let p = 3; p < one; p += 4) matte += crop[p]!;
    expect(matte / (32 * 32 * 255)).toBeGreaterThan(0.1);
    expect(made.heldOut.length).toBeGreaterThan(0);
    expect(made.heldOut.every(HOLD_OUT)).toBe(true);

    const again = await buildTrainingCrops(inputs, opts);
    expect(again.cached).toBe(true);
    expect(again.heldOut).toEqual(made.heldOut);
    expect(again.b.frames).toEqual(made.b.frames);
  }, 600_000);
});
