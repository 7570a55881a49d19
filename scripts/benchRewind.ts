// Rewind and timeline benchmarks (npm run bench): how long the diagram takes to go back to the
// first message of a long session, and how smooth the timeline scrolls in a real Chromium.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import type { Engine as EngineClass } from '../src/sim/engine';
import { chromiumLaunchOptions } from '../e2e/chromium';
import { TraceIndex } from '../src/ui/traceIndex';
import { deriveWorld } from '../src/ui/diagram/world';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

/**
 * A session of 1,000 commands (containers started, listed, stopped, removed), then the
 * cursor sent back to message 1 as the page does it: `engine.hostAt` plus the diagram's
 * world derivation. Median of repeats; the budget is 100 ms.
 */
export function benchRewind(Engine: typeof EngineClass): void {
  const engine = new Engine({ seed: 1, tty: true });
  engine.run('docker pull nginx');
  const cycle = [
    'docker run -d --name w{i} nginx',
    'docker ps',
    'docker stop w{i}',
    'docker rm w{i}',
  ];
  for (let i = 1; i < 1000; i++) {
    engine.advance(50);
    engine.run(cycle[i % cycle.length]!.replace(/\{i\}/g, String(Math.floor(i / cycle.length))));
  }
  const index = new TraceIndex();
  index.catchUp(engine.trace);
  const length = engine.trace.length;
  const rewindTo = (seq: number) =>
    deriveWorld({
      machines: [...engine.world.hosts.keys()].map((name) => ({
        name,
        view: engine.hostAt(seq, name),
      })),
      index,
      seq,
      focus: null,
      level: 'full',
    });
  const times: number[] = [];
  for (let r = 0; r < 31; r++) {
    const t0 = performance.now();
    rewindTo(1);
    times.push(performance.now() - t0);
    rewindTo(length); // and back to the present, so every repeat starts from the end
  }
  const middle: number[] = [];
  for (let r = 0; r < 31; r++) {
    const seq = 1 + Math.floor(((r + 0.5) / 31) * (length - 1));
    const t0 = performance.now();
    rewindTo(seq);
    middle.push(performance.now() - t0);
  }
  console.log(
    `rewind to message 1 of a 1,000-command session (${length} messages): median ${median(times).toFixed(3)} ms, max ${Math.max(...times).toFixed(3)} ms (budget 100 ms); any message: median ${median(middle).toFixed(3)} ms`,
  );
}

/**
 * The built page in Chromium with a long session (commands pasted at instant speed),
 * the timeline scrolled by script for a few seconds; requestAnimationFrame intervals
 * are the frame times.
 */
export async function benchTimelineScroll(): Promise<void> {
  const outDir = mkdtempSync(join(tmpdir(), 'dockscope-bench-app-'));
  execSync(`npx vite build --outDir ${outDir} --emptyOutDir`, { stdio: 'ignore' });
  const port = 4191;
  const server = spawn(
    'npx',
    ['vite', 'preview', '--port', String(port), '--strictPort', '--outDir', outDir],
    { stdio: 'ignore', detached: true },
  );
  const browser = await chromium.launch(await chromiumLaunchOptions());
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    for (let i = 0; ; i++) {
      try {
        await page.goto(`http://localhost:${port}/`);
        break;
      } catch (error) {
        if (i > 40) throw error;
        await page.waitForTimeout(250);
      }
    }
    await page.locator('[data-testid=terminal] .xterm-rows').getByText('$').first().waitFor();
    await page.getByTestId('speed').selectOption('instant');
    const lines = ['docker pull nginx'];
    for (let i = 0; i < 150; i++)
      lines.push(i % 2 ? 'docker ps -a' : `docker run -d --name s${i} nginx`);
    await page.locator('[data-testid=terminal]').click();
    await page.evaluate(
      (text) => {
        const target = document.querySelector('[data-testid=terminal] textarea')!;
        const data = new DataTransfer();
        data.setData('text/plain', text);
        target.dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
        );
      },
      lines.join('\n') + '\n',
    );
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid=terminal-status]')?.getAttribute('data-mode') ===
          'editing' &&
        /s149/.test(document.querySelector('[data-testid=terminal]')?.textContent ?? ''),
      undefined,
      { timeout: 240_000 },
    );
    const messages = await page.getByTestId('position').innerText();
    // A string, not a function: the bench runs through tsx, whose helpers do not exist in the page.
    const frames = (await page.evaluate(`(async () => {
      const scroller = document.querySelector('[data-testid=timeline-scroller]');
      scroller.scrollTop = 0;
      const intervals = [];
      let last = performance.now();
      const end = last + 4000;
      await new Promise((resolve) => {
        function tick(now) {
          intervals.push(now - last);
          last = now;
          // About a screenful per frame: every frame renders new rows.
          const room = Math.max(1, scroller.scrollHeight - scroller.clientHeight);
          scroller.scrollTop = (scroller.scrollTop + 240) % room;
          if (now < end) requestAnimationFrame(tick);
          else resolve();
        }
        requestAnimationFrame(tick);
      });
      return intervals.slice(1);
    })()`)) as number[];
    console.log(
      `timeline scroll in Chromium (${messages.split('/')[1]} messages, ${frames.length} frames): median frame ${median(frames).toFixed(1)} ms, p95 ${pct(frames, 0.95).toFixed(1)} ms`,
    );
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid);
    rmSync(outDir, { recursive: true, force: true });
  }
}
