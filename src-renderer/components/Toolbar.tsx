// Project actions and status.
import { useStudio, useStudioState } from './context.ts';

export function Toolbar() {
  const studio = useStudio();
  const name = useStudioState((s) => s.project.name);
  const path = useStudioState((s) => s.projectPath);
  const dirty = useStudioState((s) => s.project !== s.saved);
  const status = useStudioState((s) => s.status);
  const version = useStudioState((s) => s.version);
  return (
    <div className="toolbar">
      <b className="brand">DepthSwap Studio</b>
      <button onClick={() => studio.newProject()}>New</button>
      <button data-testid="open-project" onClick={() => studio.requestOpen()}>
        Open...
      </button>
      <button data-testid="save-project" onClick={() => void studio.save()}>
        Save
      </button>
      <button onClick={() => studio.store.set({ modal: { kind: 'browse', purpose: 'save-as', dir: null } })}>
        Save as...
      </button>
      <span className="title" data-testid="project-title" title={path ?? ''}>
        {path ? path.split(/[\\/]/).pop() : name}
        {dirty ? ' •' : ''}
      </span>
      <span className="status" data-testid="status">
        {status}
      </span>
      <span className="muted">{version && `v${version}`}</span>
    </div>
  );
}
