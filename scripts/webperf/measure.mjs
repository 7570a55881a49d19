// webperf: measure load, command latency, frame times and JS heap of one or more in-browser
// apps, each described by a small JSON "recipe". Runs alternate A B A B ..., every run in a
// fresh headless Chromium with a fresh temporary --user-data-dir, so ratios to a baseline
// measured in the same invocation cancel the machine's speed.
//
// Brought into DockScope from ../shared/webperf (written for DockScope, "may be changed freely
// there"): here it is a library that scripts/benchWeb.ts calls with the browser DockScope's
// e2e tests use (e2e/chromium.ts), so the bench needs nothing outside the repository.
import { chromium } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { instrument } from './instrument.js';

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const RECIPE_DEFAULTS = {
  submitKey: 'Enter',
  animationMs: 1000,
  framesFrom: 'enter',
  settleQuietMs: 300,
  settleMaxMs: 10000,
  pauseBetweenMs: 0,
  preEnterIdleMs: 50,
  repeat: 1,
  timeoutMs: 15000,
  loadTimeoutMs: 30000,
  blockUrls: [],
};

// ---------------------------------------------------------------- small utils
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const r1 = (x) => (x == null || Number.isNaN(x) ? null : Math.round(x * 10) / 10);
const mb = (bytes) => Math.round(bytes / 1048.576) / 1000; // MB with 3 decimals
const pct = (sorted, p) =>
  sorted.length
    ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
    : null;
const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const dist = (xs) => {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  return { p50: r1(pct(s, 50)), p95: r1(pct(s, 95)), max: r1(s[s.length - 1]), n: s.length };
};
const log = (...a) => {
  if (!opts.quiet) console.error(...a);
};
/** The options of the measurement under way (one at a time). */
let opts;

// ---------------------------------------------------------------- network accounting (CDP)
function trackNetwork(cdp) {
  const reqs = new Map();
  let inflight = 0;
  let lastActivity = Date.now();
  const get = (id) => {
    if (!reqs.has(id)) reqs.set(id, { decoded: 0, encoded: 0 });
    return reqs.get(id);
  };
  cdp.on('Network.requestWillBeSent', (e) => {
    const r = get(e.requestId);
    if (!r.url) inflight++;
    Object.assign(r, { url: e.request.url, type: e.type || r.type });
    lastActivity = Date.now();
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = get(e.requestId);
    Object.assign(r, {
      type: e.type || r.type,
      status: e.response.status,
      mime: e.response.mimeType,
      fromCache: !!(
        e.response.fromDiskCache ||
        e.response.fromPrefetchCache ||
        e.response.fromServiceWorker
      ),
    });
  });
  cdp.on('Network.dataReceived', (e) => {
    get(e.requestId).decoded += e.dataLength;
    lastActivity = Date.now();
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = get(e.requestId);
    r.encoded = e.encodedDataLength;
    r.done = true;
    inflight--;
    lastActivity = Date.now();
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = get(e.requestId);
    r.failed = e.blockedReason || e.errorText;
    r.done = true;
    inflight--;
    lastActivity = Date.now();
  });
  return {
    reqs,
    async quiet(quietMs = 500, maxMs = 5000) {
      const start = Date.now();
      while (Date.now() - start < maxMs) {
        if (inflight <= 0 && Date.now() - lastActivity >= quietMs) return true;
        await sleep(50);
      }
      return false;
    },
  };
}

