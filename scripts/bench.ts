/**
 * DockScope benchmarks (a benchmark, not a test: it prints numbers).
 *
 *   npm run bench
 *
 * 1. Engine CPU time per `docker run` over 1,000 commands (budget: < 1 ms median).
 * 2. Heap after 10,000 commands (trace included).
 * 2b. The same `docker run` with three hosts of 300 live containers each, against one empty host.
 * 3. The production build's initial JavaScript, gzipped (budget: 250 KB).
 * 4. `npm run daemon` under load: 50 keep-alive clients, 100,000 requests on loopback
 *    (`--requests N` for another count), RSS before and after.
 * 5. Rewind to the first message of a 1,000-command session (budget: < 100 ms).
 * 6. Frame times while the timeline of a long session scrolls, in Chromium.
 * 7. The page side by side with a blank page (scripts/benchWeb.ts): ready to type, Enter → next
 *    paint, main-thread busy per command, missed vsyncs with 100 containers, initial JS, heap
 *    growth (`--runs N` runs each, default 3; `--repeat K` commands per run, default 10).
 *
 * `npm run bench -- --only runs,heap` runs only the parts named (runs, hosts, heap, rewind,
 * bundle, load, scroll, web).
 */
import { execSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { Engine as EngineClass } from '../src/sim/engine';
import { benchLoad } from './benchLoad';
import { benchRewind, benchTimelineScroll } from './benchRewind';
import { benchWeb, initialJs } from './benchWeb';

// Measure the engine as the browser gets it: bundled and minified, not through tsx's dev transform.
const outDir = mkdtempSync(join(tmpdir(), 'dockscope-bench-'));
await build({
  entryPoints: ['src/sim/engine.ts'],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'neutral',
  outfile: join(outDir, 'engine.mjs'),
  logLevel: 'silent',
});
const { Engine } = (await import(pathToFileURL(join(outDir, 'engine.mjs')).href)) as {
  Engine: typeof EngineClass;
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function benchRuns(
  label: string,
  line: (i: number) => string,
  setup: string[],
  count: number,
): void {
  const engine = new Engine({ seed: 1 });
  for (const s of setup) engine.run(s);
  const times: number[] = [];
  const cpu0 = cpuMs();
  for (let i = 0; i < count; i++) {
    engine.advance(10);
    const t0 = performance.now();
    const r = engine.run(line(i));
    times.push(performance.now() - t0);
    if (r.exitCode !== 0) throw new Error(`${line(i)} failed: ${r.stderr}`);
  }
  const cpu = cpuMs() - cpu0;
  console.log(
    `${label.padEnd(48)} median ${median(times).toFixed(3)} ms  p90 ${pct(times, 0.9).toFixed(3)} ms  CPU/cmd ${(cpu / count).toFixed(3)} ms  (${count} runs, ${engine.trace.length} messages)`,
  );
}

/**
 * Issue 11: three hosts with 300 live containers each must cost no more per command than
 * one empty host, within 20 %. Both engines run the same `docker run --rm` on `local`,
 * in alternating blocks (a shared machine's load drifts), and the medians of the blocks
 * are compared.
 */
function benchHosts(perHost: number, blocks: number, perBlock: number): void {
  const empty = new Engine({ seed: 1 });
  empty.run('docker pull alpine');
  const busy = new Engine({ seed: 1 });
  const daemons = ['', '-H tcp://node-2:2375 ', '-H tcp://node-3:2376 --tlsverify '];
  for (const d of daemons) {
    const pull = busy.run(`docker ${d}pull alpine`);
    if (pull.exitCode !== 0) throw new Error(`docker ${d}pull alpine failed: ${pull.stderr}`);
    for (let i = 0; i < perHost; i++) {
      busy.advance(10);
      const r = busy.run(`docker ${d}run -d alpine sleep 86400`);
      if (r.exitCode !== 0) throw new Error(`docker ${d}run -d failed: ${r.stderr}`);
    }
  }
  const block = (engine: typeof empty): number => {
    const t0 = cpuMs();
    for (let i = 0; i < perBlock; i++) {
      engine.advance(10);
      const r = engine.run('docker run --rm alpine true');
      if (r.exitCode !== 0) throw new Error(`docker run --rm alpine true failed: ${r.stderr}`);
    }
    return (cpuMs() - t0) / perBlock;
  };
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < blocks; i++) {
    a.push(block(empty));
    b.push(block(busy));
  }
  const live = [...busy.world.hosts.keys()]
    .map((h) => `${h} ${busy.view(h).containers.filter((c) => c.state === 'running').length}`)
    .join(', ');
  console.log(
    `${'docker run --rm alpine true, one empty host'.padEnd(48)} CPU/cmd median ${median(a).toFixed(3)} ms (${blocks} blocks of ${perBlock})`,
  );
  console.log(
    `${`  same, ${daemons.length} hosts × ${perHost} live containers`.padEnd(48)} CPU/cmd median ${median(b).toFixed(3)} ms: ${(median(b) / median(a)).toFixed(2)}× (budget 1.20×; running: ${live})`,
  );
}

function benchHeap(count: number): void {
  const cycle = [
    'docker run -d --name web{i} nginx',
    'docker ps',
    'docker stop web{i}',
    'docker rm web{i}',
    'docker run --rm alpine echo hi',
  ];
  const engine = new Engine({ seed: 1 });
  engine.run('docker pull nginx');
  engine.run('docker pull alpine');
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    engine.advance(100);
    engine.run(cycle[i % cycle.length]!.replace(/\{i\}/g, String(Math.floor(i / cycle.length))));
  }
  const elapsed = performance.now() - t0;
  gc?.();
  const after = process.memoryUsage().heapUsed;
  console.log(
    `heap after ${count} commands: ${(after / 1e6).toFixed(1)} MB (grew ${((after - before) / 1e6).toFixed(1)} MB; ${engine.trace.length} trace messages, ${((after - before) / engine.trace.length) | 0} B/message; ${(elapsed / count).toFixed(3)} ms/command)${gc ? '' : ' [run with --expose-gc for exact numbers]'}`,
  );
}

