// Inspector: run (or re-run) the analysis of the active clip, and re-track from the playhead.
import { useStudio, useStudioState } from '../../components/context.ts';
import { JobProgress } from '../../components/JobProgress.tsx';
import { activeClip } from '../../state/studio-state.ts';
import { Section, Unavailable } from './Section.tsx';

export function AnalysisSection() {
  const studio = useStudio();
  const caps = useStudioState((s) => s.capabilities);
  const clip = useStudioState(activeClip);
  const jobs = useStudioState((s) => s.jobs);
  const analysisJobs = Object.values(jobs).filter((j) => j.kind === 'analysis');
  const analysing = analysisJobs.some((j) => j.status === 'running');
  return (
    <Section title="Analysis">
      <button
        data-testid="run-analysis"
        disabled={!clip || !caps?.analysis.available || analysing}
        onClick={() => void studio.jobs.runAnalysis()}
      >
        {clip?.analysis ? 'Re-run analysis' : 'Run analysis'}
      </button>
      <Unavailable reason={caps && !caps.analysis.available ? caps.analysis.reason : null} />
      {analysisJobs.slice(-1).map((j) => (
        <JobProgress key={j.jobId} job={j} />
      ))}
      <button
        data-testid="retrack"
        disabled={!clip?.analysis || analysing}
        title="Re-analyse from this frame to the end and merge it into the analysis"
        onClick={() => void studio.jobs.retrackFromHere()}
      >
        Re-track from here
      </button>
    </Section>
  );
}