const gzipCache = new Map();
async function summariseNetwork(net, cdp) {
  const groups = { js: 'Script', css: 'Stylesheet', doc: 'Document' };
  const out = { requests: 0, failed: 0, total: { decodedBytes: 0, transferBytes: 0 } };
  for (const g of [...Object.keys(groups), 'other'])
    out[g] = { requests: 0, decodedBytes: 0, transferBytes: 0, gzipBytes: 0 };
  const files = [];
  for (const [id, r] of net.reqs) {
    if (!r.url || r.url.startsWith('data:')) continue;
    if (r.failed) {
      out.failed++;
      files.push({ url: r.url, failed: r.failed });
      continue;
    }
    out.requests++;
    const g = Object.keys(groups).find((k) => groups[k] === r.type) || 'other';
    const o = out[g];
    o.requests++;
    o.decodedBytes += r.decoded;
    o.transferBytes += r.encoded;
    out.total.decodedBytes += r.decoded;
    out.total.transferBytes += r.encoded;
    if (g === 'js' || g === 'css' || g === 'doc') {
      // Estimated gzip size (zlib level 6) of the decoded body: independent of the test server.
      const key = r.url + '|' + r.decoded;
      if (!gzipCache.has(key)) {
        try {
          const b = await cdp.send('Network.getResponseBody', { requestId: id });
          gzipCache.set(
            key,
            zlib.gzipSync(Buffer.from(b.body, b.base64Encoded ? 'base64' : 'utf8'), { level: 6 })
              .length,
          );
        } catch {
          gzipCache.set(key, null);
        }
      }
      const gz = gzipCache.get(key);
      if (gz != null) o.gzipBytes += gz;
    }
    files.push({
      url: r.url,
      type: r.type,
      status: r.status,
      decodedBytes: r.decoded,
      transferBytes: r.encoded,
    });
  }
  return { ...out, files };
}

// ---------------------------------------------------------------- page metrics helpers
async function heapSnapshot(cdp) {
  await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
  await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
  const h = await cdp.send('Runtime.getHeapUsage').catch(() => null);
  const d = await cdp.send('Memory.getDOMCounters').catch(() => null);
  return {
    usedMB: h ? mb(h.usedSize) : null,
    totalMB: h ? mb(h.totalSize) : null,
    domNodes: d ? d.nodes : null,
    jsEventListeners: d ? d.jsEventListeners : null,
  };
}
/**
 * The page's dedicated workers (an engine moved off the main thread still counts): attached
 * through the page's own CDP session, unflattened, so their heaps can be asked for with
 * Target.sendMessageToTarget whatever the client library offers for workers.
 */
async function trackWorkers(cdp) {
  const sessions = new Set();
  const pending = new Map();
  let nextId = 1;
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type === 'worker') sessions.add(e.sessionId);
  });
  cdp.on('Target.detachedFromTarget', (e) => sessions.delete(e.sessionId));
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message);
    if (m.id && pending.has(m.id)) pending.get(m.id)(m);
  });
  const call = (sessionId, method) =>
    new Promise((resolve) => {
      const id = nextId++;
      const done = (m) => {
        pending.delete(id);
        resolve(m);
      };
      pending.set(id, done);
      setTimeout(() => done({}), 5000);
      cdp
        .send('Target.sendMessageToTarget', {
          sessionId,
          message: JSON.stringify({ id, method, params: {} }),
        })
        .catch(() => done({}));
    });
  await cdp
    .send('Target.setAutoAttach', {
      autoAttach: true,
      waitForDebuggerOnStart: false,
      flatten: false,
    })
    .catch(() => {});
  return {
    /** Heap used by all the page's workers after a GC, and how many there are. */
    async heap() {
      let used = 0;
      let count = 0;
      for (const sessionId of sessions) {
        await call(sessionId, 'HeapProfiler.collectGarbage');
        const r = await call(sessionId, 'Runtime.getHeapUsage');
        if (r.result) {
          used += r.result.usedSize;
          count++;
        }
      }
      return { workersUsedMB: mb(used), workers: count };
    },
  };
}
async function perfMetrics(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}
function longTaskStats(tasks, from, to) {
  const inWin = tasks.filter(([s]) => s >= from && s < to);
  return {
    count: inWin.length,
    totalMs: r1(inWin.reduce((a, [, d]) => a + d, 0)),
    blockingMs: r1(inWin.reduce((a, [, d]) => a + Math.max(0, d - 50), 0)),
  };
}
function frameStats(frames, from, to) {
  const ts = frames.filter((t) => t >= from && t <= to);
  const d = [];
  for (let i = 1; i < ts.length; i++) d.push(ts[i] - ts[i - 1]);
  const s = [...d].sort((a, b) => a - b);
  return {
    frames: ts.length,
    p50: r1(pct(s, 50)),
    p95: r1(pct(s, 95)),
    max: r1(s[s.length - 1] ?? null),
    // rAF timestamps are coarsened (100 us) and jitter around 16.67 ms at 60 Hz, so "over 16.7 ms"
    // is counted with 1 ms tolerance (> 17.7 ms); over25 = at least one missed vsync.
    over16_7: d.filter((x) => x > 17.7).length,
    over25: d.filter((x) => x > 25).length,
    over50: d.filter((x) => x > 50).length,
    dropped: d.reduce((a, x) => a + Math.max(0, Math.round(x / (1000 / 60)) - 1), 0), // missed 60 Hz vsyncs
  };
}

