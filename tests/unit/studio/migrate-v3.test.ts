// Project version 3 -> 4: marks, keyframe interpolation and swap settings moved from the project to each
// clip. An old project must render the same frames with the same settings: every clip gets the project's
// values as they were, so each clip's render job (range, swap settings, edited keypoints per frame) is the
// one version 3 made.
import { describe, it, expect } from 'vitest';
import { parseProjectDocument } from '../../../src-shared/project/migrate.ts';
import { DEFAULT_SWAP, emptyProject, PROJECT_VERSION } from '../../../src-shared/project/schema.ts';
import { editedKeypoints, moveKeypoints } from '../../../src-shared/project/keyframes.ts';
import { renderSpecFromProject } from '../../../src-shared/render/from-project.ts';
import { markedRange } from '../../../src-renderer/panels/timeline/timeline-math.ts';

const interpolation = { mode: 'smooth' as const, outside: 'hold' as const };
const swap = { ...DEFAULT_SWAP, maskErode: 5.5, maskFeather: 12, poisson: true, mirror: 'off' as const };
const marks = { in: 10, out: 40 };
const media = {
  width: 1280,
  height: 720,
  frameRate: { num: 25, den: 1 },
  frameCount: 120,
  startTimecode: '10:00:00:00',
  isImage: false,
};

function v3Document() {
  const base = emptyProject('old');
  const { clips: _c, ...rest } = base;
  return {
    ...rest,
    version: 3,
    clips: [
      { id: 'a', path: '/media/a.mov', analysis: '/state/a.analysis.json', media },
      { id: 'b', path: '/media/b.mov', analysis: null, media },
    ],
    sources: [{ id: 's', path: '/media/face.png', kind: 'image', frame: 0, analysis: null, media: null }],
    activeClipId: 'a',
    activeSourceId: 's',
    tracks: [
      {
        clipId: 'a',
        face: 0,
        keyframes: [
          ...moveKeypoints([], 12, [30], 3, -2, interpolation),
          ...moveKeypoints([], 30, [48, 54], -4, 1, interpolation),
        ],
      },
    ],
    interpolation,
    swap,
    marks,
  };
}

/** The render job version 3 made for a clip: the project's shared marks, swap settings and interpolation. */
function v3Spec(doc: ReturnType<typeof v3Document>, clipId: string) {
  const clip = doc.clips.find((c) => c.id === clipId)!;
  const range = markedRange(doc.marks, clip.media.frameCount);
  return {
    range,
    target: clip.path,
    source: { path: '/media/face.png', frame: 0 },
    swap: doc.swap,
    interpolation: doc.interpolation,
    analysis: clip.analysis,
    keyframes: doc.tracks.find((t) => t.clipId === clipId)?.keyframes ?? [],
  };
}

describe('project migration 3 -> 4', () => {
  it('gives every clip the old marks, interpolation and swap settings: each renders as before', () => {
    const doc = v3Document();
    const { project, migratedFrom } = parseProjectDocument(JSON.parse(JSON.stringify(doc)));
    expect(migratedFrom).toBe(3);
    expect(project.version).toBe(PROJECT_VERSION);
    expect(project).not.toHaveProperty('swap');
    expect(project).not.toHaveProperty('marks');
    expect(project.tracks).toEqual(doc.tracks);
    for (const clip of project.clips) {
      expect(clip.marks).toEqual(marks);
      expect(clip.interpolation).toEqual(interpolation);
      expect(clip.swap).toEqual(swap);
      expect(clip.playhead).toBe(0);

      const range = markedRange(clip.marks, clip.media!.frameCount);
      const spec = renderSpecFromProject(project, {
        projectPath: null,
        clipId: clip.id,
        range,
        preset: { format: 'prores-hq', audio: true, timecode: true },
        out: `/out/${clip.id}.mov`,
      });
      const old = v3Spec(doc, clip.id);
      expect(spec).toMatchObject(old);
      // The same keypoints reach the swap at every frame of the range (edits interpolated the same way).
      const tracked = Array.from({ length: 68 }, (_, k): [number, number] => [100 + k, 200 + k * 0.5]);
      for (let f = range.start; f < range.end; f++) {
        expect(editedKeypoints(tracked, spec.keyframes, f, spec.interpolation)).toEqual(
          editedKeypoints(tracked, old.keyframes, f, old.interpolation),
        );
      }
    }
  });

  it('chains older versions through 3 (a version 2 file ends per clip too)', () => {
    const { excludeMouth: _e, ...swapV2 } = { ...swap, maskErode: 12, maskFeather: 40 };
    const { project, migratedFrom } = parseProjectDocument({ ...v3Document(), version: 2, swap: swapV2 });
    expect(migratedFrom).toBe(2);
    expect(project.clips.map((c) => c.swap.mirror)).toEqual(['off', 'off']);
    expect(project.clips.map((c) => c.swap.maskErode)).toEqual([
      DEFAULT_SWAP.maskErode,
      DEFAULT_SWAP.maskErode,
    ]);
  });

  it('refuses a version 3 file that carries version 4 clips only (no shared settings)', () => {
    const { swap: _s, ...noSwap } = v3Document();
    expect(() => parseProjectDocument(noSwap)).toThrow(/version 3 project is invalid: swap/);
  });
});
