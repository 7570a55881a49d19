/**
 * `docker update` and `docker stats --no-stream`, as docker/cli v28.2.2 runs them
 * (cli/command/container/update.go, stats.go, formatter/stats.go).
 */
import type { CommandSpec } from '../command';
import { messageOf } from '../api';
import { aboutContainer } from '../../trace/operations';
import { table } from '../format';
import { isOn } from '../flags';
import { readChunk } from '../api';
import { Signal, type Channel } from '../../core/signal';
import { sleep, wait } from '../../core/scheduler';
import type { StreamChunk } from '../../core/network';
import type { EventMessage } from '../../dockerd/events';
import { resourceOptions } from './resourceFlags';
import { UNSET_RESOURCES } from '../../dockerd/resources';

const UPDATE_FLAGS = [
  'memory',
  'memory-reservation',
  'memory-swap',
  'cpus',
  'cpu-shares',
  'cpuset-cpus',
  'pids-limit',
];

/**
 * The UpdateConfig body: container.Resources with only the given fields set (the others
 * Go zero values, nil slices and pointers as null), then an empty RestartPolicy.
 */
function updateBody(flags: Record<string, string[]>) {
  const r = resourceOptions(flags);
  return {
    ...UNSET_RESOURCES,
    CpuShares: r.cpuShares,
    Memory: r.memory,
    NanoCpus: r.nanoCpus,
    BlkioWeightDevice: null,
    BlkioDeviceReadBps: null,
    BlkioDeviceWriteBps: null,
    BlkioDeviceReadIOps: null,
    BlkioDeviceWriteIOps: null,
    CpusetCpus: r.cpusetCpus,
    Devices: null,
    MemoryReservation: r.memoryReservation,
    MemorySwap: r.memorySwap,
    MemorySwappiness: null,
    OomKillDisable: null,
    PidsLimit: r.pidsLimit !== 0 ? r.pidsLimit : null,
    Ulimits: null,
    CpuCount: 0,
    CpuPercent: 0,
    IOMaximumIOps: 0,
    IOMaximumBandwidth: 0,
    RestartPolicy: { Name: '', MaximumRetryCount: 0 },
  };
}

export const updateCommand: CommandSpec = {
  help: 'update',
  forms: ['update', 'container update'],
  args: { kind: 'min', n: 1 },
  simulated: UPDATE_FLAGS,
  *execute(ctx) {
    if (Object.keys(ctx.flags).length === 0) {
      ctx.err('you must provide one or more flags when using this command\n');
      return 1;
    }
    const body = updateBody(ctx.flags);
    const errs: string[] = [];
    const warns: string[] = [];
    for (const name of ctx.args) {
      const r = yield* ctx.api.request('POST', `/containers/${name}/update`, {
        op: 'engine.containers.update',
        subjects: aboutContainer(name),
        body,
        summary: `the CLI asks dockerd to change ${name}’s limits`,
      });
      if (r.status === 200) {
        ctx.out(`${name}\n`);
        warns.push(...((r.body as { Warnings?: string[] | null }).Warnings ?? []));
      } else errs.push(`Error response from daemon: ${messageOf(r)}`);
    }
    if (warns.length) ctx.out(`${warns.join('\n')}\n`);
    if (errs.length) {
      ctx.err(`${errs.join('\n')}\n`);
      return 1;
    }
    return 0;
  },
};

