/**
 * Where the page's main thread goes while commands animate: a CDP CPU profile of the
 * production build in headless Chromium (the bench's browser), summed by function.
 *
 *   npx tsx scripts/profileWeb.ts [--dist DIR] [--commands N] [--containers N] [--heap]
 *
 * `--warm N` runs N commands first, unmeasured (the JIT's warm-up then is not counted).
 * Prints the top functions by self time and the main thread's busy share (TaskDuration over
 * wall time) while `docker run -d nginx` runs N times at 1×. `--containers N` starts from a
 * stored session with N containers (as the bench's 100-container run does). `--heap` also
 * writes heap snapshots before and after the commands (/tmp/profile-web.{before,after}.heapsnapshot).
 * `--css RULES` adds a stylesheet to the page (an ablation: `--css '.packet{display:none}'` shows
 * what the packets cost by comparing busy shares with and without it, alternating runs).
 */
import { execSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const commands = Number(arg('commands', '5'));
const containers = Number(arg('containers', '0'));
/** Commands run before anything is measured (the JIT's warm-up is then not counted). */
const warm = Number(arg('warm', '0'));
let dist = arg('dist', '');
if (!dist) {
  dist = mkdtempSync(join(tmpdir(), 'dockscope-prof-'));
  execSync(`npx vite build --outDir ${dist} --emptyOutDir`, { stdio: 'ignore' });
}
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};
const server = createServer((req, res) => {
  let file = normalize(join(dist, new URL(req.url ?? '/', 'http://x').pathname));
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) return void res.writeHead(404).end();
  res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const address = server.address();
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;

const launch = await chromiumLaunchOptions();
const browser = await chromium.launch({
  ...launch,
  args: [...(launch.args ?? []), '--disable-quic', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.on('pageerror', (e) => console.error('pageerror', e.message));
if (containers > 0) {
  const inputs = [{ op: 'run', line: 'docker pull nginx' }];
  for (let i = 0; i < containers; i++) inputs.push({ op: 'run', line: 'docker run -d nginx' });
  const session = JSON.stringify({
    version: 1,
    columns: 80,
    inputs,
    mode: 'sandbox',
    history: [],
    lesson: null,
    completed: {},
  });
  await page.addInitScript(`localStorage.setItem('dockscope.session', ${JSON.stringify(session)})`);
}
/** An ablation: these rules hide or change a part of the page, to see what it costs to draw. */
const css = arg('css', '');
if (css)
  await page.addInitScript(
    `addEventListener('DOMContentLoaded', () => { const s = document.createElement('style'); s.textContent = ${JSON.stringify(css)}; document.head.append(s); })`,
  );
const CONTAINERS = `document.querySelectorAll('.react-flow__node[data-id^="container-"]').length`;
await page.goto(url);
await page.waitForFunction(
  `${CONTAINERS} >= ${containers} && /\\$/.test(document.querySelector('[data-testid="terminal"] .xterm-rows')?.textContent || '')`,
  null,
  { timeout: 120_000 },
);
await page.waitForTimeout(1500);
/** `docker run -d nginx`, typed, until its container is drawn and a moment more. */
async function runCommand(): Promise<void> {
  const before = (await page.evaluate(CONTAINERS)) as number;
  await page.focus('[data-testid="terminal"] textarea.xterm-helper-textarea');
  await page.keyboard.type('docker run -d nginx');
  await page.waitForTimeout(100);
  await page.keyboard.press('Enter');
  await page.waitForFunction(`${CONTAINERS} > ${before}`, null, { timeout: 180_000, polling: 100 });
  await page.waitForTimeout(500);
}
for (let i = 0; i < warm; i++) await runCommand();
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
const metrics = async (): Promise<Record<string, number>> =>
  Object.fromEntries(
    (
      (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }
    ).metrics.map((m) => [m.name, m.value]),
  );
/** A heap snapshot of the page's main thread, written to `path`. */
async function snapshot(path: string): Promise<void> {
  const chunks: string[] = [];
  const take = (e: { chunk: string }) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', take);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', take);
  writeFileSync(path, chunks.join(''));
}
if (process.argv.includes('--heap')) await snapshot('/tmp/profile-web.before.heapsnapshot');
await cdp.send('HeapProfiler.collectGarbage');
const heap0 = ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
const m0 = await metrics();
const wall0 = Date.now();
await cdp.send('Profiler.start');
const tracing = process.argv.includes('--trace');
if (tracing)
  await browser.startTracing(page, {
    path: '/tmp/profile-web.trace.json',
    categories: [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      'blink',
      'cc',
      'toplevel',
    ],
  });
for (let i = 0; i < commands; i++) await runCommand();
const { profile } = (await cdp.send('Profiler.stop')) as {
  profile: {
    nodes: {
      id: number;
      callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
      children?: number[];
    }[];
    samples: number[];
    timeDeltas: number[];
  };
};
if (tracing) await browser.stopTracing();
const m1 = await metrics();
const delta = (name: string) => ((m1[name] ?? 0) - (m0[name] ?? 0)) * 1000;
const wall = Date.now() - wall0;
await cdp.send('HeapProfiler.collectGarbage');
const heap1 = ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
writeFileSync('/tmp/profile-web.cpuprofile', JSON.stringify(profile));
if (process.argv.includes('--heap')) await snapshot('/tmp/profile-web.after.heapsnapshot');

const self = new Map<number, number>();
for (let i = 0; i < profile.samples.length; i++)
  self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + profile.timeDeltas[i]!);
const byFn = new Map<string, number>();
for (const n of profile.nodes) {
  const t = self.get(n.id) ?? 0;
  const f = n.callFrame;
  const key = `${f.functionName || '(anon)'} ${f.url.replace(/.*\//, '')}:${f.lineNumber}:${f.columnNumber}`;
  byFn.set(key, (byFn.get(key) ?? 0) + t);
}
const task = delta('TaskDuration');
console.log(
  `${commands} commands, ${containers} containers: wall ${wall} ms, main-thread task ${task.toFixed(0)} ms (${((100 * task) / wall).toFixed(1)} %), script ${delta('ScriptDuration').toFixed(0)} ms, layout ${delta('LayoutDuration').toFixed(0)} ms, style ${delta('RecalcStyleDuration').toFixed(0)} ms; heap ${((heap1 - heap0) / 1e6).toFixed(2)} MB`,
);
for (const [k, t] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 45))
  console.log(`${(t / 1000).toFixed(1).padStart(8)} ms  ${k}`);
await browser.close();
server.close();
