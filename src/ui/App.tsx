import { Header } from './chrome/Header';
import { HintLine } from './chrome/HintLine';
import { Workspace } from './Workspace';
import {
  usePlayback,
  useReducedMotionEffect,
  useRegionKeys,
  useSkipKey,
  useThemeEffect,
} from './appEffects';
import { useAppStore } from './store';
import { NoticeBar } from './lazy';
import { useLearnBoot, usePresenterKey } from './learn/boot';

/** DockScope: a terminal, the architecture it drives, and the story of every message. */
export function App() {
  useThemeEffect();
  useReducedMotionEffect();
  usePlayback();
  useSkipKey();
  useRegionKeys();
  useLearnBoot();
  usePresenterKey();
  const presenter = useAppStore((s) => s.presenter);
  return (
    <div className={presenter ? 'app app--presenter' : 'app'}>
      <Header />
      <NoticeBar />
      <HintLine />
      <Workspace />
    </div>
  );
}
