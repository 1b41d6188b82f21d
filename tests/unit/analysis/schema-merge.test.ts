import { describe, it, expect } from 'vitest';
import { parseAnalysis, keypointsAt, type AnalysisFile } from '../../../src-shared/analysis/schema.ts';
import { unionRanges, subtractRanges, mergeAnalysis } from '../../../src-shared/analysis/merge.ts';
import { DEFAULT_ONE_EURO } from '../../../src-shared/analysis/one-euro.ts';
import type { Point2 } from '../../../src-shared/analysis/pts.ts';

const kp = (dx: number): Point2[] => Array.from({ length: 68 }, (_, i): Point2 => [i + dx, i]);

function file(start: number, end: number, track: number): AnalysisFile {
  const frames: AnalysisFile['frames'] = {};
  for (let f = start; f < end; f++) {
    frames[String(f)] = {
      cut: false,
      faces: [
        {
          track,
          box: [0, 0, 67, 67],
          confidence: 0.9,
          keypoints: kp(f),
          raw: kp(f),
          interpolated: false,
          detected: true,
        },
      ],
    };
  }
  return {
    format: 'depthswap-analysis',
    version: 1,
    clip: {
      path: '/x.mp4',
      size: 10,
      mtimeMs: 1,
      width: 64,
      height: 64,
      frameRate: { num: 25, den: 1 },
      frameCount: 100,
      isImage: false,
    },
    settings: { mode: 'tracking', detectEvery: 10, mirror: true, smoothing: DEFAULT_ONE_EURO, maxGap: 8 },
    backend: 'wasm',
    createdAt: '2026-01-01T00:00:00Z',
    ranges: [{ start, end }],
    frames,
    tracks: [{ id: track, first: start, last: end - 1, meanConfidence: 0.9 }],
    cuts: [],
    msPerFrame: 10,
  };
}

describe('analysis schema', () => {
  it('round-trips through JSON and reads frame f / track t', () => {
    const a = parseAnalysis(JSON.stringify(file(0, 3, 0)));
    expect(keypointsAt(a, 2, 0)?.[5]).toEqual([7, 5]);
    expect(keypointsAt(a, 2, 1)).toBeNull();
    expect(keypointsAt(a, 9, 0)).toBeNull();
  });
  it('names the first problem of an invalid file', () => {
    const bad = file(0, 1, 0) as unknown as { frames: Record<string, { faces: { keypoints: unknown[] }[] }> };
    bad.frames['0']!.faces[0]!.keypoints = [[1, 2]];
    expect(() => parseAnalysis(JSON.stringify(bad), 'a.json')).toThrow(/a.json .*frames.0.faces.0.keypoints/);
    expect(() => parseAnalysis('{', 'a.json')).toThrow(/a.json is not valid JSON \(at line 1, column 2\)$/);
    expect(() => parseAnalysis(JSON.stringify({ ...file(0, 1, 0), version: 2 }))).toThrow(/version/);
  });
});

describe('ranges and merging', () => {
  it('unions and subtracts half-open ranges', () => {
    expect(
      unionRanges([
        { start: 5, end: 8 },
        { start: 0, end: 3 },
        { start: 3, end: 4 },
      ]),
    ).toEqual([
      { start: 0, end: 4 },
      { start: 5, end: 8 },
    ]);
    expect(
      subtractRanges({ start: 0, end: 10 }, [
        { start: 2, end: 4 },
        { start: 6, end: 12 },
      ]),
    ).toEqual([
      { start: 0, end: 2 },
      { start: 4, end: 6 },
    ]);
    expect(subtractRanges({ start: 2, end: 4 }, [{ start: 0, end: 10 }])).toEqual([]);
  });
  it('merges a new part with shifted track ids', () => {
    const m = mergeAnalysis(file(0, 3, 0), file(5, 7, 0));
    expect(m.ranges).toEqual([
      { start: 0, end: 3 },
      { start: 5, end: 7 },
    ]);
    expect(m.tracks.map((t) => t.id)).toEqual([0, 1]);
    expect(keypointsAt(m, 6, 1)?.[0]).toEqual([6, 0]);
    expect(Object.keys(m.frames)).toEqual(['0', '1', '2', '5', '6']);
    expect(() => parseAnalysis(JSON.stringify(m))).not.toThrow();
  });
});

describe('.pts exchange for one frame', () => {
  it('exports, edits and imports a face', async () => {
    const { exportFramePts, importFramePts } = await import('../../../src-shared/analysis/pts-frame.ts');
    const { parsePts, formatPts } = await import('../../../src-shared/analysis/pts.ts');
    const a = file(0, 3, 0);
    const pts = parsePts(exportFramePts(a, 1, 0));
    expect(pts[3]).toEqual([4, 3]);
    const moved = pts.map(([x, y]): Point2 => [x + 10, y]);
    const b = importFramePts(a, 1, 0, formatPts(moved));
    expect(keypointsAt(b, 1, 0)?.[3]).toEqual([14, 3]);
    expect(keypointsAt(a, 1, 0)?.[3]).toEqual([4, 3]);
    const c = importFramePts(a, 2, 5, formatPts(moved));
    expect(c.tracks.find((t) => t.id === 5)).toEqual({ id: 5, first: 2, last: 2, meanConfidence: 1 });
    expect(() => parseAnalysis(JSON.stringify(c))).not.toThrow();
    expect(() => exportFramePts(a, 1, 9)).toThrow(/no face of track 9 at frame 1/);
    expect(() => importFramePts(a, 50, 0, formatPts(moved))).toThrow(/frame 50 is not/);
    expect(() => importFramePts(a, 1, 0, formatPts(moved.slice(0, 5)))).toThrow(/expected 68/);
  });
});
