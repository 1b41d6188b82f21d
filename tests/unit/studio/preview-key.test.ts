// The swap preview is shown only for the settings and edits it was made with: its key changes with
// anything the render depends on, and comes back with an undo.
import { describe, it, expect } from 'vitest';
import { emptyProject } from '../../../src-shared/project/schema.ts';
import { moveKeypoints, withTrackKeyframes } from '../../../src-shared/project/keyframes.ts';
import { previewKey } from '../../../src-renderer/state/studio-state.ts';

function project() {
  const p = emptyProject('preview');
  p.clips.push({ id: 'c1', path: '/media/shot.mov', analysis: '/state/shot.analysis.json', media: null });
  p.sources.push({ id: 's1', path: '/media/face.png', kind: 'image', frame: 0, analysis: null, media: null });
  p.activeClipId = 'c1';
  p.activeSourceId = 's1';
  return p;
}

describe('preview key', () => {
  it('changes with the frame, every swap setting, the edits and the source; an undo restores it', () => {
    const p = project();
    const base = previewKey(p, 'c1', 10);
    expect(previewKey(project(), 'c1', 10)).toBe(base);
    expect(previewKey(p, 'c1', 11)).not.toBe(base);
    const changed = [
      { ...p, swap: { ...p.swap, maskErode: 6 } },
      { ...p, swap: { ...p.swap, maskFeather: 2.5 } },
      { ...p, swap: { ...p.swap, excludeMouth: true } },
      { ...p, swap: { ...p.swap, colorTransfer: false } },
      { ...p, swap: { ...p.swap, mirror: 'on' as const } },
      { ...p, interpolation: { mode: 'smooth' as const, outside: 'none' as const } },
      { ...p, sources: [{ ...p.sources[0]!, frame: 3 }] },
      {
        ...p,
        tracks: withTrackKeyframes(p.tracks, 'c1', 0, moveKeypoints([], 10, [30], 4, 0, p.interpolation)),
      },
    ];
    for (const q of changed) expect(previewKey(q, 'c1', 10)).not.toBe(base);
    // Not the marks or the name: they do not change the render.
    expect(previewKey({ ...p, name: 'other', marks: { in: 1, out: 5 } }, 'c1', 10)).toBe(base);
  });
});