// ---------------------------------------------------------------- one command
async function runCommand(page, recipe, withFrames) {
  await page.focus(recipe.inputSelector);
  await page.keyboard.type(recipe.command);
  // let typing-induced work (renders, autocompletion) finish before arming
  await page.evaluate(
    (ms) =>
      new Promise((r) =>
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, ms))),
      ),
    recipe.preEnterIdleMs,
  );
  const armed = await page.evaluate((cfg) => window.__wp.arm(cfg), {
    ...recipe,
    sampleFrames: withFrames,
  });
  if (armed.doneBeforeEnter)
    throw new Error('done condition already true before the command was submitted');
  await page.keyboard.press(recipe.submitKey);
  const c = await page.evaluate(() => window.__wp.cmd.promise);
  const { tasks, events } = await page.evaluate(() => ({
    tasks: window.__wp.longTasks,
    events: window.__wp.events,
  }));
  if (c.timedOut && c.doneAt == null)
    throw new Error(`command not done within ${recipe.timeoutMs} ms`);
  const rel = (t) => (t == null ? null : r1(t - c.t0));
  const base =
    recipe.framesFrom === 'done'
      ? c.doneAt
      : recipe.framesFrom === 'feedback'
        ? c.feedbackAt
        : c.t0;
  const ev = events.filter(
    ([name, start]) => start >= c.t0 - 1 && start <= c.t1 && /^key|input|click|pointer/.test(name),
  );
  const out = {
    feedbackMs: rel(c.feedbackAt),
    feedbackFrameMs: rel(c.feedbackFrameAt),
    doneMs: rel(c.doneAt),
    settleMs: rel(c.settledAt),
    eventTimingMaxMs: ev.length ? Math.max(...ev.map((e) => e[2])) : null, // >=16 ms only (Event Timing API)
    mutations: c.mutations,
    firstMutation: c.firstMutTarget,
    settleTimedOut: c.settleTimedOut,
  };
  if (withFrames) {
    out.frames = frameStats(c.frames, base, base + recipe.animationMs);
    out.longTasks = longTaskStats(tasks, c.t0, c.t1);
  }
  return out;
}

