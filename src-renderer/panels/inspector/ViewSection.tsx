// Inspector: what the viewer shows (original, swapped, cleaned = swapped through the clip's cleanup model,
// matte, or the wipe between swapped and original;
// the highlighted button is what the screen shows) and the swap preview of this frame.
import { useStudio, useStudioState } from '../../components/context.ts';
import { JobProgress } from '../../components/JobProgress.tsx';
import { activeClip, type ViewMode } from '../../state/studio-state.ts';
import { Section, Unavailable } from './Section.tsx';

export function ViewSection() {
  const studio = useStudio();
  const caps = useStudioState((s) => s.capabilities);
  const clip = useStudioState(activeClip);
  const sources = useStudioState((s) => s.project.sources.length);
  const jobs = useStudioState((s) => s.jobs);
  const viewMode = useStudioState((s) => s.viewMode);
  const wipe = useStudioState((s) => s.wipe);
  const cleanup = clip?.swap.cleanupModel ?? null;
  const previewResolution = useStudioState((s) => s.previewResolution);
  const swapReason = caps?.swap.available ? null : (caps?.swap.reason ?? 'checking the engine...');
  const previewJobs = Object.values(jobs).filter((j) => j.kind === 'preview');
  const previewing = previewJobs.some((j) => j.status === 'running');
  // The wipe replaces the view mode on screen: only one of them is lit.
  const on = (mode: ViewMode) => (wipe === null && viewMode === mode ? 'on' : '');
  const show = (mode: ViewMode) => {
    studio.store.set({ viewMode: mode, wipe: null });
    if (mode !== 'original' && !studio.s.review) studio.jobs.refreshPreviewSoon();
  };
  return (
    <Section title="View">
      <div className="row">
        <button data-testid="view-original" className={on('original')} onClick={() => show('original')}>
          original
        </button>
        <button
          data-testid="view-swapped"
          className={on('swapped')}
          disabled={!!swapReason}
          title={swapReason ?? 'the frame swapped by the engine'}
          onClick={() => show('swapped')}
        >
          swapped
        </button>
        <button
          data-testid="view-cleaned"
          className={on('cleaned')}
          disabled={!!swapReason || !cleanup}
          title={
            swapReason ??
            (cleanup
              ? "the frame swapped and cleaned by the clip's cleanup model (as the render does)"
              : 'needs a cleanup model in use (Cleanup panel)')
          }
          onClick={() => show('cleaned')}
        >
          cleaned
        </button>
        <button
          data-testid="view-matte"
          className={on('matte')}
          disabled={!!swapReason}
          title={swapReason ?? "the engine's face matte of the swap preview (white = swapped face)"}
          onClick={() => show('matte')}
        >
          matte
        </button>
        <button
          data-testid="wipe"
          className={wipe !== null ? 'on' : ''}
          disabled={!!swapReason}
          title={swapReason ?? 'wipe compare: swapped left, original right (drag the line)'}
          onClick={() => studio.store.set({ wipe: wipe === null ? 0.5 : null })}
        >
          wipe
        </button>
      </div>
      <button
        data-testid="preview-swap"
        disabled={!!swapReason || !clip || sources === 0 || previewing}
        onClick={() => void studio.jobs.previewSwap()}
      >
        {previewing ? 'Swapping...' : 'Preview swap of this frame (P)'}
      </button>
      <button
        data-testid="preview-range"
        disabled={!!swapReason || !clip || sources === 0}
        title="render the in/out range (or the whole clip) through the render path and play it looped"
        onClick={() => void studio.review.previewRange()}
      >
        Preview I-O (Shift+P)
      </button>
      <label title="Preview I-O renders at the scrub proxy's size (longest side 960 px, faster) unless this is on">
        <input
          data-testid="preview-full-res"
          type="checkbox"
          checked={previewResolution === 'full'}
          onChange={(e) => studio.store.set({ previewResolution: e.target.checked ? 'full' : 'proxy' })}
        />
        Preview I-O at full resolution (slower)
      </label>
      {sources === 0 && <p className="reason">Import a source face to preview the swap.</p>}
      {previewJobs.slice(-1).map((j) => (
        <JobProgress key={j.jobId} job={j} />
      ))}
      <Unavailable reason={swapReason} />
      {!cleanup && (
        <p className="reason">
          The cleaned view needs a cleanup model in use (train one in the Cleanup panel).
        </p>
      )}
    </Section>
  );
}
