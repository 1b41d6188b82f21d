// Clip analysis split into chunks (the later one in a worker thread) gives the tracks, cuts and keypoints of
// a one-chunk analysis; cancellation stops the worker; tensors do not grow.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import {
  createFaceAnalyzer,
  liveTensors,
  type FaceAnalyzer,
} from '../../../src-main/analysis/face-analyzer.ts';
import { keypointsAt, type AnalysisFile } from '../../../src-shared/analysis/schema.ts';
import { liveAnalysisWorkers } from '../../../src-main/analysis/chunk-worker.ts';
import { CancelledError } from '../../../src-main/util/cancel.ts';
import { dataPath, hasData } from '../../support/shared-data.ts';

const S18 = 'video/liveportrait/s18.mp4';
const HAMILTON = 'video/face_recognition/short_hamilton_clip.mp4';

/** Mean keypoint error over frames both analyses hold for the matching track, by interocular distance. */
function nme(a: AnalysisFile, b: AnalysisFile): number {
  let sum = 0;
  let n = 0;
  for (const ta of a.tracks) {
    const tb = b.tracks.find((t) => Math.abs(t.first - ta.first) <= 2 && Math.abs(t.last - ta.last) <= 2);
    if (!tb) continue;
    for (let f = Math.max(ta.first, tb.first); f <= Math.min(ta.last, tb.last); f++) {
      const ka = keypointsAt(a, f, ta.id);
      const kb = keypointsAt(b, f, tb.id);
      if (!ka || !kb) continue;
      const [l, r] = [kb[36]!, kb[45]!];
      const iod = Math.hypot(l[0] - r[0], l[1] - r[1]);
      let e = 0;
      for (let i = 0; i < 68; i++) e += Math.hypot(ka[i]![0] - kb[i]![0], ka[i]![1] - kb[i]![1]);
      sum += e / 68 / iod;
      n++;
    }
  }
  return n > 0 ? sum / n : Infinity;
}

function expectSameTracks(par: AnalysisFile, one: AnalysisFile): void {
  expect(Object.keys(par.frames)).toEqual(Object.keys(one.frames));
  expect(par.cuts).toEqual(one.cuts);
  expect(par.tracks.length).toBe(one.tracks.length);
  for (const t of one.tracks) {
    const m = par.tracks.find((p) => Math.abs(p.first - t.first) <= 2 && Math.abs(p.last - t.last) <= 2);
    expect(m, `track ${t.first}-${t.last}`).toBeDefined();
  }
  expect(nme(par, one)).toBeLessThan(0.01);
}

describe.skipIf(!hasData(S18, HAMILTON))('parallel clip analysis', () => {
  let analyzer: FaceAnalyzer;
  beforeAll(async () => {
    analyzer = await createFaceAnalyzer();
  });
  afterAll(() => analyzer?.dispose());

  it('s18 frames 0-119: same track, keypoints within 0.01 NME; tensors flat; progress counts both chunks', async () => {
    const one = await analyzer.analyzeClip(dataPath(S18), { range: { start: 0, end: 120 }, parallel: 1 });
    const tensors = liveTensors();
    let last = 0;
    const par = await analyzer.analyzeClip(dataPath(S18), {
      range: { start: 0, end: 120 },
      parallel: 2,
      onProgress: (p) => {
        last = p.done;
      },
    });
    expect(liveTensors()).toBe(tensors);
    expect(last).toBe(120);
    expectSameTracks(par, one);
    expect(par.tracks).toHaveLength(1);
  }, 120_000);

  it('short_hamilton_clip frames 0-119 (cut 82 just after the chunk boundary at 80): same tracks and cuts', async () => {
    const range = { start: 0, end: 120 };
    const one = await analyzer.analyzeClip(dataPath(HAMILTON), { range, parallel: 1 });
    const par = await analyzer.analyzeClip(dataPath(HAMILTON), { range, parallel: 2 });
    expect(one.cuts).toEqual([20, 82]);
    expectSameTracks(par, one);
  }, 120_000);

  it('cancellation stops the worker and rejects with CancelledError', async () => {
    const ac = new AbortController();
    const run = analyzer.analyzeClip(dataPath(S18), {
      range: { start: 0, end: 200 },
      parallel: 2,
      signal: ac.signal,
      onProgress: (p) => {
        if (p.done >= 20) ac.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(liveAnalysisWorkers()).toBe(0);
  }, 120_000);
});
