// Depth model of the swap: the shipped DepthNet, or the one adapted to the project's source clip (a job:
// analyse every source frame, then `depthnet adapt`). The setting is an undoable project edit; the status
// line says whether the source has an adapted model and what the adaptation measured. Also the source-frames
// setting: one frame of the source, or pose-matched frames of a source clip (swap --source-frames auto).
import { useEffect, useState } from 'react';
import { useStudio, useStudioState } from '../../components/context.ts';
import { JobProgress } from '../../components/JobProgress.tsx';
import { activeClip } from '../../state/studio-state.ts';
import { DEFAULT_SWAP } from '../../../src-shared/project/schema.ts';
import { adaptStatusKey, depthModelActions, type AdaptStatus } from './depth-model-actions.ts';

export function DepthModelPanel() {
  const studio = useStudio();
  const project = useStudioState((s) => s.project);
  // Swap settings are per clip (project version 4): the active clip's.
  const swap = useStudioState(activeClip)?.swap ?? DEFAULT_SWAP;
  const jobs = useStudioState((s) => s.jobs);
  const actions = depthModelActions(studio);
  const [status, setStatus] = useState<AdaptStatus | null>(null);
  const adaptJobs = Object.values(jobs).filter((j) => j.kind === 'adapt');
  const running = adaptJobs.some((j) => j.status === 'running');
  const doneCount = adaptJobs.filter((j) => j.status === 'done').length;
  const key = adaptStatusKey(project);
  useEffect(() => {
    let live = true;
    void actions.status().then((s) => live && setStatus(s ?? null));
    return () => {
      live = false;
    };
    // re-read when the source changes or an adaptation finishes (`actions` is rebuilt every render)
  }, [key, doneCount]);
  return (
    <div data-testid="depth-model">
      <label>
        Depth model
        <select
          data-testid="depth-model-select"
          value={swap.depthModel}
          onChange={(e) =>
            studio.clip.setSwap('depthModel', e.target.value === 'adapted' ? 'adapted' : 'shipped')
          }
        >
          <option value="shipped">shipped</option>
          <option value="adapted" disabled={!status?.adapted && swap.depthModel !== 'adapted'}>
            adapted to this source
          </option>
        </select>
      </label>
      <label>
        Source frames
        <select
          data-testid="source-frames-select"
          value={swap.sourceFrames}
          onChange={(e) =>
            studio.clip.setSwap('sourceFrames', e.target.value === 'pose-matched' ? 'pose-matched' : 'single')
          }
        >
          <option value="single">one frame of the source</option>
          <option value="pose-matched">pose-matched (source clip: per target frame)</option>
        </select>
      </label>
      <button
        data-testid="run-adapt"
        disabled={project.sources.length === 0 || running}
        onClick={() => void actions.adapt()}
      >
        {running ? 'Adapting...' : status?.adapted ? 'Adapt to source again' : 'Adapt to source'}
      </button>
      <p className="reason" data-testid="adapt-status">
        {status?.summary ?? (status?.source ? 'no adapted model for this source yet' : 'no source')}
      </p>
      {adaptJobs.slice(-1).map((j) => (
        <JobProgress key={j.jobId} job={j} />
      ))}
    </div>
  );
}
