// Export: ProRes 422 HQ, ProRes 4444 + matte, H.264 (or one of the project's render presets); range (the
// clip's own I/O, or all); keep the source's audio and start timecode or not. The extension follows the
// format, an existing file is replaced only after asking, the render runs in the engine with progress,
// ETA and cancel, and when done the dialog says what was written (ExportDone: Reveal, Play). It shows the
// engine's source-face check for the range and offers the review contact sheet (ContactSheet).
import { AddToQueue } from '../queue/AddToQueue.tsx';
import { useState } from 'react';
import type { OutputFormat } from '../../../src-shared/media.ts';
import { outputExtension } from '../../../src-shared/media.ts';
import { useStudio, useStudioState } from '../../components/context.ts';
import { activeClip, activeClipInfo } from '../../state/studio-state.ts';
import { markedRange } from '../timeline/timeline-math.ts';
import { JobProgress } from '../../components/JobProgress.tsx';
import { FileBrowser } from '../../components/FileBrowser.tsx';
import { useEscape } from '../../components/escape.ts';
import { ExportDone } from './ExportDone.tsx';
import { describeMarks } from '../../../src-shared/timecode.ts';
import { withExtension } from './export-path.ts';
import { ContactSheet } from './ContactSheet.tsx';
import { SourceFaceNotice } from '../source-check/SourceFaceNotice.tsx';

