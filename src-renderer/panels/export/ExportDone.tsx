// What an export wrote, when it is done: the file, its frames, duration, format and size (probed from the
// file itself), with Reveal and Play (in the viewer, looped).
import { useEffect, useState } from 'react';
import type { MediaInfo, OutputFormat } from '../../../src-shared/media.ts';
import { formatDuration } from '../../../src-shared/progress.ts';
import { useStudio } from '../../components/context.ts';

const FORMAT_NAMES: Record<OutputFormat, string> = {
  'prores-hq': 'ProRes 422 HQ',
  'prores-4444': 'ProRes 4444 + matte',
  h264: 'H.264',
};

function size(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} KB`;
}

/** Seconds with the precision a short range needs (0.16 s), a long one as h:mm:ss. */
function duration(seconds: number): string {
  return seconds < 60 ? `${seconds.toFixed(2)} s` : formatDuration(seconds);
}

export function ExportDone(props: { path: string; format: OutputFormat; clipStart: number }) {
  const studio = useStudio();
  const [facts, setFacts] = useState<{ info: MediaInfo; bytes: number } | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      const info = await studio.guard('export', () => studio.api.call('media.probe', { path: props.path }));
      const st = await studio.guard('export', () => studio.api.call('fs.stat', { path: props.path }));
      if (live && info && st) setFacts({ info, bytes: st.size });
    })();
    return () => {
      live = false;
    };
  }, [props.path, studio]);
  const name = props.path.split(/[\\/]/).pop() ?? props.path;
  return (
    <div className="export-done" data-testid="export-done">
      <p>
        <b>Done:</b> <code title={props.path}>{name}</code>
      </p>
      {facts && (
        <p className="muted" data-testid="export-facts" data-frames={facts.info.frameCount}>
          {facts.info.frameCount} frames · {duration(facts.info.durationSeconds)} ·{' '}
          {FORMAT_NAMES[props.format]} ({facts.info.videoCodec}) · {size(facts.bytes)}
          {facts.info.startTimecode ? ` · TC ${facts.info.startTimecode}` : ''}
        </p>
      )}
      <div className="row">
        <button data-testid="export-reveal" onClick={() => void studio.jobs.reveal(props.path)}>
          Reveal
        </button>
        <button
          data-testid="export-play"
          onClick={() => void studio.review.play(props.path, props.clipStart, `Export: ${name}`)}
        >
          Play
        </button>
      </div>
    </div>
  );
}
