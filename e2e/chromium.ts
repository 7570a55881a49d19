import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createBrotliDecompress } from 'node:zlib';
import type { LaunchOptions } from '@playwright/test';

/**
 * How DockScope launches Chromium, for the end-to-end tests, the screenshot
 * script and the bench — one place, so none of them needs a browser that
 * `npm install` did not bring.
 *
 * 1. `DOCKSCOPE_CHROMIUM=/path/to/chrome`: your own browser, if you want one.
 * 2. Linux x64: the Chromium inside the `@sparticuz/chromium` npm package, so
 *    `npm install && npm test` is the whole set-up (no `playwright install`,
 *    which downloads from a browser CDN, and no system package). CI uses it
 *    too, so CI tests what a new user gets.
 * 3. Anywhere else (macOS, Windows, Linux arm64: the package holds an x64
 *    Linux build only): Playwright's own browser, `npx playwright install chromium`.
 */
export async function chromiumLaunchOptions(): Promise<LaunchOptions> {
  const own = process.env.DOCKSCOPE_CHROMIUM;
  if (own) return { executablePath: own, args: FLAGS };
  if (process.platform === 'linux' && process.arch === 'x64') return packagedChromium();
  return {};
}

/**
 * Flags for a Chromium we start ourselves. The sandbox needs user namespaces or
 * a setuid helper, which containers and CI machines (often root) lack; the page
 * under test is our own build, served locally. The rest keep the browser from
 * talking to Google's services in the middle of a test.
 */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The package ships Chromium brotli-compressed, with its fonts, SwiftShader and
 * (for Amazon Linux) the NSS libraries it links against. Its own
 * `executablePath()` unpacks into the shared tmp folder under unversioned names
 * (a `/tmp/chromium` left by another version or user is taken as is) and
 * leaves the libraries out off Amazon Linux; so we unpack the same files once
 * per version under node_modules/.cache, which `npm ci` clears with the rest.
 */
async function packagedChromium(): Promise<LaunchOptions> {
  const require = createRequire(import.meta.url);
  const root = join(dirname(require.resolve('@sparticuz/chromium')), '..');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  const dir = join(root, '..', '..', '.cache', `sparticuz-chromium-${version}`);
  if (!existsSync(join(dir, DONE))) await unpack(join(root, 'bin'), dir);
  const fontsConf = join(dir, 'fonts.conf');
  const fonts = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  await writeIfChanged(fontsConf, fontsConfig(relative(dir, fonts)));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  // Only the fonts we ship: the pages render alike on every machine, fonts or none.
  env.FONTCONFIG_FILE = fontsConf;
  // The NSS libraries were built for glibc 2.34; an older system keeps its own.
  if (glibcAtLeast(2, 34))
    env.LD_LIBRARY_PATH = [join(dir, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  return { executablePath: join(dir, 'chromium'), args: FLAGS, env };
}

/** Written last: a folder without it is a half-finished unpack. */
const DONE = '.unpacked';

/**
 * Into a private folder first, then renamed into place: the Playwright runner
 * and its workers may all get here at once, and none may see a half-written
 * browser.
 */
async function unpack(bin: string, dir: string): Promise<void> {
  const work = `${dir}.${process.pid}.tmp`;
  await rm(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  await pipeline(
    createReadStream(join(bin, 'chromium.br')),
    createBrotliDecompress(),
    createWriteStream(join(work, 'chromium'), { mode: 0o755 }),
  );
  await untar(join(bin, 'swiftshader.tar.br'), work); // libEGL, libGLESv2 beside the binary
  await untar(join(bin, 'al2023.tar.br'), work); // lib/libnss3.so …
  // Its fonts.tar.br (Open Sans, listed for Lambda's folders) is left out: see fontsConfig.
  await writeFile(join(work, DONE), '');
  try {
    await rename(work, dir);
  } catch (error) {
    // Another process finished first: its copy is as good as ours.
    await rm(work, { recursive: true, force: true });
    if (!existsSync(join(dir, DONE))) throw error;
  }
}

/**
 * The package's own font (Open Sans) has no monospace face, and the terminal
 * asks for one; DejaVu (from the dejavu-fonts-ttf
 * package) is what Debian and Ubuntu render with, and the page names
 * 'DejaVu Sans Mono' itself. The folder is named relative to this file, so the
 * checkout may move; no cache folder (fontconfig would take a relative one from
 * the working directory), as scanning 22 fonts takes no time.
 */
const fontsConfig = (fonts: string) => `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir prefix="relative">${fonts}</dir>
  <alias><family>sans-serif</family><prefer><family>DejaVu Sans</family></prefer></alias>
  <alias><family>sans</family><prefer><family>DejaVu Sans</family></prefer></alias>
  <alias><family>serif</family><prefer><family>DejaVu Serif</family></prefer></alias>
  <alias><family>monospace</family><prefer><family>DejaVu Sans Mono</family></prefer></alias>
  <!-- Chromium asks for "sans" for system-ui; a family we lack falls back to sans-serif, as on a desktop. -->
  <match target="pattern">
    <test qual="all" name="family" compare="not_eq"><string>sans-serif</string></test>
    <test qual="all" name="family" compare="not_eq"><string>serif</string></test>
    <test qual="all" name="family" compare="not_eq"><string>monospace</string></test>
    <edit name="family" mode="append_last"><string>sans-serif</string></edit>
  </match>
</fontconfig>
`;

/** Through a rename, so a browser starting meanwhile reads the old file or the new, whole. */
async function writeIfChanged(file: string, text: string): Promise<void> {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return;
  const work = `${file}.${process.pid}.tmp`;
  await writeFile(work, text);
  await rename(work, file);
}

/**
 * A brotli-compressed tar archive, extracted by the system's tar (every Linux
 * has one) from a file: fed through a pipe, tar may exit at the end-of-archive
 * marker before the padding after it is written, and the pipe breaks.
 */
async function untar(archive: string, into: string): Promise<void> {
  const tarFile = join(into, '.archive.tar');
  await pipeline(createReadStream(archive), createBrotliDecompress(), createWriteStream(tarFile));
  await promisify(execFile)('tar', ['-x', '-f', tarFile, '-C', into]);
  await rm(tarFile);
}

function glibcAtLeast(major: number, minor: number): boolean {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } })
    .header;
  const [a = 0, b = 0] = (header?.glibcVersionRuntime ?? '0.0').split('.').map(Number);
  return a > major || (a === major && b >= minor);
}
