// The Render Queue panel: every queued job with its name, output, state, progress with ETA and per-chunk
// status; drag to reorder, pause / resume, cancel, retry (a job or one failed chunk), reveal the output;
// the history of finished and failed jobs with the reason. Self-contained: mounted with one line.
import { useState } from 'react';
import { formatDuration } from '../../../src-shared/progress.ts';
import type { QueueJob } from '../../../src-shared/queue/schema.ts';
import { useStudio } from '../../components/context.ts';
import { queueActions, useQueue } from './queue-state.ts';

const FINISHED = ['completed', 'failed', 'canceled'];

function Chunks({ job, onRetry }: { job: QueueJob; onRetry: (idx: number) => void }) {
  return (
    <div className="queue-chunks" data-testid="queue-chunks">
      {job.tasks.map((t) => (
        <span
          key={t.idx}
          className={`queue-chunk chunk-${t.state}`}
          data-state={t.state}
          title={`${t.kind === 'join' ? 'join' : `chunk ${t.idx}: frames ${t.start}-${t.end - 1}`} · ${t.state}${
            t.failures ? ` · ${t.failures} failure(s)` : ''
          }${t.error ? ` · ${t.error}` : ''}`}
          style={
            t.state === 'active'
              ? { background: `linear-gradient(90deg, #4a8 ${t.progress * 100}%, #555 0)` }
              : {}
          }
          onDoubleClick={() => (t.state === 'failed' || t.state === 'canceled') && onRetry(t.idx)}
        />
      ))}
    </div>
  );
}

function JobRow({ job, jobs }: { job: QueueJob; jobs: QueueJob[] }) {
  const studio = useStudio();
  const act = queueActions(studio);
  const [over, setOver] = useState(false);
  const finished = FINISHED.includes(job.state);
  const pct = Math.floor(job.progress * 100);
  return (
    <div
      className={`queue-job job job-${job.state}${over ? ' drop-target' : ''}`}
      data-testid="queue-job"
      data-state={job.state}
      draggable={!finished}
      onDragStart={(e) => e.dataTransfer.setData('text/x-queue-job', job.id)}
      onDragOver={(e) => {
        if (finished) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        setOver(false);
        const id = e.dataTransfer.getData('text/x-queue-job');
        if (id) void act.move(jobs, id, job.id);
      }}
    >
      <div className="queue-name" title={job.out}>
        <strong>{job.name}</strong> → {job.out.split(/[\\/]/).pop()}{' '}
        <span className="muted">({job.format})</span>
      </div>
      <div className="job-bar">
        <div className="job-fill" style={{ width: `${pct}%` }} />
      </div>
      <div className="job-text">
        {job.state} · {pct}% · {job.framesDone}/{job.framesTotal} frames
        {job.state === 'active' && job.etaSeconds !== null && ` · ETA ${formatDuration(job.etaSeconds)}`}
        {job.error && <span className="reason"> · {job.error}</span>}
      </div>
      <Chunks job={job} onRetry={(idx) => void act.control(job.id, 'retry', idx)} />
      <div className="row">
        {(job.state === 'queued' || job.state === 'active') && (
          <button className="small" onClick={() => void act.control(job.id, 'pause')}>
            Pause
          </button>
        )}
        {job.state === 'paused' && (
          <button className="small" onClick={() => void act.control(job.id, 'resume')}>
            Resume
          </button>
        )}
        {!['completed', 'canceled'].includes(job.state) && (
          <button
            className="small"
            data-testid="queue-cancel"
            onClick={() => void act.control(job.id, 'cancel')}
          >
            Cancel
          </button>
        )}
        {(job.state === 'failed' || job.state === 'canceled') && (
          <button
            className="small"
            data-testid="queue-retry"
            onClick={() => void act.control(job.id, 'retry')}
          >
            Retry
          </button>
        )}
        {job.state === 'completed' && (
          <button className="small" onClick={() => void act.reveal(job.out)}>
            Reveal
          </button>
        )}
        {finished && (
          <button className="small" onClick={() => void act.control(job.id, 'remove')}>
            Remove
          </button>
        )}
      </div>
    </div>
  );
}

export function QueuePanel() {
  const studio = useStudio();
  const { jobs, db, error } = useQueue(studio);
  const waiting = jobs.filter((j) => !FINISHED.includes(j.state));
  const history = jobs.filter((j) => FINISHED.includes(j.state));
  return (
    <div className="queue-panel" data-testid="queue-panel">
      {error && <p className="reason">{error}</p>}
      {waiting.length === 0 && !error && <p className="muted">No render queued.</p>}
      {waiting.map((j) => (
        <JobRow key={j.id} job={j} jobs={jobs} />
      ))}
      {history.length > 0 && (
        <details open>
          <summary>History ({history.length})</summary>
          {history.map((j) => (
            <JobRow key={j.id} job={j} jobs={jobs} />
          ))}
        </details>
      )}
      {db && <p className="muted small-text">Queue: {db}</p>}
    </div>
  );
}
