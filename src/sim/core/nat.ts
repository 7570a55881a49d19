/**
 * Port specs as docker/go-connections `nat` reads them; the docker CLI (for
 * `-p`) and dockerd (to check a create body) both vendor it.
 */

/** Go `strconv.ParseUint(s, 10, 16)`: decimal digits only, 0…65535. */
export function parsePort16(s: string): number | undefined {
  if (!/^[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return n <= 65535 ? n : undefined;
}

/** `nat.ParsePortRange`: `8000` or `8000-8010` (end ≥ start; text after a second `-` is ignored). */
export function parsePortRange(s: string): { start: number; end: number } | undefined {
  if (s === '') return undefined;
  if (!s.includes('-')) {
    const p = parsePort16(s);
    return p === undefined ? undefined : { start: p, end: p };
  }
  const [a = '', b = ''] = s.split('-');
  const start = parsePort16(a);
  const end = parsePort16(b);
  if (start === undefined || end === undefined || end < start) return undefined;
  return { start, end };
}

/** `nat.SplitProtoPort`: `80/udp` → [udp, 80]; `80` and `80/` → [tcp, 80]; `` → ['', '']. */
export function splitProtoPort(raw: string): [string, string] {
  const parts = raw.split('/');
  if (raw === '' || parts[0] === '') return ['', ''];
  if (parts.length === 1) return ['tcp', raw];
  if (parts[1] === '') return ['tcp', parts[0]!];
  return [parts[1]!, parts[0]!];
}

export interface PortMapping {
  /** `80/tcp`. */
  port: string;
  binding: { HostIp: string; HostPort: string };
}

/** Go's `net.ParseIP`, closely enough for `-p`: dotted IPv4 (no leading zeros) or IPv6. */
function isIp(s: string): boolean {
  const v4 = (x: string) =>
    /^(0|[1-9][0-9]{0,2})(\.(0|[1-9][0-9]{0,2})){3}$/.test(x) &&
    x.split('.').every((n) => Number(n) <= 255);
  if (v4(s)) return true;
  if (!s.includes(':')) return false;
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  const head = tail.includes('.') ? s.slice(0, lastColon + 1) + '0:0' : s;
  if (tail.includes('.') && !v4(tail)) return false;
  const halves = head.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  if (!groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? groups.length < 8 : groups.length === 8;
}

/**
 * `nat.ParsePortSpec`: `[ip:][hostPort:]containerPort[/proto]`, where either
 * port may be a range. Equal-sized ranges map one to one; a host range with
 * a single container port stays a range (dockerd picks one free port from it).
 */
export function parsePortSpec(
  raw: string,
): { ok: true; mappings: PortMapping[] } | { ok: false; error: string } {
  const parts = raw.split(':');
  const n = parts.length;
  let ip = n >= 3 ? parts.slice(0, n - 2).join(':') : '';
  const hostPortRaw = n >= 2 ? parts[n - 2]! : '';
  const [proto, containerPort] = splitProtoPort(parts[n - 1]!);
  if (ip.startsWith('[')) {
    const close = ip.indexOf(']');
    if (close !== ip.length - 1)
      return {
        ok: false,
        error: `invalid IP address ${ip}: address ${ip}:: missing ']' in address`,
      };
    ip = ip.slice(1, -1);
  }
  if (ip !== '' && !isIp(ip)) return { ok: false, error: `invalid IP address: ${ip}` };
  if (containerPort === '') return { ok: false, error: `no port specified: ${raw}<empty>` };
  const c = parsePortRange(containerPort);
  if (!c) return { ok: false, error: `invalid containerPort: ${containerPort}` };
  let h = { start: 0, end: 0 };
  if (hostPortRaw !== '') {
    const parsed = parsePortRange(hostPortRaw);
    if (!parsed) return { ok: false, error: `invalid hostPort: ${hostPortRaw}` };
    h = parsed;
  }
  if (hostPortRaw !== '' && c.end - c.start !== h.end - h.start && c.end !== c.start)
    return {
      ok: false,
      error: `invalid ranges specified for container and host Ports: ${containerPort} and ${hostPortRaw}`,
    };
  if (!['tcp', 'udp', 'sctp'].includes(proto.toLowerCase()))
    return { ok: false, error: `invalid proto: ${proto}` };
  const mappings: PortMapping[] = [];
  for (let i = 0; i <= c.end - c.start; i++) {
    let hostPort = hostPortRaw === '' ? '' : String(h.start + i);
    if (c.start === c.end && h.start !== h.end) hostPort = `${hostPort}-${h.end}`;
    mappings.push({
      port: `${c.start + i}/${proto.toLowerCase()}`,
      binding: { HostIp: ip, HostPort: hostPort },
    });
  }
  return { ok: true, mappings };
}