// ---------------------------------------------------------------- one run (fresh browser)
async function runOnce(target, runIdx) {
  const { url, recipe } = target;
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webperf-'));
  let ctx;
  const res = { run: runIdx, ok: false };
  try {
    ctx = await chromium.launchPersistentContext(userDataDir, {
      executablePath: opts.launch.executablePath,
      env: opts.launch.env,
      headless: true,
      args: [...new Set([...LAUNCH_ARGS, ...(opts.launch.args || [])])],
      viewport: opts.viewportObj,
      deviceScaleFactor: 1,
      bypassCSP: true,
    });
    const page = ctx.pages()[0] || (await ctx.newPage());
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e.message).slice(0, 200)));
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Performance.enable');
    if (recipe.blockUrls.length) {
      await cdp.send('Network.setBlockedURLs', { urls: recipe.blockUrls }).catch(() =>
        cdp.send('Network.setBlockedURLs', {
          urlPatterns: recipe.blockUrls.map((u) => ({ urlPattern: u, block: true })),
        }),
      );
    }
    if (opts.cpuThrottle !== 1)
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: opts.cpuThrottle });
    if (!opts.browserVersion)
      opts.browserVersion = (await cdp.send('Browser.getVersion').catch(() => ({}))).product;
    const net = trackNetwork(cdp);
    const workers = await trackWorkers(cdp);
    // let the freshly started browser finish its own start-up work before the timed navigation
    if (opts.launchIdleMs > 0) await sleep(opts.launchIdleMs);
    // A recipe's own set-up (e.g. a stored session) runs before the page's scripts, like the probe.
    if (recipe.initScript) await page.addInitScript({ content: recipe.initScript });
    await page.addInitScript({ content: `(${instrument.toString()})(${JSON.stringify(recipe)});` });

    // a. load
    await page.goto(url, { waitUntil: 'commit', timeout: recipe.loadTimeoutMs });
    await page.waitForFunction(() => window.__wp && window.__wp.readyAt != null, null, {
      timeout: recipe.loadTimeoutMs,
      polling: 50,
    });
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0] || {};
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return {
        readyAt: window.__wp.readyAt,
        ttfb: n.responseStart,
        dcl: n.domContentLoadedEventEnd,
        load: n.loadEventEnd,
        fcp: fcp ? fcp.startTime : null,
        longTasks: window.__wp.longTasks,
      };
    });
    await net.quiet(500, 5000);
    res.load = {
      readyMs: r1(nav.readyAt),
      fcpMs: r1(nav.fcp),
      ttfbMs: r1(nav.ttfb),
      domContentLoadedMs: r1(nav.dcl),
      loadEventMs: r1(nav.load) || null,
      longTasks: longTaskStats(nav.longTasks, 0, nav.readyAt),
    };
    const netSum = await summariseNetwork(net, cdp);
    res.files = netSum.files;
    delete netSum.files;
    res.net = netSum;
    await sleep(300);
    res.heap = { afterLoad: { ...(await heapSnapshot(cdp)), ...(await workers.heap()) } };

    // b/c. command latency + frames (first and last command), d. heap after K commands
    const K = Math.max(1, recipe.repeat | 0);
    const m0 = await perfMetrics(cdp);
    const wall0 = Date.now();
    const cmds = [];
    for (let i = 0; i < K; i++) {
      cmds.push(await runCommand(page, recipe, i === 0 || i === K - 1));
      if (recipe.pauseBetweenMs) await sleep(recipe.pauseBetweenMs);
    }
    const m1 = await perfMetrics(cdp);
    res.wallPerCommandMs = r1((Date.now() - wall0) / K);
    res.cmd = { first: cmds[0], last: cmds[K - 1] };
    res.cmd.repeat = { n: K };
    for (const k of ['feedbackMs', 'feedbackFrameMs', 'doneMs', 'settleMs'])
      res.cmd.repeat[k] = dist(cmds.map((c) => c[k]));
    const per = (name) => r1((((m1[name] || 0) - (m0[name] || 0)) * 1000) / K);
    res.cpuPerCommandMs = {
      task: per('TaskDuration'),
      script: per('ScriptDuration'),
      layout: per('LayoutDuration'),
      style: per('RecalcStyleDuration'),
    };
    res.heap.afterRepeat = { ...(await heapSnapshot(cdp)), ...(await workers.heap()) };
    res.heap.deltaMB =
      Math.round((res.heap.afterRepeat.usedMB - res.heap.afterLoad.usedMB) * 1000) / 1000;
    // The page's and its workers' heaps together.
    res.heap.allDeltaMB =
      Math.round(
        (res.heap.afterRepeat.usedMB +
          res.heap.afterRepeat.workersUsedMB -
          res.heap.afterLoad.usedMB -
          res.heap.afterLoad.workersUsedMB) *
          1000,
      ) / 1000;
    const wpErrors = await page.evaluate(() => window.__wp.errors.slice(0, 5));
    if (wpErrors.length) res.predicateErrors = wpErrors;
    if (pageErrors.length) res.pageErrors = pageErrors.slice(0, 5);
    res.ok = true;
  } catch (e) {
    res.error = String((e && e.message) || e).split('\n')[0];
  } finally {
    if (ctx) await ctx.close().catch(() => {});
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  return res;
}

// ---------------------------------------------------------------- aggregation + report
function flatten(obj, prefix = '', out = {}) {
  for (const [k, v] of Object.entries(obj || {})) {
    const p = prefix ? prefix + '.' + k : k;
    if (typeof v === 'number' && Number.isFinite(v)) out[p] = v;
    else if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v, p, out);
  }
  return out;
}
function aggregate(runs) {
  const ok = runs.filter((r) => r.ok);
  const flats = ok.map((r) =>
    flatten({
      load: r.load,
      net: r.net,
      cmd: r.cmd,
      cpuPerCommandMs: r.cpuPerCommandMs,
      wallPerCommandMs: r.wallPerCommandMs,
      heap: r.heap,
    }),
  );
  const keys = [...new Set(flats.flatMap(Object.keys))];
  const agg = {};
  for (const k of keys) {
    const xs = flats.map((f) => f[k]).filter((x) => x != null);
    const rd = k.endsWith('MB') ? (x) => Math.round(x * 1000) / 1000 : r1;
    agg[k] = {
      min: rd(Math.min(...xs)),
      median: rd(median(xs)),
      max: rd(Math.max(...xs)),
      n: xs.length,
    };
  }
  return agg;
}

