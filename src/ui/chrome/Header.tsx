import { memo } from 'react';
import { ThemeToggle } from './ThemeToggle';
import { DetailLevelToggle } from './DetailLevelToggle';
import { ExportControls, FaultsControls, LearnControls } from '../lazy';
import { SettingsPanel } from './SettingsPanel';

/** The page header: name, what it is, and the global controls. */
export const Header = memo(function Header() {
  return (
    <header className="app-header">
      <div className="app-header__brand">
        <svg
          viewBox="0 0 32 32"
          width="26"
          height="26"
          aria-hidden="true"
          className="app-header__logo"
        >
          <rect
            x="3"
            y="6"
            width="26"
            height="20"
            rx="4"
            fill="none"
            stroke="currentColor"
            strokeWidth="2.2"
          />
          <path
            d="M9 13l4 3-4 3M15 20h7"
            fill="none"
            stroke="currentColor"
            strokeWidth="2.2"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        <h1>DockScope</h1>
        <p className="app-header__tagline">See what a docker command does, message by message.</p>
      </div>
      <div className="app-header__controls">
        <LearnControls />
        <DetailLevelToggle />
        <FaultsControls />
        <ExportControls />
        <SettingsPanel />
        <ThemeToggle />
      </div>
    </header>
  );
});
