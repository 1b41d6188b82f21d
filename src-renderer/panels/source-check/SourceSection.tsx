// Inspector: the active source face against the active clip (its in/out range, which the export uses by
// default): the engine's source-face check, shown as soon as a source is chosen.
import { useStudioState } from '../../components/context.ts';
import { activeClip, activeClipInfo } from '../../state/studio-state.ts';
import { Section } from '../inspector/Section.tsx';
import { markedRange } from '../timeline/timeline-math.ts';
import { SourceFaceNotice } from './SourceFaceNotice.tsx';

export function SourceSection() {
  const clip = useStudioState(activeClip);
  const info = useStudioState(activeClipInfo);
  const source = useStudioState(
    (s) => s.project.sources.find((x) => x.id === s.project.activeSourceId) ?? s.project.sources[0] ?? null,
  );
  if (!source) return null;
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
    </Section>
  );
}
