/**
 * `docker port CONTAINER [PRIVATE_PORT[/PROTO]]` (docker/cli v28.2.2
 * cli/command/container/port.go): no route of its own. The CLI inspects the
 * container and reads `NetworkSettings.Ports`, the ports dockerd published
 * when it started it; a stopped container has none.
 */
import type { CommandSpec } from '../command';
import { messageOf } from '../api';
import { containerArg } from './containers';
import { aboutContainer } from '../../trace/operations';

type Frontend = { HostIp: string; HostPort: string };

/** Go's net.JoinHostPort: an IPv6 address in brackets. */
const joinHostPort = (ip: string, port: string) =>
  ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;

/**
 * sortorder.NaturalLess (the CLI sorts the lines with it): runs of digits
 * compare as numbers, everything else byte by byte.
 */
export function naturalLess(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const da = /\d/.test(a[i]!);
    const db = /\d/.test(b[j]!);
    if (da && db) {
      let ei = i;
      while (ei < a.length && /\d/.test(a[ei]!)) ei++;
      let ej = j;
      while (ej < b.length && /\d/.test(b[ej]!)) ej++;
      const na = a.slice(i, ei).replace(/^0+/, '');
      const nb = b.slice(j, ej).replace(/^0+/, '');
      if (na.length !== nb.length) return na.length < nb.length;
      if (na !== nb) return na < nb;
      // Equal values: fewer leading zeros first.
      if (ei - i !== ej - j) return ei - i < ej - j;
      i = ei;
      j = ej;
      continue;
    }
    if (a[i] !== b[j]) return a[i]! < b[j]!;
    i++;
    j++;
  }
  return a.length - i < b.length - j;
}

export const portCommand: CommandSpec = {
  help: 'port',
  forms: ['container port', 'port'],
  args: { kind: 'range', min: 1, max: 2 },
  simulated: [],
  *execute(ctx) {
    const name = yield* containerArg(ctx);
    if (name === undefined) return 1;
    const r = yield* ctx.api.request('GET', `/containers/${name}/json`, {
      op: 'engine.containers.inspect',
      subjects: aboutContainer(name),
      summary: `the CLI reads ${name}’s published ports from its record (docker port has no route of its own)`,
    });
    if (r.status !== 200) {
      ctx.err(`Error response from daemon: ${messageOf(r)}\n`);
      return 1;
    }
    const ports =
      (r.body as { NetworkSettings?: { Ports?: Record<string, Frontend[] | null> | null } })
        .NetworkSettings?.Ports ?? {};
    const out: string[] = [];
    const wanted = ctx.args[1];
    if (wanted !== undefined && wanted !== '') {
      const cut = wanted.indexOf('/');
      const port = cut < 0 ? wanted : wanted.slice(0, cut);
      const proto = (cut < 0 ? '' : wanted.slice(cut + 1)) || 'tcp';
      if (!/^\d+$/.test(port) || Number(port) > 65535) {
        const why = /^\d+$/.test(port) ? 'value out of range' : 'invalid syntax';
        ctx.err(`Error: invalid port (${port}): strconv.ParseUint: parsing "${port}": ${why}\n`);
        return 1;
      }
      const frontends = ports[`${port}/${proto}`];
      if (!frontends || frontends.length === 0) {
        ctx.err(`Error: No public port '${wanted}' published for ${ctx.args[0]}\n`);
        return 1;
      }
      for (const f of frontends) out.push(joinHostPort(f.HostIp, f.HostPort));
    } else {
      for (const [from, frontends] of Object.entries(ports))
        for (const f of frontends ?? [])
          out.push(`${from} -> ${joinHostPort(f.HostIp, f.HostPort)}`);
    }
    out.sort((x, y) => (naturalLess(x, y) ? -1 : naturalLess(y, x) ? 1 : 0));
    if (out.length > 0) ctx.out(`${out.join('\n')}\n`);
    return 0;
  },
};
