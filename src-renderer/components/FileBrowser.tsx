// A file dialog that works in the desktop app and in the browser alike: the engine lists folders, the user
// picks a file (or types a path; for 'save as' and export, a new file name).
import { useEffect, useState } from 'react';
import type { DirEntry } from '../../src-shared/api/schemas.ts';
import { useStudio } from './context.ts';

export type BrowsePurpose = 'open' | 'import-target' | 'import-source' | 'save-as' | 'export-out';

const TITLES: Record<BrowsePurpose, string> = {
  open: 'Open project',
  'import-target': 'Import target clip',
  'import-source': 'Import source face (image or clip)',
  'save-as': 'Save project as',
  'export-out': 'Export to',
};

const MEDIA = /\.(mov|mp4|m4v|mkv|mxf|avi|webm|png|jpe?g|ppm|bmp|tiff?|webp)$/i;

export function FileBrowser(props: {
  purpose: BrowsePurpose;
  initialDir: string | null;
  onPick: (path: string) => void;
  onCancel: () => void;
}) {
  const studio = useStudio();
  const [dir, setDir] = useState<string | null>(props.initialDir);
  const [listing, setListing] = useState<{ dir: string; parent: string | null; entries: DirEntry[] } | null>(
    null,
  );
  const [typed, setTyped] = useState('');
  const saving = props.purpose === 'save-as' || props.purpose === 'export-out';
  const [recent, setRecent] = useState<string[]>([]);

  useEffect(() => {
    if (props.purpose !== 'open') return;
    void studio
      .guard('recent projects', () => studio.api.call('project.recent', {}))
      .then((r) => {
        if (r) setRecent(r.projects);
      });
  }, [props.purpose, studio]);

  useEffect(() => {
    let live = true;
    void studio
      .guard('browse', () => studio.api.call('fs.list', dir ? { dir } : {}))
      .then((r) => {
        if (live && r) setListing(r);
      });
    return () => {
      live = false;
    };
  }, [dir, studio]);

  const visible = (listing?.entries ?? []).filter(
    (e) =>
      e.kind === 'dir' ||
      (props.purpose === 'open' ? e.name.endsWith('.dsproj') : saving || MEDIA.test(e.name)),
  );
  const join = (name: string) => (/^(\/|[A-Za-z]:\\)/.test(name) ? name : `${listing?.dir ?? ''}/${name}`);

  return (
    <div className="modal-back">
      <div className="modal file-browser" data-testid="file-browser">
        <h2>{TITLES[props.purpose]}</h2>
        {recent.length > 0 && (
          <div className="recent">
            <div className="muted">Recent projects</div>
            {recent.map((p) => (
              <button
                key={p}
                className="entry"
                data-testid="recent-project"
                title={p}
                onClick={() => props.onPick(p)}
              >
                {p}
              </button>
            ))}
          </div>
        )}
        <div className="row">
          <button disabled={!listing?.parent} onClick={() => listing?.parent && setDir(listing.parent)}>
            ↑ Up
          </button>
          <code className="path">{listing?.dir ?? '...'}</code>
        </div>
        <ul className="entries">
          {visible.map((e) => (
            <li key={e.path}>
              <button
                className="entry"
                data-testid="fs-entry"
                data-name={e.name}
                onClick={() => {
                  if (e.kind === 'dir') {
                    setDir(e.path);
                    if (!saving) setTyped('');
                  } else if (saving) setTyped(e.name);
                  else props.onPick(e.path);
                }}
              >
                {e.kind === 'dir' ? '📁 ' : ''}
                {e.name}
              </button>
            </li>
          ))}
        </ul>
        <form
          className="row"
          onSubmit={(ev) => {
            ev.preventDefault();
            if (typed.trim()) props.onPick(join(typed.trim()));
          }}
        >
          <input
            data-testid="fs-path"
            placeholder={saving ? 'file name' : 'or type a path'}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
          <button type="submit" data-testid="fs-ok" disabled={!typed.trim()}>
            {saving ? 'Save' : 'Open'}
          </button>
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        </form>
      </div>
    </div>
  );
}
