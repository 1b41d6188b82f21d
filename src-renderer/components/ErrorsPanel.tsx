// Every error in one place, with its reason; nothing fails silently.
import { useStudio, useStudioState } from './context.ts';

export function ErrorsPanel() {
  const studio = useStudio();
  const errors = useStudioState((s) => s.errors);
  const open = useStudioState((s) => s.errorsOpen);
  return (
    <div className={`errors ${open ? 'open' : ''}`} data-testid="errors-panel">
      <div className="errors-head">
        <button onClick={() => studio.store.set({ errorsOpen: !open })}>
          Errors ({errors.length}) {open ? '▾' : '▸'}
        </button>
        {errors.length > 0 && <button onClick={() => studio.store.set({ errors: [] })}>Clear</button>}
      </div>
      {open && (
        <ul className="errors-list">
          {errors.length === 0 && <li className="muted">No errors.</li>}
          {errors.map((e) => (
            <li key={e.id} data-testid="error-entry">
              <span className="muted">{e.time}</span> <b>{e.source}</b>: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
