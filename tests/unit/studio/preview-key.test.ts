// The swap preview is shown only for the settings, edits and analysis it was made with: its key (one
// function, src-shared/project/preview-key.ts) changes with anything the render depends on, including the
// analysis content's version (a re-analysis keeps the path), and comes back with an undo.
import { describe, it, expect } from 'vitest';
import { emptyProject, newClipSettings, updateClip } from '../../../src-shared/project/schema.ts';
import { moveKeypoints, withTrackKeyframes } from '../../../src-shared/project/keyframes.ts';
import { previewKey } from '../../../src-shared/project/preview-key.ts';

function project() {
  const p = emptyProject('preview');
  const analysis = '/state/shot.analysis.json';
  p.clips.push({ id: 'c1', path: '/media/shot.mov', analysis, media: null, ...newClipSettings() });
  p.clips.push({ id: 'c2', path: '/media/other.mov', analysis: null, media: null, ...newClipSettings() });
  p.sources.push({ id: 's1', path: '/media/face.png', kind: 'image', frame: 0, analysis: null, media: null });
  p.activeClipId = 'c1';
  p.activeSourceId = 's1';
  return p;
}

describe('preview key', () => {
  it('changes with the frame, every swap setting, the edits, the source and the analysis version', () => {
    const p = project();
    const base = previewKey(p, 'c1', 10, 'v1');
    expect(previewKey(project(), 'c1', 10, 'v1')).toBe(base);
    expect(previewKey(p, 'c1', 11, 'v1')).not.toBe(base);
    // A re-analysis writes the same path: only the content's version tells the old keypoints apart.
    expect(previewKey(p, 'c1', 10, 'v2')).not.toBe(base);
    expect(previewKey(p, 'c1', 10, null)).not.toBe(base);
    const c1 = (f: Parameters<typeof updateClip>[2]) => updateClip(p, 'c1', f);
    const changed = [
      c1((c) => ({ ...c, swap: { ...c.swap, maskErode: 6 } })),
      c1((c) => ({ ...c, swap: { ...c.swap, maskFeather: 2.5 } })),
      c1((c) => ({ ...c, swap: { ...c.swap, excludeMouth: true } })),
      c1((c) => ({ ...c, swap: { ...c.swap, colorTransfer: false } })),
      c1((c) => ({ ...c, swap: { ...c.swap, mirror: 'on' as const } })),
      c1((c) => ({ ...c, interpolation: { mode: 'smooth' as const, outside: 'none' as const } })),
      { ...p, sources: [{ ...p.sources[0]!, frame: 3 }] },
      {
        ...p,
        tracks: withTrackKeyframes(
          p.tracks,
          'c1',
          0,
          moveKeypoints([], 10, [30], 4, 0, p.clips[0]!.interpolation),
        ),
      },
    ];
    for (const q of changed) expect(previewKey(q, 'c1', 10, 'v1')).not.toBe(base);
    // Not the marks, the playhead or the name; not another clip's settings: they do not change this render.
    expect(
      previewKey(
        c1((c) => ({ ...c, marks: { in: 1, out: 5 }, playhead: 7 })),
        'c1',
        10,
        'v1',
      ),
    ).toBe(base);
    const other = updateClip(p, 'c2', (c) => ({ ...c, swap: { ...c.swap, maskErode: 9 } }));
    expect(previewKey({ ...other, name: 'other' }, 'c1', 10, 'v1')).toBe(base);
  });
});
