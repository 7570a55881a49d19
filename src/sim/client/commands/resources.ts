/**
 * `docker update` and `docker stats --no-stream`, as docker/cli v28.2.2 runs them
 * (cli/command/container/update.go, stats.go, formatter/stats.go).
 */
import type { CommandSpec } from '../command';
import { messageOf } from '../api';
import { aboutContainer } from '../../trace/operations';
import { table } from '../format';
import { isOn } from '../flags';
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

export const statsCommand: CommandSpec = {
  help: 'stats',
  forms: ['stats', 'container stats'],
  args: { kind: 'any' },
  simulated: ['no-stream', 'no-trunc'],
  *execute(ctx) {
    if (!isOn(ctx.flags, 'no-stream')) {
      ctx.err(
        'DockScope: docker stats without --no-stream (a live view until Ctrl-C) is not simulated yet; add --no-stream.\n',
      );
      return 125;
    }
    if (ctx.args.length === 0) {
      ctx.err(
        'DockScope: docker stats without container names (which follows the event stream for new containers) is not simulated yet; name the containers.\n',
      );
      return 125;
    }
    const rows: string[][] = [
      [
        'CONTAINER ID',
        'NAME',
        'CPU %',
        'MEM USAGE / LIMIT',
        'MEM %',
        'NET I/O',
        'BLOCK I/O',
        'PIDS',
      ],
    ];
    const errs: string[] = [];
    for (const name of ctx.args) {
      const r = yield* ctx.api.request('GET', `/containers/${name}/stats`, {
        op: 'engine.containers.stats',
        subjects: aboutContainer(name),
        query: { stream: '0' },
        summary: `the CLI asks dockerd for one sample of ${name}’s resource usage`,
      });
      if (r.status !== 200) {
        errs.push(`Error response from daemon: ${messageOf(r)}`);
        continue;
      }
      const s = r.body as StatsBody;
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
      rows.push([
        isOn(ctx.flags, 'no-trunc') ? id : id.slice(0, 12),
        (s.name ?? '').length > 1 ? s.name!.slice(1) : '--',
        '0.00%',
        `${bytesSize(mem)} / ${bytesSize(limit)}`,
        `${(limit ? (mem / limit) * 100 : 0).toFixed(2)}%`,
        `${humanSize3(rx)} / ${humanSize3(tx)}`,
        `${humanSize3(0)} / ${humanSize3(0)}`,
        String(s.pids_stats?.current ?? 0),
      ]);
    }
    if (errs.length) {
      ctx.err(`${errs.join('\n')}\n`);
      return 1;
    }
    ctx.out(table(rows));
    return 0;
  },
};
