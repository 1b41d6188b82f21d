// End to end on real data: lin-manuel-miranda.png onto s18.mp4 (ProRes 4444, matte in alpha) and onto
// short_hamilton_clip.mp4 (H.264). Needs the shared data and a DepthNet model: the shipped one in
// resources/models/depthnet, or DEPTHSWAP_DEPTHNET_DIR (e.g. one trained with `depthswap depthnet train`).
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPath, hasData, REPO_ROOT, testOutputDir } from '../../support/shared-data.ts';
import { swapClip } from '../../../src-main/swap/swap-clip.ts';
import { probe } from '../../../src-main/media/probe.ts';
import { readFrames } from '../../../src-main/media/frame-reader.ts';
import { createFaceAnalyzer, type FaceAnalyzer } from '../../../src-main/analysis/face-analyzer.ts';

const MODEL_DIR =
  process.env['DEPTHSWAP_DEPTHNET_DIR'] ?? path.join(REPO_ROOT, 'resources', 'models', 'depthnet');
const hasModel = existsSync(path.join(MODEL_DIR, 'depthnet.json'));
if (!hasModel) console.warn(`skipped: no DepthNet model in ${MODEL_DIR} (set DEPTHSWAP_DEPTHNET_DIR)`);
const SOURCE = 'faces/face_recognition/lin-manuel-miranda.png';
const S18 = 'video/liveportrait/s18.mp4';
const HAMILTON = 'video/face_recognition/short_hamilton_clip.mp4';
const ready = hasModel && hasData(SOURCE, S18, HAMILTON);

/** Mean keypoint distance over the inter-ocular distance (outer eye corners). */
function nme(a: [number, number][], b: [number, number][]): number {
  const iod = Math.hypot(b[36]![0] - b[45]![0], b[36]![1] - b[45]![1]);
  return a.reduce((s, p, i) => s + Math.hypot(p[0] - b[i]![0], p[1] - b[i]![1]), 0) / a.length / iod;
}

describe.skipIf(!ready)('depthswap swap end to end', () => {
  const out = testOutputDir('swap');
  let analyzer: FaceAnalyzer;
  beforeAll(async () => {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    analyzer = await createFaceAnalyzer();
  });
  afterAll(() => analyzer?.dispose());

  for (const [clip, format, frames] of [
    [S18, 'prores-4444', { start: 60, end: 75 }],
    [HAMILTON, 'h264', { start: 0, end: 15 }],
  ] as const) {
    it(`${path.basename(clip)} -> ${format}: frames, rate, timecode, audio kept; pose and expression kept`, async () => {
      const target = dataPath(clip);
      const file = path.join(out, `${path.basename(clip, '.mp4')}${format === 'h264' ? '.mp4' : '.mov'}`);
      const summary = await swapClip({
        source: dataPath(SOURCE),
        target,
        out: file,
        format,
        range: frames,
        modelDir: MODEL_DIR,
        analyzer,
        overwrite: true,
      });
      console.log(`${path.basename(clip)}: ${JSON.stringify(summary)}`);
      expect(summary.frames).toBe(frames.end - frames.start);
      expect(summary.framesSwapped).toBeGreaterThan(0);
      const inInfo = await probe(target);
      const outInfo = await probe(file);
      expect(outInfo.frameCount).toBe(frames.end - frames.start);
      expect(outInfo.frameRate).toEqual(inInfo.frameRate);
      expect(outInfo.audio.length).toBe(inInfo.audio.length);
      if (format === 'prores-4444') expect(outInfo.videoProfile ?? '').toMatch(/4444/);
      // Every frame decodes; keypoints on the output face stay near the target's (pose and expression kept).
      const targetFaces = new Map<number, [number, number][][]>();
      for await (const f of readFrames(target, { range: frames, pixelFormat: 'rgb24' })) {
        if ((f.index - frames.start) % 3 !== 0) continue;
        const faces = await analyzer.detectImage(f);
        targetFaces.set(
          f.index - frames.start,
          faces.map((face) => face.keypoints as [number, number][]),
        );
      }
      const centre = (k: [number, number][]) => [
        k.reduce((s, p) => s + p[0], 0) / 68,
        k.reduce((s, p) => s + p[1], 0) / 68,
      ];
      const errors: number[] = [];
      let decoded = 0;
      for await (const f of readFrames(file, { pixelFormat: 'rgb24' })) {
        decoded++;
        const wanted = targetFaces.get(f.index);
        if (!wanted || wanted.length === 0) continue;
        const got = (await analyzer.detectImage(f)).map((face) => face.keypoints as [number, number][]);
        for (const want of wanted) {
          // The output face at the same place as this target face (clips can hold several faces).
          const [cx, cy] = centre(want);
          const best = got.sort(
            (a, b) =>
              Math.hypot(centre(a)[0]! - cx!, centre(a)[1]! - cy!) -
              Math.hypot(centre(b)[0]! - cx!, centre(b)[1]! - cy!),
          )[0];
          if (best) errors.push(nme(best, want));
        }
      }
      expect(decoded).toBe(frames.end - frames.start);
      const mean = errors.reduce((s, e) => s + e, 0) / Math.max(1, errors.length);
      console.log(
        `${path.basename(clip)}: output-vs-target keypoint NME ${mean.toFixed(4)} over ${errors.length} frames`,
      );
      expect(errors.length).toBeGreaterThan(0);
      expect(mean).toBeLessThan(0.1);
    });
  }

  it('cancellation leaves no output', async () => {
    const file = path.join(out, 'cancelled.mp4');
    const controller = new AbortController();
    const run = swapClip({
      source: dataPath(SOURCE),
      target: dataPath(HAMILTON),
      out: file,
      format: 'h264',
      range: { start: 0, end: 40 },
      modelDir: MODEL_DIR,
      analyzer,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.stage === 'swap' && p.done >= 3) controller.abort();
      },
    });
    await expect(run).rejects.toThrow();
    expect(existsSync(file)).toBe(false);
  });
});
