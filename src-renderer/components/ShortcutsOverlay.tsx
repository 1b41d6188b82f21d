// The `?` overlay: every keyboard shortcut, from the one table the key handler runs (shortcuts.ts).
import { useStudio, useStudioState } from './context.ts';
import { SHORTCUTS } from './shortcuts.ts';
import { useEscape } from './escape.ts';

function Overlay() {
  const studio = useStudio();
  const close = () => studio.store.set({ shortcutsOpen: false });
  useEscape(close);
  return (
    <div className="modal-back" onClick={close}>
      <div className="modal shortcuts" data-testid="shortcuts" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <p className="muted">
          They work wherever the focus is, except while typing in a text field. Escape closes any dialog.
        </p>
        <table>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <td>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{s.what}</td>
              </tr>
            ))}
            <tr>
              <td>
                <kbd>Timecode field</kbd>
              </td>
              <td>01:00:02:10, 2:10 (fills from the current timecode), 150 (frame), +10, -1:00 (relative)</td>
            </tr>
          </tbody>
        </table>
        <div className="row end">
          <button onClick={close}>Close</button>
        </div>
      </div>
    </div>
  );
}

export function ShortcutsOverlay() {
  const open = useStudioState((s) => s.shortcutsOpen);
  return open ? <Overlay /> : null;
}
