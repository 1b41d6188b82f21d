// The inspector: analysis, keypoint editing and keyframes, view modes, swap settings, depth view, and room for
// the render queue and the cleanup-training panel. A capability the engine lacks is a disabled control with
// the reason, never a fake.
import type { ReactNode } from 'react';
import { useStudio, useStudioState } from './context.ts';
import { activeClip } from '../state/studio-state.ts';
import { findTrack } from '../../src-shared/project/keyframes.ts';
import { JobProgress } from './JobProgress.tsx';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="panel">
      <h3>{title}</h3>
      {children}
    </section>
  );
}

function Unavailable({ reason }: { reason: string | null | undefined }) {
  return reason ? <p className="reason">{reason}</p> : null;
}

export function Inspector() {
  const studio = useStudio();
  const caps = useStudioState((s) => s.capabilities);
  const clip = useStudioState(activeClip);
  const project = useStudioState((s) => s.project);
  const frame = useStudioState((s) => s.frame);
  const selection = useStudioState((s) => s.selection);
  const jobs = useStudioState((s) => s.jobs);
  const showKeypoints = useStudioState((s) => s.showKeypoints);
  const showMesh = useStudioState((s) => s.showMesh);
  const viewMode = useStudioState((s) => s.viewMode);
  const wipe = useStudioState((s) => s.wipe);
  const undoState = useStudioState((s) => s.undo);
  const analysisJobs = Object.values(jobs).filter((j) => j.kind === 'analysis');
  const analysing = analysisJobs.some((j) => j.status === 'running');
  const keyframes = clip ? (findTrack(project.tracks, clip.id, 0)?.keyframes ?? []) : [];
  const hasKeyHere = keyframes.some((k) => k.frame === frame);
  const swapReason = caps?.swap.available ? null : (caps?.swap.reason ?? 'checking the engine...');
  const previewJobs = Object.values(jobs).filter((j) => j.kind === 'preview');
  const depthJobs = Object.values(jobs).filter((j) => j.kind === 'depth');
  const depthRunning = depthJobs.some((j) => j.status === 'running');
  const previewing = previewJobs.some((j) => j.status === 'running');

  return (
    <div className="inspector" data-testid="inspector">
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

      <Section title="Keypoints">
        <label>
          <input
            data-testid="show-keypoints"
            type="checkbox"
            checked={showKeypoints}
            onChange={(e) => studio.store.set({ showKeypoints: e.target.checked })}
          />
          68 keypoints
        </label>
        <label>
          <input
            type="checkbox"
            checked={showMesh}
            onChange={(e) => studio.store.set({ showMesh: e.target.checked })}
          />
          Triangle mesh
        </label>
        <p className="muted">
          {selection.length > 0 ? `${selection.length} selected. ` : ''}Drag a point (Shift: add to selection,
          drag on empty space: box select). Each drag is one undo step.
        </p>
        <div className="row">
          <button data-testid="undo" disabled={undoState.past.length === 0} onClick={() => studio.undo()}>
            Undo
          </button>
          <button data-testid="redo" disabled={undoState.future.length === 0} onClick={() => studio.redo()}>
            Redo
          </button>
          <button disabled={!hasKeyHere} onClick={() => studio.deleteKeyframe(frame)}>
            Delete keyframe
          </button>
        </div>
        <div className="row">
          <select
            value={project.interpolation.mode}
            onChange={(e) =>
              studio.setInterpolation(
                e.target.value === 'smooth' ? 'smooth' : 'linear',
                project.interpolation.outside,
              )
            }
          >
            <option value="linear">linear between keyframes</option>
            <option value="smooth">smooth between keyframes</option>
          </select>
          <select
            value={project.interpolation.outside}
            onChange={(e) =>
              studio.setInterpolation(project.interpolation.mode, e.target.value === 'hold' ? 'hold' : 'none')
            }
          >
            <option value="none">no edit outside keys</option>
            <option value="hold">hold outside keys</option>
          </select>
        </div>
        <p className="muted" data-testid="keyframe-list">
          Keyframes: {keyframes.length === 0 ? 'none' : keyframes.map((k) => k.frame).join(', ')}
        </p>
      </Section>

      <Section title="View">
        <div className="row">
          <button
            data-testid="view-original"
            className={viewMode === 'original' ? 'on' : ''}
            onClick={() => studio.store.set({ viewMode: 'original' })}
          >
            original
          </button>
          <button
            className={viewMode === 'swapped' ? 'on' : ''}
            disabled={!!swapReason}
            title={swapReason ?? 'the frame swapped by the engine'}
            onClick={() => studio.store.set({ viewMode: 'swapped' })}
          >
            swapped
          </button>
          <button disabled title="needs a trained cleanup model (not in this build yet)">
            cleaned
          </button>
          <button
            data-testid="view-matte"
            className={viewMode === 'matte' ? 'on' : ''}
            disabled={!!swapReason}
            title={swapReason ?? "the engine's face matte of the swap preview (white = swapped face)"}
            onClick={() => studio.store.set({ viewMode: 'matte' })}
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
          disabled={!!swapReason || !clip || project.sources.length === 0 || previewing}
          onClick={() => void studio.jobs.previewSwap()}
        >
          {previewing ? 'Swapping...' : 'Preview swap of this frame'}
        </button>
        {project.sources.length === 0 && <p className="reason">Import a source face to preview the swap.</p>}
        {previewJobs.slice(-1).map((j) => (
          <JobProgress key={j.jobId} job={j} />
        ))}
        <Unavailable reason={swapReason} />
        <p className="reason">
          The cleaned view needs a trained cleanup model (CycleGAN cleanup: not in this build yet).
        </p>
      </Section>

      <Section title="Swap settings">
        <label title="shrinks the face matte; in percent of the face size, so it follows the face">
          Mask erode {project.swap.maskErode}% of the face
          <input
            data-testid="mask-erode"
            type="range"
            min={0}
            max={20}
            step={0.5}
            value={project.swap.maskErode}
            onChange={(e) => studio.setSwap('maskErode', Number(e.target.value))}
          />
        </label>
        <label title="softens the matte edge over this width, in percent of the face size">
          Mask feather {project.swap.maskFeather}% of the face
          <input
            data-testid="mask-feather"
            type="range"
            min={0}
            max={30}
            step={0.5}
            value={project.swap.maskFeather}
            onChange={(e) => studio.setSwap('maskFeather', Number(e.target.value))}
          />
        </label>
        <label title="0: the source photo's expression (the paper); 1: the face speaks, blinks and frowns with the actor">
          Expression from the target {Math.round(project.swap.expression * 100)}%
          <input
            data-testid="expression"
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={project.swap.expression}
            onChange={(e) => studio.setSwap('expression', Number(e.target.value))}
          />
        </label>
        <label>
          <input
            type="checkbox"
            checked={project.swap.excludeMouth}
            onChange={(e) => studio.setSwap('excludeMouth', e.target.checked)}
          />
          Keep the target's mouth interior (its own teeth and tongue)
        </label>
        <label>
          <input
            type="checkbox"
            checked={project.swap.colorTransfer}
            onChange={(e) => studio.setSwap('colorTransfer', e.target.checked)}
          />
          Colour transfer (Lab mean / std)
        </label>
        <label title="local: a low-frequency colour field along the matte's edge, so forehead and cheeks meet the skin without a step">
          Seam colour
          <select
            data-testid="color-mode"
            value={project.swap.colorMode}
            onChange={(e) => studio.setSwap('colorMode', e.target.value === 'global' ? 'global' : 'local')}
          >
            <option value="local">local field</option>
            <option value="global">global only</option>
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={project.swap.poisson}
            onChange={(e) => studio.setSwap('poisson', e.target.checked)}
          />
          Poisson edge blending
        </label>
        <label>
          Mirror source
          <select
            value={project.swap.mirror}
            onChange={(e) => {
              const v = e.target.value;
              studio.setSwap('mirror', v === 'on' || v === 'off' ? v : 'auto');
            }}
          >
            <option value="auto">auto (per frame, from the yaws)</option>
            <option value="on">always mirrored</option>
            <option value="off">never</option>
          </select>
        </label>
        <Unavailable reason={swapReason ? `Swap preview: ${swapReason}` : null} />
      </Section>

      <Section title="Depth view">
        <button
          data-testid="run-depth"
          disabled={!caps?.depth.available || !clip?.analysis || project.sources.length === 0 || depthRunning}
          onClick={() => void studio.jobs.runDepth()}
        >
          {depthRunning ? 'Predicting...' : 'Show predicted depth (this frame)'}
        </button>
        <Unavailable reason={caps && !caps.depth.available ? caps.depth.reason : null} />
        {depthJobs.slice(-1).map((j) => (
          <JobProgress key={j.jobId} job={j} />
        ))}
      </Section>

      <Section title="Render queue">
        <button data-testid="open-export" onClick={() => studio.store.set({ modal: { kind: 'export' } })}>
          Export...
        </button>
        {Object.values(jobs)
          .filter((j) => j.kind === 'render')
          .map((j) => (
            <JobProgress key={j.jobId} job={j} />
          ))}
        <p className="muted">A persistent render queue and cleanup-model training will appear here.</p>
      </Section>
    </div>
  );
}
