import type { ReactNode } from 'react';

/** A screen that is not built yet says so plainly, and shows no made-up data. */
export function ComingNext({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="panel">
      <h1 id="screen-title">{title}</h1>
      <p className="coming-next-label">Not available yet</p>
      <div className="coming-next">{children}</div>
    </section>
  );
}
