// Inspector: the source face's predicted depth against this frame's keypoints, as a 3D mesh.
import { useStudio, useStudioState } from '../../components/context.ts';
import { JobProgress } from '../../components/JobProgress.tsx';
import { activeClip } from '../../state/studio-state.ts';
import { Section, Unavailable } from './Section.tsx';

export function DepthSection() {
  const studio = useStudio();
  const caps = useStudioState((s) => s.capabilities);
  const clip = useStudioState(activeClip);
  const sources = useStudioState((s) => s.project.sources.length);
  const jobs = useStudioState((s) => s.jobs);
  const depthJobs = Object.values(jobs).filter((j) => j.kind === 'depth');
  const depthRunning = depthJobs.some((j) => j.status === 'running');
  return (
    <Section title="Depth view">
      <button
        data-testid="run-depth"
        disabled={!caps?.depth.available || !clip?.analysis || sources === 0 || depthRunning}
        onClick={() => void studio.jobs.runDepth()}
      >
        {depthRunning ? 'Predicting...' : 'Show predicted depth (this frame)'}
      </button>
      <Unavailable reason={caps && !caps.depth.available ? caps.depth.reason : null} />
      {depthJobs.slice(-1).map((j) => (
        <JobProgress key={j.jobId} job={j} />
      ))}
    </Section>
  );
}
