// The media bin: target clips and source faces with their probe details; import by file browser or drop.
import type { MediaInfo } from '../../../src-shared/media.ts';
import { frameRateToNumber } from '../../../src-shared/media.ts';
import { formatDuration } from '../../../src-shared/progress.ts';
import { useStudio, useStudioState } from '../../components/context.ts';
import { JobProgress } from '../../components/JobProgress.tsx';

function details(info: MediaInfo | undefined): string {
  if (!info) return 'probing...';
  const parts = [`${info.width}x${info.height}`];
  if (!info.isImage) {
    parts.push(
      `${frameRateToNumber(info.frameRate)
        .toFixed(3)
        .replace(/\.?0+$/, '')} fps`,
    );
    parts.push(`${info.frameCount} frames`, formatDuration(info.durationSeconds));
  }
  parts.push(info.videoCodec + (info.videoProfile ? ` ${info.videoProfile}` : ''), info.pixelFormat);
  if (info.startTimecode) parts.push(`TC ${info.startTimecode}`);
  parts.push(
    info.audio.length > 0
      ? `audio ${info.audio.map((a) => `${a.codec} ${a.channels}ch`).join(', ')}`
      : 'no audio',
  );
  return parts.join(' · ');
}

const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;

/** The clip's scrub proxy: made in the background on import, with its progress. */
function ProxyStatus({ clipPath }: { clipPath: string }) {
  const proxy = useStudioState((s) => s.proxies[clipPath]);
  const job = useStudioState((s) => (proxy?.jobId ? s.jobs[proxy.jobId] : undefined));
  if (!proxy) return null;
  if (proxy.status === 'making' && job) return <JobProgress job={job} />;
  return (
    <div className="bin-details" data-testid="proxy-status" data-status={proxy.status}>
      {proxy.status === 'ready'
        ? 'scrub proxy ready'
        : 'scrub proxy failed (see Errors); scrubbing at full size'}
    </div>
  );
}

export function MediaBin() {
  const studio = useStudio();
  const project = useStudioState((s) => s.project);
  const media = useStudioState((s) => s.media);
  return (
    <div className="bin" data-testid="media-bin">
      <section>
        <header>
          Target clips
          <button
            data-testid="import-target"
            onClick={() =>
              studio.store.set({ modal: { kind: 'browse', purpose: 'import-target', dir: null } })
            }
          >
            + Import
          </button>
        </header>
        {project.clips.length === 0 && (
          <p className="muted">No clip. Import one or drop a file on the window.</p>
        )}
        {project.clips.map((c) => (
          <div
            key={c.id}
            className={`bin-item ${c.id === project.activeClipId ? 'active' : ''}`}
            data-testid="bin-clip"
            onClick={() => studio.media.selectClip(c.id)}
          >
            <div className="bin-name" title={c.path}>
              {baseName(c.path)}
            </div>
            <div className="bin-details">{details(media[c.path])}</div>
            <div className="bin-details">{c.analysis ? 'analysed' : 'not analysed'}</div>
            <ProxyStatus clipPath={c.path} />
          </div>
        ))}
      </section>
      <section>
        <header>
          Source faces
          <button
            data-testid="import-source"
            onClick={() =>
              studio.store.set({ modal: { kind: 'browse', purpose: 'import-source', dir: null } })
            }
          >
            + Import
          </button>
        </header>
        {project.sources.length === 0 && <p className="muted">No source face.</p>}
        {project.sources.map((s) => (
          <div
            key={s.id}
            className={`bin-item ${s.id === project.activeSourceId ? 'active' : ''}`}
            data-testid="bin-source"
            onClick={() => studio.media.selectSource(s.id)}
          >
            <img className="bin-thumb" src={studio.api.frameUrl(s.path, s.frame, 120)} alt="" />
            <div className="bin-name" title={s.path}>
              {baseName(s.path)}
            </div>
            <div className="bin-details">{details(media[s.path])}</div>
          </div>
        ))}
      </section>
    </div>
  );
}
