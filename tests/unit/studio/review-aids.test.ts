// Pure parts of the studio's review aids: when the review sound plays, the contact sheet's default name,
// and what the source-face check and the pose-matched choice depend on (their keys).
import { describe, expect, it } from 'vitest';
import { soundPlaysAt } from '../../../src-renderer/panels/viewer/review-audio.ts';
import { contactSheetPath } from '../../../src-renderer/panels/export/export-path.ts';
import {
  sourceCheckKey,
  sourceFramesKey,
} from '../../../src-renderer/panels/source-check/source-check-actions.ts';
import { initialState, type StudioState } from '../../../src-renderer/state/studio-state.ts';
import { DEFAULT_SWAP, type Project } from '../../../src-shared/project/schema.ts';

function state(patch: (p: Project) => Project = (p) => p): StudioState {
  const s = initialState();
  const project: Project = {
    ...s.project,
    clips: [
      {
        id: 'clip-1',
        path: '/m/shot.mov',
        analysis: '/s/shot.analysis.json',
        media: null,
        marks: { in: null, out: null },
        playhead: 0,
        zoom: null,
        interpolation: { mode: 'linear', outside: 'none' },
        swap: DEFAULT_SWAP,
      },
    ],
    sources: [
      { id: 'src-1', path: '/m/face.png', kind: 'image' as const, frame: 0, analysis: null, media: null },
    ],
    activeClipId: 'clip-1',
    activeSourceId: 'src-1',
  };
  return { ...s, project: patch(project), analysisVersions: { '/s/shot.analysis.json': 'v1' } };
}

describe('review aids', () => {
  it('plays the sound at 1x forward only (muted paused, reverse and fast, as NLEs do)', () => {
    expect(soundPlaysAt(1)).toBe(true);
    for (const speed of [0, -1, -2, 2, 4, 8]) expect(soundPlaysAt(speed)).toBe(false);
  });

  it('names the contact sheet beside the export, else beside the clip', () => {
    expect(contactSheetPath('/out/shot-v2.mov', '/m/shot.mov')).toBe('/out/shot-v2-contact-sheet.png');
    expect(contactSheetPath('', '/m/shot.mov')).toBe('/m/shot-contact-sheet.png');
  });

  it('checks the source again when the source, the analysis content or the range changes', () => {
    const range = { start: 0, end: 24 };
    const key = sourceCheckKey(state(), 'clip-1', range);
    expect(key).not.toBeNull();
    expect(sourceCheckKey(state(), 'clip-1', range)).toBe(key);
    expect(sourceCheckKey(state(), 'clip-1', { start: 0, end: 12 })).not.toBe(key);
    const other = state((p) => ({
      ...p,
      sources: [
        { id: 'src-1', path: '/m/other.png', kind: 'image' as const, frame: 0, analysis: null, media: null },
      ],
    }));
    expect(sourceCheckKey(other, 'clip-1', range)).not.toBe(key);
    const reanalysed = { ...state(), analysisVersions: { '/s/shot.analysis.json': 'v2' } };
    expect(sourceCheckKey(reanalysed, 'clip-1', range)).not.toBe(key);
    expect(sourceCheckKey(state(), 'clip-1', { start: 5, end: 5 })).toBeNull();
    expect(sourceCheckKey(state(), 'nope', range)).toBeNull();
  });

  it('asks for pose-matched source frames only when the clip uses them', () => {
    expect(sourceFramesKey(state(), 'clip-1')).toBeNull();
    const pose = state((p) => ({
      ...p,
      clips: p.clips.map((c) => ({ ...c, swap: { ...c.swap, sourceFrames: 'pose-matched' as const } })),
    }));
    expect(sourceFramesKey(pose, 'clip-1')).not.toBeNull();
  });
});
