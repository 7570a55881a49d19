/**
 * `npm run sim`: runs scripts/sim.ts from one bundle, built with esbuild when any source
 * is newer than it (the first run on a fresh clone, and after every edit).
 *
 * Through tsx every run compiled the engine's few hundred files first, about 0.6 s
 * before the first command, which `--summary` timed from outside counted as the
 * engine's. Loading the bundle takes about 0.1 s. The check walks src/ and scripts/sim*
 * for modification times (a few ms); a build writes a temporary file and renames it, so
 * two runs at once never load a half-written bundle.
 */
import { mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const entry = join(root, 'scripts', 'sim.ts');
const bundle = join(root, 'node_modules', '.cache', 'dockscope', 'sim.mjs');

/** The newest modification time under `path` (a file or a directory), 0 if absent. */
function newest(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let t = stat.mtimeMs;
  for (const name of readdirSync(path)) t = Math.max(t, newest(join(path, name)));
  return t;
}

const sources = [
  join(root, 'src'),
  entry,
  join(root, 'scripts', 'sim'),
  join(root, 'scripts', 'simLauncher.mjs'),
  join(root, 'package-lock.json'),
];
const built = newest(bundle);
if (built === 0 || sources.some((s) => newest(s) > built)) {
  const { build } = await import('esbuild');
  mkdirSync(dirname(bundle), { recursive: true });
  const tmp = `${bundle}.${process.pid}.tmp`;
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile: tmp,
    logLevel: 'warning',
  });
  renameSync(tmp, bundle);
}
await import(pathToFileURL(bundle).href);
