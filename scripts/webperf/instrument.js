// In-page instrumentation, injected before any page script (addInitScript).
// It is serialised with Function.prototype.toString, so it must stay
// self-contained: no imports, no closures over module scope.
// All times are performance.now() values, i.e. ms since navigation start.
export function instrument(R) {
  if (window.__wp) return;
  const now = () => performance.now();
  const W = (window.__wp = { readyAt: null, longTasks: [], events: [], cmd: null, errors: [] });
  const compile = (expr) => (expr ? new Function('before', 'return (' + expr + ');') : null);
  const safe = (fn, arg) => {
    try {
      return fn(arg);
    } catch (e) {
      W.errors.push(String((e && e.message) || e));
      return undefined;
    }
  };
  const visible = (el) => {
    if (!el || !el.isConnected) return false;
    const r = el.getBoundingClientRect();
    if (!(r.width > 0 && r.height > 0)) return false;
    return getComputedStyle(el).visibility !== 'hidden';
  };
  const anyVisible = (sel) => {
    for (const el of document.querySelectorAll(sel)) if (visible(el)) return true;
    return false;
  };

  try {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) W.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    /* unsupported */
  }
  try {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries())
        W.events.push([e.name, e.startTime, e.duration, e.processingStart, e.processingEnd]);
    }).observe({ type: 'event', buffered: true, durationThreshold: 16 });
  } catch {
    /* unsupported */
  }

  // ---- load: first frame in which readySelector is visible (and readyPredicate true)
  const readyPred = compile(R.readyPredicate);
  const readyLoop = () => {
    if (W.readyAt != null) return;
    const ok = safe(() => anyVisible(R.readySelector) && (!readyPred || !!readyPred()));
    if (ok) {
      W.readyAt = now();
      return;
    }
    requestAnimationFrame(readyLoop);
  };
  requestAnimationFrame(readyLoop);

  // ---- command: arm() before pressing the submit key; the capture listener sets t0
  const describe = (n) => {
    const el = n && n.nodeType === 1 ? n : n && n.parentElement;
    if (!el) return String(n && n.nodeName);
    let s = el.nodeName.toLowerCase();
    if (el.id) s += '#' + el.id;
    const cls =
      typeof el.className === 'string'
        ? el.className
        : (el.className && el.className.baseVal) || '';
    if (cls.trim()) s += '.' + cls.trim().split(/\s+/).slice(0, 2).join('.');
    const anc = !el.id && el.parentElement && el.parentElement.closest('[id]');
    return anc ? s + ' in #' + anc.id : s;
  };
  const counts = (n) => {
    const c = W.cmd;
    const el = n && n.nodeType === 1 ? n : n && n.parentElement;
    if (!el) return true;
    if (c.ignoreSel && el.closest(c.ignoreSel)) return false;
    if (c.onlySel && !el.closest(c.onlySel)) return false;
    return true;
  };
  const mo = new MutationObserver((recs) => {
    const c = W.cmd;
    if (!c || c.t0 == null) return;
    const t = now();
    let any = false;
    for (const r of recs) {
      if (!counts(r.target)) continue;
      any = true;
      c.mutations++;
      if (c.firstMutAt == null) {
        c.firstMutAt = t;
        c.firstMutTarget = describe(r.target) + ' ' + r.type;
      }
    }
    if (!any) return;
    c.lastMutAt = t;
    if (c.feedbackAt == null && !c.fbPred) c.feedbackAt = c.firstMutAt;
    check(t);
  });
  const check = (t) => {
    const c = W.cmd;
    if (c.feedbackAt == null && c.fbPred && safe(() => c.fbPred(c.before))) c.feedbackAt = t;
    if (c.doneAt == null && safe(() => c.isDone())) c.doneAt = t;
  };

  W.arm = (cfg) => {
    const c = (W.cmd = {
      cfg,
      t0: null,
      evTs: null,
      before: null,
      frames: [],
      mutations: 0,
      firstMutAt: null,
      firstMutTarget: null,
      feedbackAt: null,
      feedbackFrameAt: null,
      doneAt: null,
      lastMutAt: null,
      settledAt: null,
      settleTimedOut: false,
      timedOut: false,
      ignoreSel: cfg.feedbackIgnoreSelector || null,
      onlySel: cfg.feedbackSelector || null,
      fbPred: compile(cfg.feedbackPredicate),
    });
    const beforeFn = compile(cfg.doneCounter || cfg.beforeExpr);
    c.before = beforeFn ? safe(beforeFn) : null;
    if (cfg.doneCounter) c.isDone = () => Number(beforeFn()) > Number(c.before);
    else if (cfg.donePredicate) {
      const p = compile(cfg.donePredicate);
      c.isDone = () => !!p(c.before);
    } else if (cfg.doneSelector) c.isDone = () => anyVisible(cfg.doneSelector);
    else c.isDone = () => true;
    const doneBeforeEnter = !!safe(() => c.isDone());
    c.promise = new Promise((res) => {
      c.resolve = res;
    });
    mo.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    return { before: c.before, doneBeforeEnter };
  };

  const finish = () => {
    const c = W.cmd;
    mo.disconnect();
    c.t1 = now();
    c.resolve({
      t0: c.t0,
      evTs: c.evTs,
      t1: c.t1,
      before: c.before,
      frames: c.frames,
      mutations: c.mutations,
      firstMutAt: c.firstMutAt,
      firstMutTarget: c.firstMutTarget,
      feedbackAt: c.feedbackAt,
      feedbackFrameAt: c.feedbackFrameAt,
      doneAt: c.doneAt,
      lastMutAt: c.lastMutAt,
      settledAt: c.settledAt,
      settleTimedOut: c.settleTimedOut,
      timedOut: c.timedOut,
    });
  };
  const tick = () => {
    const c = W.cmd;
    const t = now();
    if (c.doneAt != null && c.settledAt == null) {
      const last = Math.max(c.lastMutAt || 0, c.doneAt);
      if (t - last >= c.cfg.settleQuietMs) c.settledAt = last;
      else if (t - c.doneAt >= c.cfg.settleMaxMs) {
        c.settledAt = last;
        c.settleTimedOut = true;
      }
    }
    const base =
      c.cfg.framesFrom === 'done'
        ? c.doneAt
        : c.cfg.framesFrom === 'feedback'
          ? c.feedbackAt
          : c.t0;
    const framesDone = !c.cfg.sampleFrames || (base != null && t >= base + c.cfg.animationMs);
    if (c.settledAt != null && framesDone) return finish();
    if (t - c.t0 >= c.cfg.timeoutMs) {
      c.timedOut = true;
      return finish();
    }
    setTimeout(tick, 20);
  };
  const frame = (ts) => {
    const c = W.cmd;
    if (!c || c.t1 != null) return;
    c.frames.push(ts);
    const t = now();
    check(t);
    // First rAF callback after the feedback happened: the frame that will paint it begins now.
    if (c.feedbackAt != null && c.feedbackFrameAt == null) c.feedbackFrameAt = t;
    requestAnimationFrame(frame);
  };
  window.addEventListener(
    'keydown',
    (e) => {
      const c = W.cmd;
      if (!c || c.t0 != null || e.key !== c.cfg.submitKey) return;
      const t = now();
      c.evTs = e.timeStamp;
      // Use the event's own timestamp (includes input queueing delay) when it is sane.
      c.t0 = e.timeStamp > 0 && e.timeStamp <= t && t - e.timeStamp < 1000 ? e.timeStamp : t;
      requestAnimationFrame(frame);
      setTimeout(tick, 20);
    },
    true,
  );
}
