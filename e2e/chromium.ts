import { existsSync } from 'node:fs';

/**
 * How DockScope launches Chromium: Debian's `/usr/bin/chromium` when it is
 * installed (no browser download is possible on the build machines), with the
 * flags it needs there; otherwise Playwright's own browser.
 */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export const chromiumLaunchOptions = existsSync(SYSTEM_CHROMIUM)
  ? {
      executablePath: SYSTEM_CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    }
  : {};
