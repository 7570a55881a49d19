/**
 * `docker network create/ls/rm/inspect/connect/disconnect/prune` as docker/cli
 * 28.2 carries them out (cli/command/network): the requests, bodies and output
 * were captured from the real CLI.
 */
import type { CommandContext, CommandSpec } from '../command';
import type { Task } from '../../core/scheduler';
import { isOn, last } from '../flags';
import { messageOf } from '../api';
import { table } from '../format';
import { printFormatted, type ListFormatSpec } from '../listFormat';
import { goTimeText, inspectAll } from './inspect';
import { filtersJson } from './containers';
import { parseCidr, parseIpv4, contains } from '../../dockerd/networks';
import { Signal } from '../../core/signal';
import { wait } from '../../core/scheduler';

/** A network as `GET /networks` lists it: the fields the CLI prints. */
interface NetworkSummary {
  Name: string;
  Id: string;
  Created?: string;
  Driver: string;
  Scope: string;
  EnableIPv6?: boolean;
  Internal?: boolean;
  Labels?: Record<string, string> | null;
}

/** docker/cli's network formatter (cli/command/network/formatter.go): its headers and default table. */
const NETWORK_LIST_FORMAT: ListFormatSpec = {
  rowType: '*network.networkContext',
  headers: {
    ID: 'NETWORK ID',
    Name: 'NAME',
    Driver: 'DRIVER',
    Scope: 'SCOPE',
    IPv4: 'IPV4',
    IPv6: 'IPV6',
    Internal: 'INTERNAL',
    Labels: 'LABELS',
    CreatedAt: 'CREATED AT',
  },
  defaultTable: 'table {{.ID}}\\t{{.Name}}\\t{{.Driver}}\\t{{.Scope}}',
  raw: {
    quiet: 'network_id: {{.ID}}',
    full: 'network_id: {{.ID}}\\nname: {{.Name}}\\ndriver: {{.Driver}}\\nscope: {{.Scope}}\\n',
  },
};

/**
 * One `docker network ls` row with the field names of docker/cli's network
 * formatter (`{{.ID}}`, `{{.Name}}`, `{{.Driver}}`, `{{.Scope}}`, `{{.IPv6}}`,
 * `{{.Internal}}`, `{{.Labels}}`, `{{.CreatedAt}}`), what `--format` reads.
 */
export function networkRow(n: NetworkSummary, trunc: boolean) {
  return {
    ID: trunc ? n.Id.slice(0, 12) : n.Id,
    Name: n.Name,
    Driver: n.Driver,
    Scope: n.Scope,
    IPv6: String(!!n.EnableIPv6),
    Internal: String(!!n.Internal),
    Labels: Object.entries(n.Labels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(','),
    CreatedAt: goTimeText(n.Created ?? ''),
  };
}

/**
 * sortorder.NaturalLess (fvbommel/sortorder), which `docker network ls` sorts
 * by: runs of digits compare as numbers, the rest byte by byte (`Host` before
 * `bridge`, `net9` before `net10`).
 */
export function naturalLess(a: string, b: string): boolean {
  const chunks = (s: string) => s.match(/\d+|\D+/g) ?? [];
  const x = chunks(a);
  const y = chunks(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i]!;
    const q = y[i]!;
    if (p === q) continue;
    const digits = /^\d/.test(p) && /^\d/.test(q);
    if (digits) {
      const n = BigInt(p) - BigInt(q);
      if (n !== 0n) return n < 0n;
      return p.length < q.length;
    }
    return p < q;
  }
  return x.length < y.length;
}

const errorLine = (ctx: CommandContext, message: string) =>
  ctx.err(`Error response from daemon: ${message}\n`);

