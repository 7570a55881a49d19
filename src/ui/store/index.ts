import { create } from 'zustand';
import { createThemeSlice, type ThemeSlice } from './themeSlice';
import { createLayoutSlice, type LayoutSlice } from './layoutSlice';
import { createPlaybackSlice, type PlaybackSlice } from './playbackSlice';
import { createSessionSlice, type SessionSlice } from './sessionSlice';
import { createLearnSlice, type LearnSlice } from './learnSlice';
import { createDetailSlice, type DetailSlice } from './detailSlice';

/** UI state only: the simulation lives in the bridge, never here. */
export type AppState = ThemeSlice &
  LayoutSlice &
  PlaybackSlice &
  SessionSlice &
  LearnSlice &
  DetailSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createThemeSlice(...a),
  ...createLayoutSlice(...a),
  ...createPlaybackSlice(...a),
  ...createSessionSlice(...a),
  ...createLearnSlice(...a),
  ...createDetailSlice(...a),
}));

/** The same store outside React (the player and the terminal session are plain classes). */
export const appStore = useAppStore;
