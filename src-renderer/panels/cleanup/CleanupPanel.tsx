// The Cleanup panel: trains the project's cleanup model as an engine job (progress, ETA, pause = cancel
// with a checkpoint, resume = train again, also after a restart), shows the live loss plot, the latest
// sample sheet (click to enlarge) and the steps done, and sets the model in use with its strength. With a
// model in use, the 'cleaned' view and every render run through the same path (render-job: swap +
// cleanup); the network's crop size, width and blocks can be set before the first step (blank: defaults).
import { useCallback, useEffect, useState } from 'react';
import type { CleanupStatus } from '../../../src-shared/api/schemas.ts';
import type { Progress } from '../../../src-shared/progress.ts';
import { formatDuration } from '../../../src-shared/progress.ts';
import { useStudio, useStudioState } from '../../components/context.ts';
import { activeClip } from '../../state/studio-state.ts';
import { DEFAULT_SWAP } from '../../../src-shared/project/schema.ts';
import { LossPlot } from './loss-plot.tsx';

const DEFAULT_STEPS = 2000;

/** The sheet is rewritten at every checkpoint: a version parameter keeps the browser from reusing an old one. */
const versioned = (url: string, steps: number) => (url.includes('?') ? `${url}&v=${steps}` : url);

export function CleanupPanel() {
  const studio = useStudio();
  const project = useStudioState((s) => s.project);
  const clip = useStudioState(activeClip);
  // Swap settings are per clip (project version 4): the active clip's cleanup model and strength.
  const swap = clip?.swap ?? DEFAULT_SWAP;
  const inUse = swap.cleanupModel;
  const [dir, setDir] = useState(inUse ?? (clip ? `${clip.path}.cleanup` : ''));
  const [steps, setSteps] = useState(DEFAULT_STEPS);
  const [jobId, setJobId] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [status, setStatus] = useState<CleanupStatus | null>(null);
  const [big, setBig] = useState(false);
  const [net, setNet] = useState<{ size?: number; ngf?: number; blocks?: number }>({});

  const refresh = useCallback(async () => {
    if (!dir || !clip) return;
    try {
      setStatus(await studio.api.call('cleanup.status', { dir, project, clipId: clip.id }));
    } catch (err) {
      studio.reportError('cleanup status', err instanceof Error ? err : new Error(String(err)));
    }
  }, [dir, clip, project, studio]);

  useEffect(() => void refresh(), [refresh]);
  useEffect(() => {
    if (!jobId) return undefined;
    const offs = [
      studio.api.on('job.progress', (p) => {
        if (p.jobId !== jobId) return;
        setProgress(p.progress);
        if (p.progress.done % 10 === 0) void refresh();
      }),
      studio.api.on('job.done', (p) => {
        if (p.jobId !== jobId) return;
        setJobId(null);
        void refresh();
      }),
      studio.api.on('job.failed', (p) => {
        if (p.jobId !== jobId) return;
        setJobId(null);
        void refresh();
        if (!p.cancelled) studio.reportError('cleanup training', new Error(p.error));
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [jobId, refresh, studio]);

  if (!clip) return null;
  const train = async () => {
    try {
      const r = await studio.api.call('cleanup.train', {
        project,
        clipId: clip.id,
        outDir: dir,
        steps,
        ...net,
      });
      setJobId(r.jobId);
    } catch (err) {
      studio.reportError('cleanup training', err instanceof Error ? err : new Error(String(err)));
    }
  };
  const pause = () => jobId && void studio.api.call('job.cancel', { jobId });
  const done = status?.steps ?? 0;
  const netInput = (key: 'size' | 'ngf' | 'blocks', label: string, placeholder: string) => (
    <label>
      {label}{' '}
      <input
        data-testid={`cleanup-${key}`}
        type="number"
        min={key === 'blocks' ? 0 : 1}
        placeholder={placeholder}
        value={net[key] ?? ''}
        style={{ width: 56 }}
        onChange={(e) => {
          const v = e.target.value === '' ? undefined : Math.round(Number(e.target.value));
          setNet((n) => ({ ...n, [key]: v !== undefined && Number.isFinite(v) ? v : undefined }));
        }}
        disabled={jobId !== null || done > 0}
        title={done > 0 ? 'set when training starts: a trained model keeps its network' : undefined}
      />
    </label>
  );
  return (
    <section className="panel" data-testid="cleanup-panel">
      <h3>Cleanup</h3>
      <label>
        Model folder{' '}
        <input
          data-testid="cleanup-dir"
          value={dir}
          onChange={(e) => setDir(e.target.value)}
          disabled={jobId !== null}
        />
      </label>
      <label>
        Steps{' '}
        <input
          data-testid="cleanup-steps-input"
          type="number"
          min={1}
          value={steps}
          onChange={(e) => setSteps(Math.max(1, Math.round(Number(e.target.value) || 1)))}
          disabled={jobId !== null}
        />
      </label>
      <div className="row">
        {netInput('size', 'Crop px', '128')}
        {netInput('ngf', 'ngf', '12')}
        {netInput('blocks', 'Blocks', '3')}
      </div>
      <div className="row">
        {jobId ? (
          <button data-testid="cleanup-pause" onClick={pause}>
            Pause
          </button>
        ) : (
          <button data-testid="cleanup-train" onClick={() => void train()} disabled={!dir}>
            {done > 0 ? (done >= steps ? 'Train further' : 'Resume') : 'Train'}
          </button>
        )}
      </div>
      {jobId && progress ? (
        <p data-testid="cleanup-progress">
          {progress.stage} {progress.done}/{progress.total}, ETA {formatDuration(progress.etaSeconds)}
          {progress.message ? ` (${progress.message})` : ''}
        </p>
      ) : null}
      <p className="muted" data-testid="cleanup-steps">
        {status?.exists
          ? `${done} steps trained${status.sameClip === false ? ' (on another clip)' : ''}`
          : 'no model yet'}
      </p>
      <LossPlot history={status?.history ?? []} />
      {status?.samplePath ? (
        <img
          data-testid="cleanup-sheet"
          className={big ? 'cleanup-sheet big' : 'cleanup-sheet'}
          src={versioned(studio.api.frameUrl(status.samplePath, 0), done)}
          alt="samples: rows A (swapped), G(A) (cleaned), real B"
          title="rows: swapped, cleaned, real (click to enlarge)"
          style={{ width: big ? '100%' : 240, cursor: 'zoom-in' }}
          onClick={() => setBig(!big)}
        />
      ) : null}
      <label>
        <input
          data-testid="cleanup-use"
          type="checkbox"
          checked={inUse === dir && dir !== ''}
          disabled={!status?.exists}
          onChange={(e) => studio.clip.setSwap('cleanupModel', e.target.checked ? dir : null)}
        />{' '}
        Use in the cleaned view and renders
      </label>
      <label>
        Strength {swap.cleanupStrength.toFixed(2)}
        <input
          data-testid="cleanup-strength"
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={swap.cleanupStrength}
          disabled={!inUse}
          onChange={(e) => studio.clip.setSwap('cleanupStrength', Number(e.target.value))}
        />
      </label>
    </section>
  );
}