const SUMMARY_ROWS = [
  ['load.readyMs', 'load: ready (ms)'],
  ['load.ttfbMs', 'load: time to first byte (ms)'],
  ['load.fcpMs', 'load: first contentful paint (ms)'],
  ['load.domContentLoadedMs', 'load: DOMContentLoaded end (ms)'],
  ['load.longTasks.blockingMs', 'load: blocking time before ready (ms)'],
  ['net.requests', 'requests'],
  ['net.js.decodedBytes', 'JS bytes (uncompressed)'],
  ['net.js.gzipBytes', 'JS bytes (gzip -6 est.)'],
  ['net.css.decodedBytes', 'CSS bytes (uncompressed)'],
  ['net.css.gzipBytes', 'CSS bytes (gzip -6 est.)'],
  ['net.total.transferBytes', 'all bytes on the wire'],
  ['cmd.first.feedbackMs', '1st cmd: first DOM feedback (ms)'],
  ['cmd.first.feedbackFrameMs', '1st cmd: frame painting feedback (ms)'],
  ['cmd.first.eventTimingMaxMs', '1st cmd: Enter event->next paint (ms)'],
  ['cmd.first.doneMs', '1st cmd: done (ms)'],
  ['cmd.first.settleMs', '1st cmd: settled/anim end (ms)'],
  ['cmd.repeat.feedbackMs.p50', 'K cmds: feedback p50 (ms)'],
  ['cmd.repeat.doneMs.p50', 'K cmds: done p50 (ms)'],
  ['cmd.repeat.doneMs.p95', 'K cmds: done p95 (ms)'],
  ['cmd.repeat.settleMs.p50', 'K cmds: settled p50 (ms)'],
  ['cmd.first.frames.p50', '1st cmd frames: p50 (ms)'],
  ['cmd.first.frames.p95', '1st cmd frames: p95 (ms)'],
  ['cmd.first.frames.max', '1st cmd frames: max (ms)'],
  ['cmd.first.frames.over16_7', '1st cmd frames: >16.7 ms (+1 ms tol.)'],
  ['cmd.first.frames.over50', '1st cmd frames: >50 ms'],
  ['cmd.first.frames.dropped', '1st cmd frames: missed vsyncs'],
  ['cmd.last.frames.p95', 'last cmd frames: p95 (ms)'],
  ['cmd.last.frames.max', 'last cmd frames: max (ms)'],
  ['cmd.last.frames.over16_7', 'last cmd frames: >16.7 ms (+1 ms tol.)'],
  ['cmd.last.frames.over50', 'last cmd frames: >50 ms'],
  ['cmd.last.frames.dropped', 'last cmd frames: missed vsyncs'],
  ['cpuPerCommandMs.task', 'main-thread busy per cmd (ms)'],
  ['heap.afterLoad.usedMB', 'JS heap after load (MB)'],
  ['heap.afterRepeat.usedMB', 'JS heap after K cmds (MB)'],
  ['heap.afterLoad.domNodes', 'DOM nodes after load'],
  ['heap.afterRepeat.domNodes', 'DOM nodes after K cmds'],
];

