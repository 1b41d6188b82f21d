// With pose-matched source frames: the source clip frame the render swaps from at the playhead's target
// frame (the engine's choice, the render's own: render/source-frames-report.ts), with its thumbnail
// (mirrored when the render mirrors it) and, during a cross-fade, the frame it fades from.
import { useEffect } from 'react';
import { useStudio, useStudioState } from '../../components/context.ts';
import { JobProgress } from '../../components/JobProgress.tsx';
import { sourceFramesKey } from './source-check-actions.ts';

export function PoseMatchedFrame({ clipId, sourcePath }: { clipId: string; sourcePath: string }) {
  const studio = useStudio();
  const key = useStudioState((s) => sourceFramesKey(s, clipId));
  const choices = useStudioState((s) => (key ? (s.sourceFrameChoices[key] ?? null) : null));
  const jobId = useStudioState((s) => (key ? s.sourceCheckJobs[key] : undefined));
  const job = useStudioState((s) => (jobId ? s.jobs[jobId] : undefined));
  const frame = useStudioState((s) => s.frame);
  const analysed = useStudioState((s) => !!s.project.clips.find((c) => c.id === clipId)?.analysis);
  useEffect(() => {
    if (!key) return;
    const t = setTimeout(() => void studio.sourceCheck.ensureFrames(clipId), 300);
    return () => clearTimeout(t);
    // The key holds everything the choice depends on.
  }, [key, studio]);
  if (!analysed) return <p className="muted">Analyse the clip to see which source frame each frame uses.</p>;
  if (!choices) {
    return (
      <div data-testid="pose-frame" data-state="choosing">
        <p className="muted">Choosing the source frame of each target frame...</p>
        {job && <JobProgress job={job} />}
      </div>
    );
  }
  const pick = choices.perFrame[String(frame)];
  if (!pick) {
    return (
      <p className="muted" data-testid="pose-frame" data-state="none" data-frame={frame}>
        Frame {frame}: no face of this clip to swap (the frame passes through).
      </p>
    );
  }
  return (
    <div
      className="pose-frame"
      data-testid="pose-frame"
      data-state="shown"
      data-frame={frame}
      data-source-frame={pick.frame}
      data-mirrored={pick.mirrored ? '1' : ''}
    >
      <p>
        Frame {frame} swaps from <b>source frame {pick.frame}</b>
        {pick.mirrored ? ' (mirrored)' : ''}
        {pick.fade
          ? `, cross-fading from source frame ${pick.fade.frame} (${Math.round(pick.fade.weight * 100)} %)`
          : ''}
        <span className="muted"> · {choices.candidates} source frames with a face</span>
      </p>
      <img
        data-testid="pose-frame-image"
        className={pick.mirrored ? 'pose-frame-image mirrored' : 'pose-frame-image'}
        alt={`source frame ${pick.frame}`}
        src={studio.api.frameUrl(sourcePath, pick.frame, 240, { proxy: true })}
      />
    </div>
  );
}
