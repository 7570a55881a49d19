import { Header } from './chrome/Header';
import { HintLine } from './chrome/HintLine';
import { Workspace } from './Workspace';
import { usePlayback, useReducedMotionEffect, useSkipKey, useThemeEffect } from './appEffects';

/** DockScope: a terminal, the architecture it drives, and the story of every message. */
export function App() {
  useThemeEffect();
  useReducedMotionEffect();
  usePlayback();
  useSkipKey();
  return (
    <div className="app">
      <Header />
      <HintLine />
      <Workspace />
    </div>
  );
}
