// Inspector: export, and the renders under way.
import { useStudio, useStudioState } from '../../components/context.ts';
import { JobProgress } from '../../components/JobProgress.tsx';
import { Section } from './Section.tsx';
import { QueuePanel } from '../queue/QueuePanel.tsx';

export function RenderSection() {
  const studio = useStudio();
  const jobs = useStudioState((s) => s.jobs);
  return (
    <Section title="Render">
      <button data-testid="open-export" onClick={() => studio.store.set({ modal: { kind: 'export' } })}>
        Export...
      </button>
      {Object.values(jobs)
        .filter((j) => j.kind === 'render')
        .map((j) => (
          <JobProgress key={j.jobId} job={j} />
        ))}
      <QueuePanel />
    </Section>
  );
}
