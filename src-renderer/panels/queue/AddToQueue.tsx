// "Add to queue" beside Render now in the export dialog: the same render, queued in the engine's
// persistent queue (chunks, resumable) instead of run at once.
import { useState } from 'react';
import type { OutputFormat } from '../../../src-shared/media.ts';
import { useStudio, useStudioState } from '../../components/context.ts';

export interface QueueRequest {
  clipId: string;
  format: OutputFormat;
  start: number;
  end: number;
  audio: boolean;
  timecode: boolean;
  outPath: string;
  overwrite: boolean;
}

export function AddToQueue({ request, disabled }: { request: QueueRequest; disabled: boolean }) {
  const studio = useStudio();
  const project = useStudioState((s) => s.project);
  const projectPath = useStudioState((s) => s.projectPath);
  const [queued, setQueued] = useState<string | null>(null);
  const add = async () => {
    const r = await studio.guard('add to queue', () =>
      studio.api.call('queue.add', { project, projectPath, ...request }),
    );
    if (r) setQueued(r.jobId);
  };
  return (
    <>
      <button data-testid="add-to-queue" disabled={disabled} onClick={() => void add()}>
        Add to queue
      </button>
      {queued && <span className="muted">queued as {queued}</span>}
    </>
  );
}