export function ExportDialog() {
  const studio = useStudio();
  const caps = useStudioState((s) => s.capabilities);
  const clip = useStudioState(activeClip);
  const info = useStudioState(activeClipInfo);
  const project = useStudioState((s) => s.project);
  const jobs = useStudioState((s) => s.jobs);
  const firstPreset = project.renderPresets[0];
  const [format, setFormat] = useState<OutputFormat>(firstPreset?.format ?? 'prores-hq');
  const [audio, setAudio] = useState(firstPreset?.audio ?? true);
  const [timecode, setTimecode] = useState(firstPreset?.timecode ?? true);
  const [preset, setPreset] = useState(firstPreset ? '0' : '');
  // The range is the exported clip's own in/out (project version 4: marks are per clip).
  const marks = clip?.marks ?? { in: null, out: null };
  const [useMarks, setUseMarks] = useState(marks.in !== null || marks.out !== null);
  const [overwrite, setOverwrite] = useState(false);
  const [outPath, setOutPath] = useState('');
  const [browsing, setBrowsing] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  /** The output exists: asking before replacing it. */
  const [confirmReplace, setConfirmReplace] = useState<string | null>(null);
  const close = () => studio.store.set({ modal: null });
  useEscape(() => (confirmReplace ? setConfirmReplace(null) : close()), !browsing);
  const frameCount = info?.frameCount ?? 0;
  const range = useMarks ? markedRange(marks, frameCount) : { start: 0, end: frameCount };
  const job = jobId ? jobs[jobId] : undefined;
  const renderReason = caps?.render.available ? null : (caps?.render.reason ?? 'checking the engine...');
  const ext = outputExtension(format);

  const start = async (replace: boolean) => {
    if (!clip) return;
    const out = withExtension(outPath, format);
    if (!replace && !overwrite) {
      const st = await studio.guard('export', () => studio.api.call('fs.stat', { path: out }));
      if (!st) return;
      if (st.exists) {
        setConfirmReplace(out);
        return;
      }
    }
    setConfirmReplace(null);
    const r = await studio.guard('export', () =>
      studio.api.call('render.start', {
        project,
        clipId: clip.id,
        format,
        start: range.start,
        end: range.end,
        audio,
        timecode,
        outPath: out,
        overwrite: overwrite || replace,
      }),
    );
    if (r) {
      studio.jobs.trackJob(r.jobId, 'render');
      setJobId(r.jobId);
    }
  };

  if (browsing) {
    return (
      <FileBrowser
        purpose="export-out"
        initialDir={null}
        onPick={(p) => {
          setOutPath(withExtension(p, format));
          setBrowsing(false);
          return null;
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
          Preset
          <select
            data-testid="export-preset"
            value={preset}
            onChange={(e) => {
              setPreset(e.target.value);
              const p = project.renderPresets[Number(e.target.value)];
              if (!p) return;
              setFormat(p.format);
              setOutPath((o) => (o ? withExtension(o, p.format) : o));
              setAudio(p.audio);
              setTimecode(p.timecode);
            }}
          >
            <option value="">(custom)</option>
            {project.renderPresets.map((p, i) => (
              <option key={`${i}-${p.name}`} value={String(i)}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Format
          <select
            data-testid="export-format"
            value={format}
            onChange={(e) => {
              const f = e.target.value as OutputFormat;
              setFormat(f);
              setOutPath((o) => (o ? withExtension(o, f) : o));
              setPreset('');
            }}
          >
            <option value="prores-hq">ProRes 422 HQ (.mov)</option>
            <option value="prores-4444">ProRes 4444 + face matte in alpha (.mov)</option>
            <option value="h264">H.264 review (.mp4)</option>
          </select>
        </label>
        <label>
          <input
            data-testid="export-use-marks"
            type="checkbox"
            checked={useMarks}
            disabled={marks.in === null && marks.out === null}
            onChange={(e) => setUseMarks(e.target.checked)}
          />
          Only this clip's in/out
          {info ? ` (${describeMarks(marks, frameCount, info.frameRate, info.startTimecode)})` : ''}
        </label>
        <p className="muted" data-testid="export-range">
          Exports {useMarks ? 'the in/out range' : 'the whole clip'}: frames {range.start}–
          {Math.max(range.start, range.end - 1)} ({range.end - range.start} frames)
        </p>
        <label>
          <input
            data-testid="export-audio"
            type="checkbox"
            checked={audio}
            onChange={(e) => {
              setAudio(e.target.checked);
              setPreset('');
            }}
          />
          Audio of the range{' '}
          {info && info.audio.length === 0 ? '(this clip has none)' : '(re-encoded sample-accurately if cut)'}
        </label>
        <label>
          <input
            data-testid="export-timecode"
            type="checkbox"
            checked={timecode}
            onChange={(e) => {
              setTimecode(e.target.checked);
              setPreset('');
            }}
          />
          Start timecode{' '}
          {info?.startTimecode ? `(the source's, at the range's first frame)` : '(this clip has none)'}
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
            onBlur={() => setOutPath((o) => (o ? withExtension(o, format) : o))}
          />
          <button onClick={() => setBrowsing(true)}>Browse...</button>
        </div>
        {clip && range.end > range.start && <SourceFaceNotice clipId={clip.id} range={range} />}
        {clip && <ContactSheet clipId={clip.id} clipPath={clip.path} exportPath={outPath} range={range} />}
        {renderReason && <p className="reason">{renderReason}</p>}
        {confirmReplace && (
          <div className="confirm" data-testid="export-exists">
            <p className="reason">{confirmReplace} exists already. Replace it?</p>
            <div className="row">
              <button data-testid="export-replace" onClick={() => void start(true)}>
                Replace
              </button>
              <button onClick={() => setConfirmReplace(null)}>Keep it (choose another name)</button>
            </div>
          </div>
        )}
        {job && <JobProgress job={job} />}
        {job?.status === 'done' && job.outputPath && (
          <ExportDone path={job.outputPath} format={format} clipStart={range.start} />
        )}
        <div className="row end">
          <button
            data-testid="start-export"
            disabled={
              !!renderReason || !clip || !outPath || range.end <= range.start || job?.status === 'running'
            }
            onClick={() => void start(false)}
          >
            Render
          </button>
          <AddToQueue
            disabled={!!renderReason || !clip || !outPath || range.end <= range.start}
            request={{
              clipId: clip?.id ?? '',
              format,
              ...range,
              audio,
              timecode,
              outPath: withExtension(outPath, format),
              overwrite,
            }}
          />
          <button onClick={close}>Close</button>
        </div>
      </div>
    </div>
  );
}
