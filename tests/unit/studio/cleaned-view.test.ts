// The studio's 'cleaned' view renders the clip's swap with its cleanup model; the swapped and matte views
// render it without, so the two can be compared. Each view's preview has its own key.
import { describe, it, expect } from 'vitest';
import { emptyProject, newClipSettings, updateClip } from '../../../src-shared/project/schema.ts';
import { previewKey } from '../../../src-shared/project/preview-key.ts';
import { previewProject } from '../../../src-renderer/state/studio-state.ts';

function project(cleanupModel: string | null) {
  const p = emptyProject('cleaned');
  p.clips.push({ id: 'c1', path: '/media/shot.mov', analysis: null, media: null, ...newClipSettings() });
  p.clips.push({ id: 'c2', path: '/media/other.mov', analysis: null, media: null, ...newClipSettings() });
  return updateClip(p, 'c1', (c) => ({ ...c, swap: { ...c.swap, cleanupModel, cleanupStrength: 0.7 } }));
}

describe('cleaned view', () => {
  it('keeps the cleanup model for the cleaned view only, and keys its preview apart', () => {
    const p = project('/models/shot1');
    const clip = (q: typeof p) => q.clips.find((c) => c.id === 'c1')!;
    expect(previewProject(p, 'c1', 'cleaned')).toBe(p);
    for (const mode of ['swapped', 'matte', 'original'] as const) {
      const q = previewProject(p, 'c1', mode);
      expect(clip(q).swap.cleanupModel).toBeNull();
      expect(clip(q).swap.maskErode).toBe(clip(p).swap.maskErode);
      expect(q.clips[1]).toBe(p.clips[1]);
    }
    const key = (mode: 'cleaned' | 'swapped') => previewKey(previewProject(p, 'c1', mode), 'c1', 5, null);
    expect(key('cleaned')).not.toBe(key('swapped'));
    // Without a model every view is the plain swap (the same project).
    const plain = project(null);
    expect(previewProject(plain, 'c1', 'swapped')).toBe(plain);
  });
});
