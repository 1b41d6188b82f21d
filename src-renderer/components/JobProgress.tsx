// One job's progress bar with rate, ETA and cancel.
import { formatDuration } from '../../src-shared/progress.ts';
import type { JobState } from '../state/studio-state.ts';
import { useStudio } from './context.ts';

export function JobProgress({ job }: { job: JobState }) {
  const studio = useStudio();
  const p = job.progress;
  const frac = p && p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  return (
    <div className={`job job-${job.status}`} data-testid={`job-${job.kind}`} data-status={job.status}>
      <div className="job-bar">
        <div className="job-fill" style={{ width: `${(job.status === 'done' ? 1 : frac) * 100}%` }} />
      </div>
      <div className="job-text">
        {job.status === 'running' &&
          (p
            ? `${p.stage} ${p.done}/${p.total} · ${p.rate.toFixed(1)}/s · ETA ${formatDuration(p.etaSeconds)}`
            : 'starting...')}
        {job.status === 'done' && 'done'}
        {job.status === 'cancelled' && 'cancelled'}
        {job.status === 'failed' && `failed: ${job.error ?? ''}`}
        {job.status === 'running' && (
          <button className="small" onClick={() => void studio.jobs.cancelJob(job.jobId)}>
            Cancel
          </button>
        )}
        {job.status === 'done' && job.kind === 'render' && job.outputPath && (
          <button className="small" onClick={() => void studio.jobs.reveal(job.outputPath!)}>
            Reveal
          </button>
        )}
      </div>
    </div>
  );
}
