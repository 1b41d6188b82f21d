// A file dialog that works in the desktop app and in the browser alike: the engine lists folders, the user
// picks a file (or types a path; for 'save as' and export, a new file name). It starts in the last folder
// used (then the home folder), keeps recent folders, opens a typed folder on Enter, says when a folder is
// empty, selects on click and picks on double-click; a pick that fails shows its reason here.
import { useEffect, useState } from 'react';
import type { DirEntry } from '../../src-shared/api/schemas.ts';
import { useStudio } from './context.ts';
import { useEscape } from './escape.ts';
import { lastFolder, recentFolders, rememberFolder } from './recent-folders.ts';

export type BrowsePurpose = 'open' | 'import-target' | 'import-source' | 'save-as' | 'export-out';

const TITLES: Record<BrowsePurpose, string> = {
  open: 'Open project',
  'import-target': 'Import target clip',
  'import-source': 'Import source face (image or clip)',
  'save-as': 'Save project as',
  'export-out': 'Export to',
};

const MEDIA = /\.(mov|mp4|m4v|mkv|mxf|avi|webm|png|jpe?g|ppm|bmp|tiff?|webp)$/i;

type Listing = { dir: string; parent: string | null; entries: DirEntry[] };

export function FileBrowser(props: {
  purpose: BrowsePurpose;
  initialDir: string | null;
  /** Answers the reason when the pick failed (the dialog stays open with it). */
  onPick: (path: string) => Promise<string | null> | null;
  onCancel: () => void;
}) {
  const studio = useStudio();
  const [dir, setDir] = useState<string | null>(props.initialDir ?? lastFolder());
  const [listing, setListing] = useState<Listing | null>(null);
  const [typed, setTyped] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [startDir] = useState(dir);
  const saving = props.purpose === 'save-as' || props.purpose === 'export-out';
  const [recent, setRecent] = useState<string[]>([]);
  useEscape(props.onCancel);

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
    studio.api
      .call('fs.list', dir ? { dir } : {})
      .then((r) => {
        if (!live) return;
        setListing(r);
        setSelected(null);
      })
      .catch((err: unknown) => {
        if (!live) return;
        // A remembered folder that is gone: the home folder instead; otherwise say why here.
        if (dir !== null && dir === startDir && dir !== props.initialDir) setDir(null);
        else
          setError(
            `Cannot open the folder ${dir ?? ''}: ${err instanceof Error ? err.message : String(err)}`,
          );
      });
    return () => {
      live = false;
    };
  }, [dir, studio, startDir, props.initialDir]);

  const visible = (listing?.entries ?? []).filter(
    (e) =>
      e.kind === 'dir' ||
      (props.purpose === 'open' ? e.name.endsWith('.dsproj') : saving || MEDIA.test(e.name)),
  );
  const join = (name: string) => (/^(\/|[A-Za-z]:\\)/.test(name) ? name : `${listing?.dir ?? ''}/${name}`);

  const openDir = (d: string) => {
    setError(null);
    setDir(d);
    if (!saving) setTyped('');
  };

  const pick = async (p: string) => {
    setError(null);
    setBusy(true);
    try {
      if (listing) rememberFolder(listing.dir);
      const reason = await props.onPick(p);
      if (typeof reason === 'string') setError(reason);
    } finally {
      setBusy(false);
    }
  };

  /** Enter / Open on the typed text: a folder opens, anything else is picked. */
  const submit = async () => {
    const text = typed.trim();
    if (!text) {
      if (selected) {
        const entry = visible.find((e) => e.path === selected);
        if (entry?.kind === 'dir') openDir(entry.path);
        else if (entry) await pick(entry.path);
      }
      return;
    }
    const full = join(text);
    try {
      await studio.api.call('fs.list', { dir: full });
      openDir(full);
      return;
    } catch {
      // Not a folder: a file to pick.
    }
    await pick(full);
  };

  const folders = recentFolders().filter((f) => f !== listing?.dir);
  const emptyText =
    listing && listing.entries.length === 0
      ? 'This folder is empty.'
      : listing && visible.length === 0
        ? props.purpose === 'open'
          ? 'No projects (.dsproj) and no folders here.'
          : 'No media files and no folders here.'
        : null;

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
                onClick={() => void pick(p)}
              >
                {p}
              </button>
            ))}
          </div>
        )}
        {folders.length > 0 && (
          <div className="recent">
            <div className="muted">Recent folders</div>
            {folders.map((f) => (
              <button
                key={f}
                className="entry"
                data-testid="recent-folder"
                title={f}
                onClick={() => openDir(f)}
              >
                📁 {f}
              </button>
            ))}
          </div>
        )}
        <div className="row">
          <button disabled={!listing?.parent} onClick={() => listing?.parent && openDir(listing.parent)}>
            ↑ Up
          </button>
          <code className="path" data-testid="fs-dir">
            {listing?.dir ?? '...'}
          </code>
        </div>
        <ul className="entries">
          {emptyText && (
            <li className="muted" data-testid="fs-empty">
              {emptyText}
            </li>
          )}
          {visible.map((e) => (
            <li key={e.path}>
              <button
                className={`entry${selected === e.path ? ' selected' : ''}`}
                data-testid="fs-entry"
                data-name={e.name}
                title={e.kind === 'dir' ? 'double-click to open' : 'double-click to choose'}
                onClick={() => {
                  setSelected(e.path);
                  if (e.kind === 'file' && saving) setTyped(e.name);
                }}
                onDoubleClick={() => (e.kind === 'dir' ? openDir(e.path) : void pick(e.path))}
              >
                {e.kind === 'dir' ? '📁 ' : ''}
                {e.name}
              </button>
            </li>
          ))}
        </ul>
        {error && (
          <p className="reason error" data-testid="fs-error" role="alert">
            {error}
          </p>
        )}
        <form
          className="row"
          onSubmit={(ev) => {
            ev.preventDefault();
            void submit();
          }}
        >
          <input
            data-testid="fs-path"
            placeholder={saving ? 'file name' : 'or type a path or folder'}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
          <button type="submit" data-testid="fs-ok" disabled={busy || (!typed.trim() && !selected)}>
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
