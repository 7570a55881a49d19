import { lazy, Suspense, type ComponentType } from 'react';

/**
 * The parts of the page that load after its first paint (issue 12), each a chunk of its own:
 * the page's shell and the terminal come first, and these are fetched as soon as the app
 * mounts. Until one has arrived its place stays empty (the boxes around them are drawn by the
 * app, so nothing moves when it does).
 */
function later<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Part = lazy(() => load().then((component) => ({ default: component })));
  return function Later(props: P) {
    return (
      <Suspense fallback={null}>
        <Part {...props} />
      </Suspense>
    );
  };
}

/** The architecture diagram, with React Flow and its styles. */
export const DiagramPanel = later(() => import('./diagramChunk').then((m) => m.DiagramPanel));
/** The timeline of every message under the diagram. */
export const Timeline = later(() => import('./timeline/Timeline').then((m) => m.Timeline));
/** The inspector's detail of the selected message. */
export const Inspector = later(() => import('./inspector/Inspector').then((m) => m.Inspector));
/** Lessons, drills and questions, above the terminal. */
export const LearnPanel = later(() => import('./learn/LearnPanel').then((m) => m.LearnPanel));
/** The mode switch, reset, share, import and export of a session. */
export const LearnControls = later(() =>
  import('./learn/LearnControls').then((m) => m.LearnControls),
);
/** Export as PNG, Mermaid or text. */
export const ExportControls = later(() =>
  import('./export/ExportControls').then((m) => m.ExportControls),
);
/** Notices and the question a shared link asks. */
export const NoticeBar = later(() => import('./learn/NoticeBar').then((m) => m.NoticeBar));
// ── fault: the faults panel (faults/FaultsControls.tsx) ──
/** Faults a learner or a teacher injects. */
export const FaultsControls = later(() =>
  import('./faults/FaultsControls').then((m) => m.FaultsControls),
);
