/**
 * `--progress=plain`: BuildKit's plain-text printer (moby/buildkit
 * util/progress/progressui/printer.go), fed the SolveStatus updates that
 * Control/Status streams: vertices, their statuses (transfers, layer
 * downloads) and their logs (a RUN's output). Times are simulated
 * milliseconds.
 *
 * @example
 * const p = new PlainPrinter((t) => out.write('stderr', t));
 * p.vertex({ id: 'd1', name: '[internal] load build definition from Dockerfile', started: 0 });
 * p.status({ vertex: 'd1', id: 'transferring dockerfile', current: 132, started: 0, completed: 10, timestamp: 10 });
 * p.vertex({ id: 'd1', name: '…', started: 0, completed: 10 });
 * // #1 [internal] load build definition from Dockerfile
 * // #1 transferring dockerfile: 132B done
 * // #1 DONE 0.0s
 */

export interface VertexUpdate {
  id: string;
  name: string;
  started?: number;
  completed?: number;
  cached?: boolean;
  error?: string;
}

export interface StatusUpdate {
  vertex: string;
  /** The status's ID, printed as is (`transferring context:`, `sha256:…`). */
  id: string;
  current: number;
  total?: number;
  started?: number;
  completed?: number;
  timestamp: number;
}

export interface LogUpdate {
  vertex: string;
  data: string;
  timestamp: number;
}

const MIN_TIME_DELTA = 5000;
const MIN_PROGRESS_DELTA = 0.05;

/** tonistiigi/units Bytes with `%.2f`: decimal units, whole bytes below 1kB. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n}B`;
  const units = ['kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let i = 0;
  let base = 1000;
  while (i < units.length - 1 && n >= base * 1000) {
    base *= 1000;
    i++;
  }
  return `${(n / base).toFixed(2)}${units[i]}`;
}

interface Vertex extends VertexUpdate {
  index: number;
  intervals: [number, number][];
  statuses: Map<string, StatusUpdate>;
  updated: Set<string>;
  logs: string[];
  logsPartial: boolean;
  logsOffset: number;
  /** Where the latest interval started (log lines are timed from it). */
  lastStart?: number;
}

/** printer.go's textMux: one block per vertex, `#N …` when another vertex interrupts it. */
export class PlainPrinter {
  private readonly byId = new Map<string, Vertex>();
  private nextIndex = 0;
  private current = '';
  private notFirst = false;
  private readonly last = new Map<string, { timestamp: number; current: number }>();

  constructor(
    private readonly write: (text: string) => void,
    /** Printed once as `#0 …` before the first vertex (buildx: `building with "default" instance using docker driver`). */
    private readonly desc = '',
  ) {}

  vertex(u: VertexUpdate): void {
    let v = this.byId.get(u.id);
    if (!v) {
      v = {
        ...u,
        index: 0,
        intervals: [],
        statuses: new Map(),
        updated: new Set(),
        logs: [],
        logsPartial: false,
        logsOffset: 0,
      };
      this.byId.set(u.id, v);
    } else Object.assign(v, u);
    if (u.started !== undefined && u.completed !== undefined)
      v.intervals.push([u.started, u.completed]);
    if (u.started !== undefined) v.lastStart = u.started;
    this.print(v);
  }

  status(s: StatusUpdate): void {
    const v = this.byId.get(s.vertex);
    if (!v) return;
    v.statuses.set(s.id, s);
    v.updated.add(s.id);
    this.print(v);
  }

  log(l: LogUpdate): void {
    const v = this.byId.get(l.vertex);
    if (!v) return;
    const pieces = l.data.split('\n');
    const complete = l.data.endsWith('\n');
    if (complete) pieces.pop();
    pieces.forEach((dt, i) => {
      if (v.logsPartial && v.logs.length > 0 && i === 0) v.logs[v.logs.length - 1] += dt;
      else {
        const sec = (l.timestamp - (v.lastStart ?? l.timestamp)) / 1000;
        const prec = sec < 10 ? 3 : sec < 100 ? 2 : 1;
        v.logs.push(`${sec.toFixed(prec)} ${dt}`);
      }
    });
    v.logsPartial = !complete;
    this.print(v);
  }

  private print(v: Vertex): void {
    const w = this.write;
    if (v.index === 0) v.index = ++this.nextIndex;
    if (v.id !== this.current) {
      if (this.current !== '') {
        const old = this.byId.get(this.current)!;
        if (old.logsPartial) w('\n');
        old.logsOffset = 0;
        w(`#${old.index} ...\n`);
      }
      if (this.notFirst) w('\n');
      else if (this.desc) w(`#0 ${this.desc}\n\n`);
      this.notFirst = true;
      w(`#${v.index} ${v.name}\n`);
    }
    let open = false;
    for (const s of v.statuses.values()) {
      if (!v.updated.has(s.id)) continue;
      const last = this.last.get(s.id);
      if (last && s.completed === undefined) {
        const progress = s.total ? (s.current - last.current) / s.total : 0;
        if (progress < MIN_PROGRESS_DELTA && s.timestamp - last.timestamp < MIN_TIME_DELTA)
          continue;
      }
      this.last.set(s.id, { timestamp: s.timestamp, current: s.current });
      const bytes = s.total
        ? ` ${formatBytes(s.current)} / ${formatBytes(s.total)}`
        : s.current
          ? ` ${formatBytes(s.current)}`
          : '';
      let tm = '';
      const end = s.completed ?? s.timestamp;
      if (s.started !== undefined) {
        const diff = (end - s.started) / 1000;
        if (diff > 0.01) tm = ` ${diff.toFixed(1)}s`;
      }
      if (s.completed !== undefined) tm += ' done';
      else open = true;
      w(`#${v.index} ${s.id}${bytes}${tm}\n`);
    }
    v.updated.clear();
    v.logs.forEach((l, i) => {
      if (i === 0 && v.logsOffset !== 0) w(l.slice(v.logsOffset));
      else w(`#${v.index} ${l}`);
      if (i !== v.logs.length - 1 || !v.logsPartial) w('\n');
    });
    if (v.logs.length > 0) {
      if (v.logsPartial) {
        v.logs = v.logs.slice(-1);
        v.logsOffset = v.logs[0]!.length;
      } else {
        v.logs = [];
        v.logsOffset = 0;
      }
    }
    this.current = v.id;
    if (v.completed !== undefined && !open) {
      this.current = '';
      if (v.logsPartial) w('\n');
      if (v.error) w(`#${v.index} ERROR: ${v.error}\n`);
      else if (v.cached) w(`#${v.index} CACHED\n`);
      else {
        const total = mergedDuration(v.intervals);
        w(`#${v.index} DONE${v.intervals.length ? ` ${(total / 1000).toFixed(1)}s` : ''}\n`);
      }
    }
  }
}

/** mergeIntervals: overlapping intervals count once. */
function mergedDuration(intervals: readonly [number, number][]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let cur: [number, number] | undefined;
  for (const [s, e] of sorted) {
    if (cur && s <= cur[1]) cur[1] = Math.max(cur[1], e);
    else {
      if (cur) total += cur[1] - cur[0];
      cur = [s, e];
    }
  }
  if (cur) total += cur[1] - cur[0];
  return total;
}