/** docker/cli opts.ConvertKVStringsToMap: `a=b` → a: "b", `a` → a: "". */
function kvMap(list: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of list) {
    const eq = kv.indexOf('=');
    if (eq === -1) out[kv] = '';
    else out[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return out;
}

/** pflag's stringSlice: each value may hold several, comma-separated. */
const slice = (values: readonly string[] | undefined) =>
  (values ?? []).flatMap((v) => (v === '' ? [] : v.split(',')));

/**
 * docker/cli createIPAMConfig, for the flags DockScope simulates (`--subnet`,
 * `--gateway`): a gateway needs a subnet that contains it; subnets may not overlap.
 */
function ipamConfig(
  subnets: readonly string[],
  gateways: readonly string[],
):
  { ok: true; config: Array<{ Subnet: string; Gateway?: string }> } | { ok: false; error: string } {
  if (subnets.length < gateways.length)
    return { ok: false, error: 'every ip-range or gateway must have a corresponding subnet' };
  const config: Array<{ Subnet: string; Gateway?: string }> = [];
  const matches = (subnet: string, data: string): boolean | string => {
    const s = parseCidr(subnet);
    if (!s) return `invalid subnet: invalid CIDR address: ${subnet}`;
    const ip = data.includes('/') ? parseCidr(data)?.ip : parseIpv4(data);
    if (ip === undefined) return data.includes('/') ? `invalid CIDR address: ${data}` : false;
    return contains(s.cidr, ip);
  };
  for (const s of subnets) {
    for (const k of config) {
      const a = matches(s, k.Subnet);
      if (typeof a === 'string') return { ok: false, error: a };
      const b = matches(k.Subnet, s);
      if (typeof b === 'string') return { ok: false, error: b };
      if (a || b)
        return { ok: false, error: 'multiple overlapping subnet configuration is not supported' };
    }
    config.push({ Subnet: s });
  }
  for (const g of gateways) {
    let matched = false;
    for (const entry of config) {
      const ok = matches(entry.Subnet, g);
      if (typeof ok === 'string') return { ok: false, error: ok };
      if (!ok) continue;
      if (entry.Gateway)
        return {
          ok: false,
          error: `cannot configure multiple gateways (${g}, ${entry.Gateway}) for the same subnet (${entry.Subnet})`,
        };
      entry.Gateway = g;
      matched = true;
    }
    if (!matched) return { ok: false, error: `no matching subnet for gateway ${g}` };
  }
  return { ok: true, config };
}

export const networkCreateCommand: CommandSpec = {
  help: 'network create',
  forms: ['network create'],
  args: { kind: 'exact', n: 1 },
  simulated: ['driver', 'subnet', 'gateway', 'internal', 'label', 'opt'],
  *execute(ctx) {
    const name = ctx.args[0]!;
    const ipam = ipamConfig(slice(ctx.flags.subnet), slice(ctx.flags.gateway));
    if (!ipam.ok) {
      ctx.err(`${ipam.error}\n`);
      return 1;
    }
    const r = yield* ctx.api.request('POST', '/networks/create', {
      op: 'engine.networks.create',
      subjects: { network: name },
      // The body as CLI 28.2 sends it, key for key (captured).
      body: {
        Driver: last(ctx.flags, 'driver') ?? 'bridge',
        Scope: '',
        IPAM: { Driver: 'default', Options: {}, Config: ipam.config },
        Internal: isOn(ctx.flags, 'internal'),
        Attachable: false,
        Ingress: false,
        ConfigOnly: false,
        ConfigFrom: null,
        Options: kvMap(ctx.flags.opt ?? []),
        Labels: kvMap(ctx.flags.label ?? []),
        Name: name,
      },
      summary: `the CLI asks dockerd to create network ${name}`,
    });
    if (r.status !== 201) {
      errorLine(ctx, messageOf(r));
      return 1;
    }
    ctx.out(`${(r.body as { Id: string }).Id}\n`);
    return 0;
  },
};

export const networkLsCommand: CommandSpec = {
  help: 'network ls',
  forms: ['network ls', 'network list'],
  args: { kind: 'none' },
  simulated: ['quiet', 'no-trunc', 'filter', 'format'],
  *execute(ctx) {
    const query: Record<string, string> = {};
    const filters = filtersJson(ctx.flags.filter ?? []);
    if (filters) query.filters = filters;
    const r = yield* ctx.api.request('GET', '/networks', {
      op: 'engine.networks.list',
      query,
      summary: 'the CLI asks dockerd for its networks',
    });
    if (r.status !== 200) {
      errorLine(ctx, messageOf(r));
      return 1;
    }
    const list = [...(r.body as NetworkSummary[])].sort((a, b) =>
      naturalLess(a.Name, b.Name) ? -1 : naturalLess(b.Name, a.Name) ? 1 : 0,
    );
    const rows = list.map((n) => networkRow(n, !isOn(ctx.flags, 'no-trunc')));
    const format = last(ctx.flags, 'format') ?? '';
    if (format !== '' && format !== 'table')
      return printFormatted(ctx, format, isOn(ctx.flags, 'quiet'), rows, NETWORK_LIST_FORMAT);
    if (isOn(ctx.flags, 'quiet')) {
      ctx.out(rows.map((row) => `${row.ID}\n`).join(''));
      return 0;
    }
    ctx.out(
      table([
        ['NETWORK ID', 'NAME', 'DRIVER', 'SCOPE'],
        ...rows.map((row) => [row.ID, row.Name, row.Driver, row.Scope]),
      ]),
    );
    return 0;
  },
};

export const networkRmCommand: CommandSpec = {
  help: 'network rm',
  forms: ['network rm', 'network remove'],
  args: { kind: 'min', n: 1 },
  simulated: ['force'],
  *execute(ctx) {
    let status = 0;
    for (const name of ctx.args) {
      // CLI 28 reads the network first: removing a swarm's ingress network asks for confirmation.
      yield* ctx.api.request('GET', `/networks/${name}`, {
        op: 'engine.networks.inspect',
        subjects: { network: name },
        summary: `the CLI reads network ${name} first (is it a swarm's ingress network?)`,
      });
      const r = yield* ctx.api.request('DELETE', `/networks/${name}`, {
        op: 'engine.networks.delete',
        subjects: { network: name },
        summary: `the CLI asks dockerd to remove network ${name}`,
      });
      if (r.status !== 204 && r.status !== 200) {
        if (isOn(ctx.flags, 'force') && r.status === 404) continue;
        errorLine(ctx, messageOf(r));
        status = 1;
        continue;
      }
      ctx.out(`${name}\n`);
    }
    // The CLI returns a StatusError, whose status its main prints.
    if (status !== 0) ctx.err('exit status 1\n');
    return status;
  },
};

export const networkInspectCommand: CommandSpec = {
  help: 'network inspect',
  forms: ['network inspect'],
  args: { kind: 'min', n: 1 },
  simulated: ['format'],
  *execute(ctx) {
    // ── obs: --format goes through docker inspect's template path (docker/cli inspect.Inspect) ──
    if (last(ctx.flags, 'format') !== undefined)
      return yield* inspectAll(ctx, { kinds: ['network'], autodetect: false, size: false });
    const found: unknown[] = [];
    const errors: string[] = [];
    for (const name of ctx.args) {
      const r = yield* ctx.api.request('GET', `/networks/${name}`, {
        op: 'engine.networks.inspect',
        subjects: { network: name },
        summary: `the CLI asks dockerd for network ${name}`,
      });
      if (r.status === 200) found.push(r.body);
      else errors.push(`Error response from daemon: ${messageOf(r)}`);
    }
    // docker/cli's inspector: the JSON of those found ([] when none), then the errors.
    ctx.out(`${JSON.stringify(found, null, 4)}\n`);
    if (errors.length) {
      ctx.err(`${errors.join('\n')}\n`);
      return 1;
    }
    return 0;
  },
};

/** `--alias`, `--ip`: the EndpointSettings body of connect, as CLI 28.2 sends it (captured). */
function endpointConfig(ctx: CommandContext) {
  const ip = last(ctx.flags, 'ip');
  return {
    IPAMConfig: ip ? { IPv4Address: ip } : {},
    Links: null,
    Aliases: slice(ctx.flags.alias),
    MacAddress: '',
    DriverOpts: {},
    GwPriority: 0,
    NetworkID: '',
    EndpointID: '',
    Gateway: '',
    IPAddress: '',
    IPPrefixLen: 0,
    IPv6Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    DNSNames: null,
  };
}

export const networkConnectCommand: CommandSpec = {
  help: 'network connect',
  forms: ['network connect'],
  args: { kind: 'exact', n: 2 },
  simulated: ['alias', 'ip'],
  *execute(ctx) {
    const [network, container] = ctx.args as [string, string];
    const r = yield* ctx.api.request('POST', `/networks/${network}/connect`, {
      op: 'engine.networks.connect',
      subjects: { network, container },
      body: { Container: container, EndpointConfig: endpointConfig(ctx) },
      summary: `the CLI asks dockerd to connect ${container} to ${network}`,
    });
    if (r.status !== 200) {
      errorLine(ctx, messageOf(r));
      return 1;
    }
    return 0;
  },
};

export const networkDisconnectCommand: CommandSpec = {
  help: 'network disconnect',
  forms: ['network disconnect'],
  args: { kind: 'exact', n: 2 },
  simulated: ['force'],
  *execute(ctx) {
    const [network, container] = ctx.args as [string, string];
    const r = yield* ctx.api.request('POST', `/networks/${network}/disconnect`, {
      op: 'engine.networks.disconnect',
      subjects: { network, container },
      body: { Container: container, Force: isOn(ctx.flags, 'force') },
      summary: `the CLI asks dockerd to disconnect ${container} from ${network}`,
    });
    if (r.status !== 200) {
      errorLine(ctx, messageOf(r));
      return 1;
    }
    return 0;
  },
};

const PRUNE_WARNING =
  'WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] ';

/** The answer typed at the prompt (a terminal), or none (no terminal: stdin is not read, as with /dev/null). */
function* confirm(ctx: CommandContext): Task<boolean> {
  ctx.out(PRUNE_WARNING);
  if (!ctx.io.tty) return false;
  const answer = new Signal<string>();
  ctx.io.onStdin = (text) => answer.resolve(text);
  ctx.io.onStdinEnd = () => answer.resolve('');
  ctx.io.onInterrupt = () => answer.resolve('');
  const text = yield* wait(answer);
  ctx.io.onStdin = ctx.io.onStdinEnd = ctx.io.onInterrupt = undefined;
  return /^\s*y(es)?\s*$/i.test(text);
}

export const networkPruneCommand: CommandSpec = {
  help: 'network prune',
  forms: ['network prune'],
  args: { kind: 'none' },
  simulated: ['force', 'filter'],
  *execute(ctx) {
    // prompt.Confirm: anything but y/yes cancels, and a cancelled prune exits 0 without a word.
    if (!isOn(ctx.flags, 'force') && !(yield* confirm(ctx))) return 0;
    const query: Record<string, string> = {};
    const filters = filtersJson(ctx.flags.filter ?? []);
    if (filters) query.filters = filters;
    const r = yield* ctx.api.request('POST', '/networks/prune', {
      op: 'engine.networks.prune',
      query,
      summary: 'the CLI asks dockerd to remove the networks no container uses',
    });
    if (r.status !== 200) {
      errorLine(ctx, messageOf(r));
      return 1;
    }
    const deleted = (r.body as { NetworksDeleted: string[] | null }).NetworksDeleted ?? [];
    if (deleted.length) ctx.out(`Deleted Networks:\n${deleted.map((n) => `${n}\n`).join('')}\n`);
    return 0;
  },
};

/** Every `docker network` command pings first, even for --help or a wrong argument (observed). */
export const NETWORK_COMMANDS: CommandSpec[] = [
  networkCreateCommand,
  networkLsCommand,
  networkRmCommand,
  networkInspectCommand,
  networkConnectCommand,
  networkDisconnectCommand,
  networkPruneCommand,
].map((c) => ({ ...c, pingsFirst: true }));