function humanSummary(result) {
  const T = result.targets;
  const fmt = (a, t) =>
    a ? `${a.median} [${a.min}–${a.max}]` + (a.n < t.okRuns ? ` (${a.n} runs)` : '') : '–';
  const head = [
    'metric (median [min–max])',
    ...T.map((t) => `${t.name} (n=${t.okRuns})`),
    ...T.slice(1).map((t) => `${t.name}/${T[0].name}`),
  ];
  const rows = [head];
  for (const [k, label] of SUMMARY_ROWS) {
    if (!T.some((t) => t.summary[k])) continue;
    rows.push([
      label,
      ...T.map((t) => fmt(t.summary[k], t)),
      ...T.slice(1).map((t) => {
        const x = result.ratios[`${t.name}/${T[0].name}`]?.[k];
        return x == null ? '–' : x.toFixed(2);
      }),
    ]);
  }
  const w = head.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const lines = rows.map((r) => r.map((c, i) => String(c).padEnd(w[i])).join('  '));
  lines.splice(1, 0, w.map((n) => '-'.repeat(n)).join('  '));
  const notes = [];
  for (const t of T) {
    const r = t.recipe;
    notes.push(
      `${t.name}: ${t.url}  K=${r.repeat} cmd=${JSON.stringify(r.command)} frames from ${r.framesFrom} for ${r.animationMs} ms` +
        (t.errors.length ? `  ERRORS: ${t.errors.join('; ')}` : ''),
    );
  }
  return [
    `webperf  ${result.browser}  ${result.host.cpus} cpus  runs=${result.options.runs} warmup=${result.options.warmup}` +
      (result.options.cpuThrottle !== 1 ? ` cpu-throttle=${result.options.cpuThrottle}` : ''),
    ...notes,
    '',
    ...lines,
  ].join('\n');
}

// ---------------------------------------------------------------- main
/**
 * Measure `targets` ({ url, recipe }), the first being the baseline the ratios divide by.
 * `launch` is how to start Chromium ({ executablePath, args, env }, as e2e/chromium.ts gives it).
 * Returns the result object (per-target summaries of median/min/max, and ratios X/first).
 */
export async function measure(options) {
  opts = {
    runs: 5,
    warmup: 0,
    viewport: '1280x800',
    cpuThrottle: 1,
    launchIdleMs: 1000,
    quiet: false,
    launch: {},
    ...options,
  };
  const [w, h] = opts.viewport.split('x').map(Number);
  opts.viewportObj = { width: w, height: h };
  opts.targets = opts.targets.map((t) => ({ ...t, recipe: { ...RECIPE_DEFAULTS, ...t.recipe } }));
  for (const t of opts.targets)
    for (const f of ['readySelector', 'inputSelector', 'command'])
      if (!t.recipe[f]) throw new Error(`recipe ${t.recipe.name}: missing ${f}`);
  const runsByTarget = opts.targets.map(() => []);
  for (let i = -opts.warmup; i < opts.runs; i++) {
    for (const [ti, t] of opts.targets.entries()) {
      const t0 = Date.now();
      const r = await runOnce(t, i);
      log(
        `${i < 0 ? 'warmup' : 'run ' + (i + 1)}/${opts.runs} ${t.recipe.name}: ${r.ok ? `ready ${r.load.readyMs} ms, done ${r.cmd.first.doneMs} ms, heap ${r.heap.afterRepeat.usedMB} MB` : 'ERROR ' + r.error} (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
      );
      if (i >= 0) runsByTarget[ti].push(r);
    }
  }
  const result = {
    tool: 'webperf',
    date: new Date().toISOString(),
    browser: opts.browserVersion || null,
    host: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memGB: r1(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    options: {
      runs: opts.runs,
      warmup: opts.warmup,
      viewport: opts.viewport,
      cpuThrottle: opts.cpuThrottle,
      launchIdleMs: opts.launchIdleMs,
      chromium: opts.launch.executablePath || 'playwright default',
      launchArgs: LAUNCH_ARGS,
    },
    targets: opts.targets.map((t, i) => ({
      name: t.recipe.name,
      url: t.url,
      recipe: t.recipe,
      okRuns: runsByTarget[i].filter((r) => r.ok).length,
      errors: runsByTarget[i].filter((r) => !r.ok).map((r) => `run ${r.run + 1}: ${r.error}`),
      files: runsByTarget[i].find((r) => r.ok)?.files || [],
      summary: aggregate(runsByTarget[i]),
      runs: runsByTarget[i].map(({ files: _files, ...r }) => r),
    })),
    ratios: {},
  };
  const A = result.targets[0];
  for (const t of result.targets.slice(1)) {
    const rt = (result.ratios[`${t.name}/${A.name}`] = {});
    for (const [k, v] of Object.entries(t.summary)) {
      const a = A.summary[k]?.median;
      if (a && v.median != null) rt[k] = Math.round((v.median / a) * 1000) / 1000;
    }
  }
  if (opts.out) fs.writeFileSync(opts.out, JSON.stringify(result, null, 2) + '\n');
  if (opts.table) console.error('\n' + humanSummary(result));
  return result;
}
