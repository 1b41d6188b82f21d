// Inspector: the active source face against the active clip (its in/out range, which the export uses by
// default): the engine's source-face check, shown as soon as a source is chosen; with pose-matched source
// frames, the source frame the playhead's frame swaps from.
import { useStudioState } from '../../components/context.ts';
import { activeClip, activeClipInfo } from '../../state/studio-state.ts';
import { Section } from '../inspector/Section.tsx';
import { markedRange } from '../timeline/timeline-math.ts';
import { SourceFaceNotice } from './SourceFaceNotice.tsx';
import { PoseMatchedFrame } from './PoseMatchedFrame.tsx';

export function SourceSection() {
  const clip = useStudioState(activeClip);
  const info = useStudioState(activeClipInfo);
  const source = useStudioState(
    (s) => s.project.sources.find((x) => x.id === s.project.activeSourceId) ?? s.project.sources[0] ?? null,
  );
  const sourceInfo = useStudioState((s) => (source ? s.media[source.path] : undefined));
  if (!source) return null;
  const poseMatched = clip?.swap.sourceFrames === 'pose-matched';
  const name = source.path.split(/[\\/]/).pop() ?? source.path;
  return (
    <Section title="Source face">
      <p className="muted">
        {name}
        {source.frame > 0 ? `, frame ${source.frame}` : ''}
      </p>
      {clip && info ? (
        <SourceFaceNotice clipId={clip.id} range={markedRange(clip.marks, info.frameCount)} />
      ) : (
        <p className="muted">Import a target clip to check the source face against it.</p>
      )}
      {clip && poseMatched && sourceInfo?.isImage === false && (
        <PoseMatchedFrame clipId={clip.id} sourcePath={source.path} />
      )}
      {clip && poseMatched && sourceInfo?.isImage && (
        <p className="reason">Pose-matched source frames need a source clip; this source is a still image.</p>
      )}
    </Section>
  );
}
