// The modal layer: file browser, recovery offer, unsaved-changes guard, export, depth view.
import { useStudio, useStudioState } from './context.ts';
import { FileBrowser } from './FileBrowser.tsx';
import { ExportDialog } from '../panels/export/ExportDialog.tsx';
import { DepthView } from '../panels/viewer/DepthView.tsx';
import { useEscape } from './escape.ts';

export function Modals() {
  const studio = useStudio();
  const modal = useStudioState((s) => s.modal);
  const depthResult = useStudioState((s) => s.depthResult);
  const close = () => studio.store.set({ modal: null });
  // The recovery offer closes on Escape without a choice (the autosave stays for the next start).
  useEscape(close, modal?.kind === 'recovery' || modal?.kind === 'confirm-discard');
  useEscape(() => studio.store.set({ depthResult: null }), !modal && depthResult !== null);
  if (!modal) return depthResult ? <DepthView result={depthResult} /> : null;
  if (modal.kind === 'browse') {
    return (
      <FileBrowser
        purpose={modal.purpose}
        initialDir={modal.dir}
        onCancel={close}
        onPick={async (path) => {
          // An import that fails keeps the dialog open with the reason (also in the Errors panel).
          if (modal.purpose === 'import-target' || modal.purpose === 'import-source') {
            const reason = await studio.media.importMedia(
              path,
              modal.purpose === 'import-target' ? 'target' : 'source',
            );
            if (reason === null) close();
            return reason;
          }
          close();
          if (modal.purpose === 'open') await studio.openProject(path);
          else if (modal.purpose === 'save-as') await studio.saveAs(path);
          return null;
        }}
      />
    );
  }
  if (modal.kind === 'recovery') {
    return (
      <div className="modal-back">
        <div className="modal" data-testid="recovery-dialog">
          <h2>Recover unsaved work?</h2>
          <p>
            An autosave of {modal.projectPath ?? 'an untitled project'} from{' '}
            {new Date(modal.savedAt).toLocaleString()} is newer than the saved project (the studio may have
            crashed).
          </p>
          <div className="row end">
            <button
              data-testid="recover"
              onClick={() => studio.acceptRecovery(modal.project, modal.projectPath, modal.history)}
            >
              Recover
            </button>
            <button onClick={() => void studio.discardRecovery(modal.projectPath)}>Discard autosave</button>
            <button onClick={close}>Later</button>
          </div>
        </div>
      </div>
    );
  }
  if (modal.kind === 'confirm-discard') {
    return (
      <div className="modal-back">
        <div className="modal" data-testid="confirm-discard">
          <h2>Unsaved changes</h2>
          <p>The project has changes that are not saved. Discard them?</p>
          <div className="row end">
            <button
              onClick={() => {
                close();
                void studio.save();
              }}
            >
              Save first
            </button>
            <button
              onClick={() => {
                close();
                if (modal.then === 'new') studio.newProject(true);
                else studio.requestOpen(true);
              }}
            >
              Discard
            </button>
            <button onClick={close}>Cancel</button>
          </div>
        </div>
      </div>
    );
  }
  return <ExportDialog />;
}
