// The export dialog's "Contact sheet...": evenly spaced frames of the export's range, the target above the
// swapped frame, labelled with frame number and timecode, written as a PNG by the engine (a job through the
// render path) and shown here, so an editor looks at it before rendering hundreds of frames.
import { useState } from 'react';
import type { FrameRange } from '../../../src-shared/frame-range.ts';
import { useStudio, useStudioState } from '../../components/context.ts';
import { JobProgress } from '../../components/JobProgress.tsx';
import { contactSheetPath } from './export-path.ts';

export function ContactSheet(props: {
  clipId: string;
  clipPath: string;
  exportPath: string;
  range: FrameRange;
}) {
  const studio = useStudio();
  const project = useStudioState((s) => s.project);
  const jobs = useStudioState((s) => s.jobs);
  const swap = useStudioState((s) => s.capabilities?.swap);
  const [open, setOpen] = useState(false);
  const [sheetPath, setSheetPath] = useState('');
  const [frames, setFrames] = useState(12);
  const [jobId, setJobId] = useState<string | null>(null);
  const [confirmReplace, setConfirmReplace] = useState<string | null>(null);
  const job = jobId ? jobs[jobId] : undefined;
  const reason = swap?.available ? null : (swap?.reason ?? 'checking the engine...');

  const write = async (replace: boolean) => {
    const out = sheetPath.trim();
    if (!out) return;
    if (!replace) {
      const st = await studio.guard('contact sheet', () => studio.api.call('fs.stat', { path: out }));
      if (!st) return;
      if (st.exists) {
        setConfirmReplace(out);
        return;
      }
    }
    setConfirmReplace(null);
    const r = await studio.guard('contact sheet', () =>
      studio.api.call('swap.contactSheet', {
        project,
        clipId: props.clipId,
        start: props.range.start,
        end: props.range.end,
        outPath: out,
        frames,
        overwrite: replace,
      }),
    );
    if (r) {
      studio.jobs.trackJob(r.jobId, 'contact-sheet');
      setJobId(r.jobId);
    }
  };

  if (!open) {
    return (
      <button
        data-testid="contact-sheet-open"
        disabled={!!reason || props.range.end <= props.range.start}
        title={reason ?? 'a PNG of evenly spaced frames of the range, target above swapped'}
        onClick={() => {
          setSheetPath(contactSheetPath(props.exportPath, props.clipPath));
          setOpen(true);
        }}
      >
        Contact sheet…
      </button>
    );
  }
  const done = job?.status === 'done' && job.outputPath ? job.outputPath : null;
  return (
    <div className="contact-sheet" data-testid="contact-sheet">
      <div className="row">
        <input
          data-testid="contact-sheet-path"
          value={sheetPath}
          onChange={(e) => setSheetPath(e.target.value)}
          placeholder="contact-sheet.png"
        />
        <label>
          frames
          <input
            data-testid="contact-sheet-frames"
            type="number"
            min={1}
            max={48}
            value={frames}
            onChange={(e) => setFrames(Math.max(1, Math.min(48, Math.round(Number(e.target.value) || 12))))}
          />
        </label>
        <button
          data-testid="contact-sheet-write"
          disabled={!sheetPath.trim() || job?.status === 'running'}
          onClick={() => void write(false)}
        >
          Write sheet
        </button>
      </div>
      {confirmReplace && (
        <div className="confirm" data-testid="contact-sheet-exists">
          <p className="reason">{confirmReplace} exists already. Replace it?</p>
          <div className="row">
            <button data-testid="contact-sheet-replace" onClick={() => void write(true)}>
              Replace
            </button>
            <button onClick={() => setConfirmReplace(null)}>Keep it</button>
          </div>
        </div>
      )}
      {job && <JobProgress job={job} />}
      {done && (
        <div data-testid="contact-sheet-done" data-path={done}>
          <img
            className="contact-sheet-image"
            data-testid="contact-sheet-image"
            alt={`contact sheet ${done}`}
            src={studio.api.frameUrl(done, 0, 1600)}
          />
          <div className="row">
            <code title={done}>{done.split(/[\\/]/).pop()}</code>
            <button onClick={() => void studio.jobs.reveal(done)}>Reveal</button>
          </div>
        </div>
      )}
    </div>
  );
}
