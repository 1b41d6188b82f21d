// Export: ProRes 422 HQ, ProRes 4444 + matte, H.264; range (I/O or all), source audio and timecode; the render
// runs in the engine with progress, ETA and cancel, and the result can be revealed.
import { useState } from 'react';
import type { OutputFormat } from '../../src-shared/media.ts';
import { outputExtension } from '../../src-shared/media.ts';
import { useStudio, useStudioState } from './context.ts';
import { activeClip, activeClipInfo } from '../state/studio-state.ts';
import { markedRange } from '../timeline/timeline-math.ts';
import { JobProgress } from './JobProgress.tsx';
import { FileBrowser } from './FileBrowser.tsx';

export function ExportDialog() {
  const studio = useStudio();
  const caps = useStudioState((s) => s.capabilities);
  const clip = useStudioState(activeClip);
  const info = useStudioState(activeClipInfo);
  const project = useStudioState((s) => s.project);
  const jobs = useStudioState((s) => s.jobs);
  const [format, setFormat] = useState<OutputFormat>('prores-hq');
  const [useMarks, setUseMarks] = useState(project.marks.in !== null || project.marks.out !== null);
  const [overwrite, setOverwrite] = useState(false);
  const [outPath, setOutPath] = useState('');
  const [browsing, setBrowsing] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const frameCount = info?.frameCount ?? 0;
  const range = useMarks ? markedRange(project.marks, frameCount) : { start: 0, end: frameCount };
  const job = jobId ? jobs[jobId] : undefined;
  const renderReason = caps?.render.available ? null : (caps?.render.reason ?? 'checking the engine...');
  const ext = outputExtension(format);

  const start = async () => {
    if (!clip) return;
    const out = outPath.endsWith(ext) ? outPath : `${outPath}${ext}`;
    const r = await studio.guard('export', () =>
      studio.api.call('render.start', {
        project,
        clipId: clip.id,
        format,
        start: range.start,
        end: range.end,
        outPath: out,
        overwrite,
      }),
    );
    if (r) {
      studio.trackJob(r.jobId, 'render');
      setJobId(r.jobId);
    }
  };

  if (browsing) {
    return (
      <FileBrowser
        purpose="export-out"
        initialDir={null}
        onPick={(p) => {
          setOutPath(p);
          setBrowsing(false);
        }}
        onCancel={() => setBrowsing(false)}
      />
    );
  }
  return (
    <div className="modal-back">
      <div className="modal export" data-testid="export-dialog">
        <h2>Export</h2>
        <label>
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value as OutputFormat)}>
            <option value="prores-hq">ProRes 422 HQ (.mov)</option>
            <option value="prores-4444">ProRes 4444 + face matte in alpha (.mov)</option>
            <option value="h264">H.264 review (.mp4)</option>
          </select>
        </label>
        <label>
          <input type="checkbox" checked={useMarks} onChange={(e) => setUseMarks(e.target.checked)} />
          Only the in/out range (frames {range.start}–{Math.max(range.start, range.end - 1)},{' '}
          {range.end - range.start} frames)
        </label>
        <label>
          <input type="checkbox" checked disabled />
          Audio and timecode of the source range (always kept: the swap engine has no option to drop them yet)
        </label>
        <label>
          <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} />
          Replace the file if it exists
        </label>
        <div className="row">
          <input
            data-testid="export-path"
            placeholder={`output${ext}`}
            value={outPath}
            onChange={(e) => setOutPath(e.target.value)}
          />
          <button onClick={() => setBrowsing(true)}>Browse...</button>
        </div>
        {renderReason && <p className="reason">{renderReason}</p>}
        {job && <JobProgress job={job} />}
        <div className="row end">
          <button
            data-testid="start-export"
            disabled={
              !!renderReason || !clip || !outPath || range.end <= range.start || job?.status === 'running'
            }
            onClick={() => void start()}
          >
            Render
          </button>
          <button onClick={() => studio.store.set({ modal: null })}>Close</button>
        </div>
      </div>
    </div>
  );
}
