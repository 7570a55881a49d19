// The JSON messages dockerd streams for POST /images/create (a pull), as moby 28's
// containerd image store words them (daemon/containerd/image_pull.go, progress.go).
// Layer progress is produced by a tiny deterministic schedule: every layer downloads at
// once (this store sets no limit), downloads finish by size, layers are extracted in
// order once downloaded. No "Waiting" and no "Verifying Checksum" (the graph-driver
// store's); leading layers already unpacked are not listed at all.
import type { ImageSpec, LayerSpec } from './catalog';

export interface JsonMessage {
  status?: string;
  progressDetail?: { current?: number; total?: number; units?: string; hidecounts?: boolean };
  progress?: string;
  id?: string;
  errorDetail?: { message: string };
  error?: string;
}

/** go-units HumanSize: 4 significant digits, decimal units. */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${Number(v.toPrecision(4))}${units[i]}`;
}

/** pkg/jsonmessage JSONProgress.String() as the daemon renders it (width > 110). */
export function progressBar(current: number, total: number): string {
  const pct = Math.min(50, Math.floor(Math.floor((current / total) * 100) / 2));
  const bar = `[${'='.repeat(pct)}>${' '.repeat(Math.max(0, 50 - pct))}] `;
  return `${bar}${humanSize(current).padStart(8)}/${humanSize(total)}`;
}

interface Event {
  t: number;
  seq: number;
  msg: JsonMessage;
}

const downloadTime = (l: LayerSpec): number => 1 + Math.ceil(l.size / 4_000_000);
const extractTime = (l: LayerSpec): number => 1 + Math.ceil(l.size / 16_000_000);

function layerEvents(
  toFetch: readonly { layer: LayerSpec; present: boolean }[],
  start: number,
  seq: { n: number },
): Event[] {
  const events: Event[] = [];
  const push = (t: number, msg: JsonMessage): void => {
    events.push({ t, seq: seq.n++, msg });
  };
  let lastExtracted = start;
  for (const { layer, present } of toFetch) {
    let end = start;
    if (present) {
      push(start + 0.1, {
        status: 'Already exists',
        progressDetail: { hidecounts: true },
        id: layer.id,
      });
    } else {
      end = start + downloadTime(layer);
      for (const part of [0.25, 0.75]) {
        const current = Math.floor(layer.size * part);
        push(start + (end - start) * part, {
          status: 'Downloading',
          progressDetail: { current, total: layer.size },
          progress: progressBar(current, layer.size),
          id: layer.id,
        });
      }
      push(end, {
        status: 'Download complete',
        progressDetail: { hidecounts: true },
        id: layer.id,
      });
    }
    const xBegin = Math.max(end, lastExtracted);
    lastExtracted = xBegin + extractTime(layer);
    for (let s = 1; xBegin + s - 1 < lastExtracted; s++) {
      push(xBegin + s - 1 + 0.01, {
        status: 'Extracting',
        progressDetail: { current: s, units: 's' },
        progress: `${s} s`,
        id: layer.id,
      });
    }
    push(lastExtracted, {
      status: 'Pull complete',
      progressDetail: { hidecounts: true },
      id: layer.id,
    });
  }
  return events;
}

export interface PullOptions {
  /** Layer IDs already in the local store ("Already exists"). */
  readonly haveLayers: ReadonlySet<string>;
  /** The very same image is already present. */
  readonly upToDate: boolean;
  /** Fail once the first layer would be verified: errorDetail inside the 200 stream. */
  readonly failWith?: string;
}

export function pullMessages(img: ImageSpec, opts: PullOptions): JsonMessage[] {
  const ref = `${img.repo}:${img.tag}`;
  const head: JsonMessage = { status: `Pulling from library/${img.repo}`, id: img.tag };
  const digest: JsonMessage = { status: `Digest: ${img.digest}` };
  if (opts.upToDate) {
    return [head, digest, { status: `Status: Image is up to date for ${ref}` }];
  }
  const seq = { n: 0 };
  const events: Event[] = [];
  // Layers whose snapshot is already there (the leading ones this host has) are skipped
  // without a word; from the first missing one on, every layer is fetched.
  let skip = 0;
  while (skip < img.layers.length && opts.haveLayers.has(img.layers[skip]!.id)) skip++;
  const toFetch = img.layers
    .slice(skip)
    .map((layer) => ({ layer, present: opts.haveLayers.has(layer.id) }));
  for (const { layer } of toFetch) {
    events.push({
      t: 0,
      seq: seq.n++,
      msg: { status: 'Pulling fs layer', progressDetail: {}, id: layer.id },
    });
  }
  events.push(...layerEvents(toFetch, 0, seq));
  events.sort((a, b) => a.t - b.t || a.seq - b.seq);
  const body = events.map((e) => e.msg);
  if (opts.failWith) {
    const cut = body.findIndex((m) => m.status === 'Download complete');
    return [
      head,
      ...body.slice(0, cut),
      { errorDetail: { message: opts.failWith }, error: opts.failWith },
    ];
  }
  return [head, ...body, digest, { status: `Status: Downloaded newer image for ${ref}` }];
}
