import { useEffect } from 'react';
import { appStore, useAppStore } from './store';
import { player } from './playback/player';
import { startSimClock } from './playback/simClock';
import { handlePlaybackKey } from './playback/shortcuts';
import { cycleRegion } from './playback/regions';

/** Puts the theme on <html> and follows the system theme until the learner picks one. */
export function useThemeEffect(): void {
  const theme = useAppStore((s) => s.theme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);
  useEffect(() => {
    const list = window.matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => appStore.getState().followSystemTheme(list.matches ? 'dark' : 'light');
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, []);
}

/** Follows `prefers-reduced-motion`: packets then light up in place instead of travelling. */
export function useReducedMotionEffect(): void {
  useEffect(() => {
    const list = window.matchMedia('(prefers-reduced-motion: reduce)');
    const onChange = () => appStore.getState().setReducedMotion(list.matches);
    onChange();
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, []);
}

/** Starts the replay of the trace and the clock that lets simulated time pass between commands. */
export function usePlayback(): void {
  useEffect(() => {
    const stopPlayer = player.start();
    const stopClock = startSimClock();
    return () => {
      stopClock();
      stopPlayer();
    };
  }, []);
}

/**
 * The playback keys (Space, ←/→, Home/End, ?) when focus is not in the
 * terminal or a text field; Escape anywhere skips the running animation to
 * its end.
 */
export function useSkipKey(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (handlePlaybackKey(e) && e.key !== 'Escape') e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/**
 * F6 / Shift+F6 cycle the focus through the page's regions, from anywhere,
 * the terminal included. Listened to in the capture phase: xterm handles
 * (and stops) every key that reaches its textarea, so a listener on the way
 * down is the only one that sees F6 there.
 */
export function useRegionKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'F6' || e.altKey || e.ctrlKey || e.metaKey) return;
      e.preventDefault();
      e.stopPropagation();
      cycleRegion(e.shiftKey ? -1 : 1);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
