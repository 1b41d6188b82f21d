// The modal layer: file browser, recovery offer, unsaved-changes guard, export, depth view.
import { useStudio, useStudioState } from './context.ts';
import { FileBrowser } from './FileBrowser.tsx';
import { ExportDialog } from './ExportDialog.tsx';
import { DepthView } from './DepthView.tsx';

export function Modals() {
  const studio = useStudio();
  const modal = useStudioState((s) => s.modal);
  const depthResult = useStudioState((s) => s.depthResult);
  if (!modal) return depthResult ? <DepthView result={depthResult} /> : null;
  const close = () => studio.store.set({ modal: null });
  if (modal.kind === 'browse') {
    return (
      <FileBrowser
        purpose={modal.purpose}
        initialDir={modal.dir}
        onCancel={close}
        onPick={(path) => {
          close();
          if (modal.purpose === 'open') void studio.openProject(path);
          else if (modal.purpose === 'save-as') void studio.saveAs(path);
          else if (modal.purpose === 'import-target') void studio.importMedia(path, 'target');
          else if (modal.purpose === 'import-source') void studio.importMedia(path, 'source');
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
              onClick={() => studio.acceptRecovery(modal.project, modal.projectPath)}
            >
              Recover
            </button>
            <button onClick={() => void studio.discardRecovery(modal.projectPath)}>Discard autosave</button>
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