/** go-units BytesSize: binary units, 4 significant digits (`344KiB`, `7.752GiB`). */
export function bytesSize(n: number): string {
  return customSize(n, 1024, ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'], 4);
}

/** go-units HumanSizeWithPrecision(n, 3): decimal units (`1.05kB`, `0B`). */
export function humanSize3(n: number): string {
  return customSize(n, 1000, ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'], 3);
}

function customSize(n: number, base: number, units: string[], precision: number): string {
  let i = 0;
  while (n >= base && i < units.length - 1) {
    n /= base;
    i++;
  }
  return `${Number(n.toPrecision(precision))}${units[i]}`;
}

interface StatsBody {
  id?: string;
  name?: string;
  pids_stats?: { current?: number };
  memory_stats?: { usage?: number; limit?: number; stats?: { inactive_file?: number } };
  networks?: Record<string, { rx_bytes: number; tx_bytes: number }>;
}

/** One container's row, as the CLI's collect goroutine keeps it (stats_helpers.go). */
interface Watched {
  /** What the CLI asks for: the name typed, or the short ID from the list or an event. */
  key: string;
  latest?: StatsBody;
  error?: string;
  /** Settles with the first sample (or the first error): waitFirst. */
  first: Signal<void>;
  stream?: Channel<StreamChunk>;
}

const HEADER = [
  'CONTAINER ID',
  'NAME',
  'CPU %',
  'MEM USAGE / LIMIT',
  'MEM %',
  'NET I/O',
  'BLOCK I/O',
  'PIDS',
];

/** formatter/stats.go's table row for one sample (Linux: memory less inactive_file). */
function statsRow(s: StatsBody, noTrunc: boolean): string[] {
  // calculateMemUsageUnixNoCache: usage minus inactive_file (cgroup v2).
  const mem = Math.max(
    0,
    (s.memory_stats?.usage ?? 0) - (s.memory_stats?.stats?.inactive_file ?? 0),
  );
  const limit = s.memory_stats?.limit ?? 0;
  const nets = Object.values(s.networks ?? {});
  const rx = nets.reduce((a, n) => a + n.rx_bytes, 0);
  const tx = nets.reduce((a, n) => a + n.tx_bytes, 0);
  const id = s.id ?? '';
  return [
    noTrunc ? id : id.slice(0, 12),
    (s.name ?? '').length > 1 ? s.name!.slice(1) : '--',
    '0.00%',
    `${bytesSize(mem)} / ${bytesSize(limit)}`,
    `${(limit ? (mem / limit) * 100 : 0).toFixed(2)}%`,
    `${humanSize3(rx)} / ${humanSize3(tx)}`,
    `${humanSize3(0)} / ${humanSize3(0)}`,
    String(s.pids_stats?.current ?? 0),
  ];
}

/**
 * What a streaming frame writes (v28.2.2 RunStats): the cursor home, the table, then every
 * line of that buffer once more with " \x1b[K" (erase to the end of the line) appended, then
 * "\x1b[J" (erase below). The second copy is real: 28.2's loop splits the buffer it appends
 * to, so each frame carries the table twice, the second drawn over the first.
 */
function frame(text: string): string {
  const first = `\x1b[H${text}`;
  return `${first}${first
    .split('\n')
    .map((line) => `${line} \x1b[K\n`)
    .join('')}\x1b[J`;
}

/** The ticker's period in RunStats. */
const TICK_MS = 500;

export const statsCommand: CommandSpec = {
  help: 'stats',
  forms: ['stats', 'container stats'],
  args: { kind: 'any' },
  simulated: ['all', 'no-stream', 'no-trunc'],
  *execute(ctx) {
    const streaming = !isOn(ctx.flags, 'no-stream');
    const all = isOn(ctx.flags, 'all');
    const noTrunc = isOn(ctx.flags, 'no-trunc');
    const showAll = ctx.args.length === 0;
    const watched: Watched[] = [];
    let events: Channel<StreamChunk> | undefined;
    let eventsEnded = false;

    /** The collect goroutine: one stats request, then each sample as it comes. */
    const collect = (key: string) => {
      if (watched.some((w) => w.key === key)) return;
      const w: Watched = { key, first: new Signal<void>() };
      watched.push(w);
      ctx.host.scheduler.spawn(
        (function* () {
          const r = yield* ctx.api.request('GET', `/containers/${key}/stats`, {
            op: 'engine.containers.stats',
            subjects: aboutContainer(key),
            query: { stream: streaming ? '1' : '0' },
            summary: streaming
              ? `the CLI asks dockerd for a sample of ${key}’s resource usage every second`
              : `the CLI asks dockerd for one sample of ${key}’s resource usage`,
          });
          if (r.status !== 200) {
            w.error = `Error response from daemon: ${messageOf(r)}`;
            w.first.resolve();
            return;
          }
          if (!r.stream) {
            w.latest = r.body as StatsBody;
            w.first.resolve();
            return;
          }
          w.stream = r.stream;
          for (;;) {
            const chunk = yield* readChunk(r.stream);
            if (!chunk) break;
            w.latest = chunk.data as StatsBody;
            if (!w.first.isSettled) w.first.resolve();
          }
          if (!w.first.isSettled) w.first.resolve();
        })(),
      );
    };

    if (showAll) {
      // Subscribed before listing, so no container started in between is missed.
      const r = yield* ctx.api.request('GET', '/events', {
        op: 'engine.system.events',
        query: { filters: '{"type":{"container":true}}' },
        summary:
          'the CLI follows container events, to add containers that start (and drop those that die)',
      });
      if (r.status !== 200 || !r.stream) {
        ctx.err(`Error response from daemon: ${messageOf(r)}\n`);
        return 1;
      }
      events = r.stream;
      const stream = r.stream;
      ctx.host.scheduler.spawn(
        (function* () {
          for (;;) {
            const chunk = yield* readChunk(stream);
            if (!chunk) break;
            const m = chunk.data as EventMessage;
            const short = m.Actor.ID.slice(0, 12);
            if (m.Action === 'start' || (all && m.Action === 'create')) collect(short);
            else if (!all && m.Action === 'die') {
              const i = watched.findIndex((w) => w.key === short);
              // Dropped from the table; its collect goroutine reads on (cStats.remove).
              if (i >= 0) watched.splice(i, 1);
            }
          }
          eventsEnded = true;
        })(),
      );
      const list = yield* ctx.api.request('GET', '/containers/json', {
        op: 'engine.containers.list',
        ...(all ? { query: { all: '1' } } : {}),
        summary: `the CLI lists the ${all ? '' : 'running '}containers to watch`,
      });
      if (list.status !== 200) {
        events.close();
        ctx.err(`Error response from daemon: ${messageOf(list)}\n`);
        return 1;
      }
      for (const c of list.body as Array<{ Id: string }>) collect(c.Id.slice(0, 12));
    } else {
      for (const name of ctx.args) collect(name);
    }
    for (const w of [...watched]) yield* wait(w.first);
    if (!showAll) {
      const errs = watched.flatMap((w) => (w.error ? [w.error] : []));
      if (errs.length) {
        for (const w of watched) w.stream?.close();
        ctx.err(`${errs.join('\n')}\n`);
        return 1;
      }
    }

    // Ctrl-C cancels the CLI's context: every connection closes. With no names the events
    // stream's error then ends the loop (exit 0: a cancelled context is no error). With names
    // nothing watches the context in 28.2 (docker/cli#6090): the numbers stop changing and
    // only the third signal ends the CLI, forcefully.
    let signals = 0;
    ctx.io.onInterrupt = () => {
      signals++;
      if (signals === 1) {
        events?.close();
        for (const w of watched) w.stream?.close();
      }
    };
    for (;;) {
      yield* sleep(TICK_MS);
      if (signals >= 3) {
        ctx.err('\ngot 3 SIGTERM/SIGINTs, forcefully exiting\n');
        return 1;
      }
      const rows = [
        HEADER,
        ...watched.filter((w) => w.latest).map((w) => statsRow(w.latest!, noTrunc)),
      ];
      const text = table(rows);
      ctx.out(streaming ? frame(text) : text);
      if (!streaming) break;
      if (showAll && eventsEnded) break;
    }
    events?.close();
    for (const w of watched) w.stream?.close();
    return 0;
  },
};
