// The Inspector's building blocks: a titled section, and the reason a control is unavailable.
import type { ReactNode } from 'react';

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="panel">
      <h3>{title}</h3>
      {children}
    </section>
  );
}

export function Unavailable({ reason }: { reason: string | null | undefined }) {
  return reason ? <p className="reason">{reason}</p> : null;
}