function benchBundle(): void {
  execSync('npx vite build --manifest', { stdio: 'ignore' });
  const js = initialJs('dist');
  console.log(
    `initial JavaScript (the entry, the app's chunk and their static imports): ${js.files.length} file(s), ${(js.raw / 1024).toFixed(1)} KB raw, ${(js.gzip / 1024).toFixed(1)} KB gzipped (budget 250 KB)`,
  );
  for (const f of readdirSync('dist/assets')) {
    if (!f.endsWith('.js') || js.files.includes(`assets/${f}`)) continue;
    const kb = gzipSync(readFileSync(join('dist/assets', f)), { level: 9 }).length / 1024;
    console.log(`  loaded after first paint: ${f}, ${kb.toFixed(1)} KB gzipped`);
  }
}

/** `npm run bench -- --only load --requests 20000`: one part, another count. */
const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = flag('--only');
const requests = flag('--requests') === undefined ? undefined : Number(flag('--requests'));
const keepMessages = flag('--keep') === undefined ? undefined : Number(flag('--keep'));
const webRuns = flag('--runs') === undefined ? undefined : Number(flag('--runs'));
const webRepeat = flag('--repeat') === undefined ? undefined : Number(flag('--repeat'));

console.log(`DockScope bench — node ${process.version}, ${new Date().toISOString()}`);
/** `--only runs,heap`: just those parts (a noisy shared machine wants several quick repeats). */
const parts = only === undefined ? undefined : new Set(only.split(','));
const want = (part: string) => parts === undefined || parts.has(part);
if (want('runs')) {
  benchRuns(
    'docker run --rm alpine true (image present)',
    () => 'docker run --rm alpine true',
    ['docker pull alpine'],
    1000,
  );
  benchRuns(
    'docker run -d --name cN nginx (1,000 accumulate)',
    (i) => `docker run -d --name c${i} nginx`,
    ['docker pull nginx'],
    1000,
  );
}
if (want('hosts')) benchHosts(300, 10, 100);
if (want('heap')) benchHeap(10_000);
if (want('rewind')) benchRewind(Engine);
if (want('bundle')) benchBundle();
if (want('load')) await benchLoad({ requests, keepMessages });
if (want('scroll')) await benchTimelineScroll();
if (want('web')) await benchWeb({ runs: webRuns, repeat: webRepeat });
