// Inspector: the keypoint overlay, undo / redo, keyframes of the active clip and how they interpolate
// (the clip's own setting).
import { useStudio, useStudioState } from '../../components/context.ts';
import { activeClip } from '../../state/studio-state.ts';
import { findTrack } from '../../../src-shared/project/keyframes.ts';
import { DEFAULT_INTERPOLATION } from '../../../src-shared/project/schema.ts';
import { Section } from './Section.tsx';

export function KeypointsSection() {
  const studio = useStudio();
  const clip = useStudioState(activeClip);
  const tracks = useStudioState((s) => s.project.tracks);
  const frame = useStudioState((s) => s.frame);
  const selection = useStudioState((s) => s.selection);
  const showKeypoints = useStudioState((s) => s.showKeypoints);
  const showMesh = useStudioState((s) => s.showMesh);
  const undoState = useStudioState((s) => s.undo);
  const interpolation = clip?.interpolation ?? DEFAULT_INTERPOLATION;
  const keyframes = clip ? (findTrack(tracks, clip.id, 0)?.keyframes ?? []) : [];
  const hasKeyHere = keyframes.some((k) => k.frame === frame);
  return (
    <Section title="Keypoints">
      <label>
        <input
          data-testid="show-keypoints"
          type="checkbox"
          checked={showKeypoints}
          onChange={(e) => studio.store.set({ showKeypoints: e.target.checked })}
        />
        68 keypoints
      </label>
      <label>
        <input
          data-testid="show-mesh"
          type="checkbox"
          checked={showMesh}
          onChange={(e) => studio.store.set({ showMesh: e.target.checked })}
        />
        Triangle mesh
      </label>
      <p className="muted">
        {selection.length > 0 ? `${selection.length} selected. ` : ''}Drag a point (Shift: add to selection,
        drag on empty space: box select). Each drag is one undo step.
      </p>
      <div className="row">
        <button data-testid="undo" disabled={undoState.past.length === 0} onClick={() => studio.undo()}>
          Undo
        </button>
        <button data-testid="redo" disabled={undoState.future.length === 0} onClick={() => studio.redo()}>
          Redo
        </button>
        <button disabled={!hasKeyHere} onClick={() => studio.clip.deleteKeyframe(frame)}>
          Delete keyframe
        </button>
      </div>
      <div className="row">
        <select
          data-testid="interpolation-mode"
          value={interpolation.mode}
          disabled={!clip}
          onChange={(e) =>
            studio.clip.setInterpolation(
              e.target.value === 'smooth' ? 'smooth' : 'linear',
              interpolation.outside,
            )
          }
        >
          <option value="linear">linear between keyframes</option>
          <option value="smooth">smooth between keyframes</option>
        </select>
        <select
          data-testid="interpolation-outside"
          value={interpolation.outside}
          disabled={!clip}
          onChange={(e) =>
            studio.clip.setInterpolation(interpolation.mode, e.target.value === 'hold' ? 'hold' : 'none')
          }
        >
          <option value="none">no edit outside keys</option>
          <option value="hold">hold outside keys</option>
        </select>
      </div>
      <p className="muted" data-testid="keyframe-list">
        Keyframes: {keyframes.length === 0 ? 'none' : keyframes.map((k) => k.frame).join(', ')}
      </p>
    </Section>
  );
}
