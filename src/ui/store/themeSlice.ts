import type { StateCreator } from 'zustand';
import type { AppState } from './index';

export type Theme = 'light' | 'dark';

export interface ThemeSlice {
  theme: Theme;
  /** True once the learner picked a theme; until then the OS preference wins. */
  themeChosen: boolean;
  toggleTheme: () => void;
  followSystemTheme: (theme: Theme) => void;
}

const STORAGE_KEY = 'dockscope.theme';

function initialTheme(): { theme: Theme; themeChosen: boolean } {
  if (typeof window === 'undefined') return { theme: 'light', themeChosen: false };
  const saved = window.localStorage.getItem(STORAGE_KEY);
  if (saved === 'light' || saved === 'dark') return { theme: saved, themeChosen: true };
  const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
  return { theme: dark ? 'dark' : 'light', themeChosen: false };
}

export const createThemeSlice: StateCreator<AppState, [], [], ThemeSlice> = (set, get) => ({
  ...initialTheme(),
  toggleTheme: () => {
    const theme: Theme = get().theme === 'dark' ? 'light' : 'dark';
    window.localStorage.setItem(STORAGE_KEY, theme);
    set({ theme, themeChosen: true });
  },
  followSystemTheme: (theme) => {
    if (!get().themeChosen) set({ theme });
  },
});
