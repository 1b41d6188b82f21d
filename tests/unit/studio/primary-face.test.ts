// The face the studio edits follows its track and, across a re-track seam (new track ids), the face that
// overlaps it most; the swap engine gets that chain as one track.
import { describe, it, expect } from 'vitest';
import { primaryFaces, primaryTrack, withPrimaryChain } from '../../../src-main/render/primary-face.ts';
import type { AnalysisFile, FaceEntry } from '../../../src-shared/analysis/schema.ts';

function face(track: number, x: number): FaceEntry {
  const kp = Array.from({ length: 68 }, (_, i): [number, number] => [x + (i % 10), 100 + Math.floor(i / 10)]);
  return {
    track,
    box: [x, 100, 50, 60],
    confidence: 0.9,
    keypoints: kp,
    raw: kp,
    interpolated: false,
    detected: true,
  };
}

function analysis(): AnalysisFile {
  const frames: AnalysisFile['frames'] = {};
  // Frames 0-4: track 0 (the subject, x ~ 100) and track 1 (someone else, x ~ 400).
  for (let f = 0; f < 5; f++) frames[String(f)] = { cut: false, faces: [face(0, 100 + f), face(1, 400)] };
  // Frames 5-7 were re-tracked: the subject is now track 3, the other face track 2.
  for (let f = 5; f < 8; f++) frames[String(f)] = { cut: false, faces: [face(2, 400), face(3, 106 + f)] };
  return {
    format: 'depthswap-analysis',
    version: 1,
    clip: {
      path: 'x',
      size: 1,
      mtimeMs: 0,
      width: 640,
      height: 360,
      frameRate: { num: 25, den: 1 },
      frameCount: 8,
      isImage: false,
    },
    settings: {
      mode: 'tracking',
      detectEvery: 5,
      mirror: true,
      smoothing: { minCutoff: 1, beta: 0, dCutoff: 1 },
      maxGap: 8,
    },
    backend: 'wasm',
    createdAt: '',
    ranges: [{ start: 0, end: 8 }],
    frames,
    tracks: [
      { id: 0, first: 0, last: 6, meanConfidence: 0.9 },
      { id: 1, first: 0, last: 4, meanConfidence: 0.9 },
      { id: 2, first: 5, last: 7, meanConfidence: 0.9 },
      { id: 3, first: 5, last: 7, meanConfidence: 0.9 },
    ],
    cuts: [],
    msPerFrame: 1,
  };
}

describe('primary face chain', () => {
  it('follows the longest track, then the most overlapping face across the seam', () => {
    const a = analysis();
    expect(primaryTrack(a)).toBe(0);
    const chain = primaryFaces(a);
    expect([...chain.keys()]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect([...chain.values()].map((f) => f.track)).toEqual([0, 0, 0, 0, 0, 3, 3, 3]);
  });

  it('gives the swap engine the chain as one new track and leaves the other faces alone', () => {
    const { analysis: chained, track } = withPrimaryChain(analysis());
    expect(track).toBe(4);
    for (let f = 0; f < 8; f++) {
      const faces = chained.frames[String(f)]!.faces;
      expect(faces.filter((x) => x.track === 4)).toHaveLength(1);
      expect(faces.find((x) => x.track === 4)!.box[0]).toBeLessThan(200);
    }
    expect(chained.tracks.find((t) => t.id === 4)).toMatchObject({ first: 0, last: 7 });
  });
});
