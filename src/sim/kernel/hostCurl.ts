/**
 * `curl localhost:8080` on the learner's machine, which is the docker host:
 * what `-p 8080:80` does, packet by packet. A connection from the host itself
 * to 127.0.0.1 is not rewritten by the DNAT rule (the nat table's OUTPUT rule
 * skips 127.0.0.0/8), so docker-proxy, which dockerd started listening on the
 * host port, accepts it and opens its own connection to the container's address
 * across docker0 and the veth pair. Everything is read from the kernel: the
 * docker-proxy processes and their arguments, and the containers' interfaces.
 *
 * Simplified: curl's progress meter (printed when its output is not a
 * terminal) is left out; only plain http:// to localhost, 127.0.0.1, 0.0.0.0
 * or [::1] is simulated (to the host's other addresses the kernel's DNAT
 * rule, not docker-proxy, would carry it), and nginx is the one server that answers.
 */
import type { Host } from '../host';
import type { Output } from '../shell/interpreter';
import type { Task } from '../core/scheduler';
import { contextOf } from '../core/actors';
import { containerNodeId } from '../core/types';
import { NOT_SIMULATED_STATUS } from '../shell/interpreter';
import type { KernelState } from './kernelMachine';
import { interfaces, sendPacket } from './packets';
import { serviceAt, unknownService } from './netTools';
import { NGINX_INDEX_HTML } from './nginxPage';

const LOCAL_NAMES = new Set(['localhost', '127.0.0.1', '0.0.0.0', '[::1]']);

/** The docker-proxy listening on `port`, as the process table shows it (its argv names the target). */
function proxyFor(host: Host, port: number) {
  const procs = Object.values(contextOf<KernelState>(host.kernel).processes);
  for (const p of procs) {
    if (!p.argv[0]?.endsWith('docker-proxy')) continue;
    const arg = (flag: string) => p.argv[p.argv.indexOf(flag) + 1];
    if (Number(arg('-host-port')) !== port || arg('-host-ip') === '::') continue;
    return { pid: p.pid, ip: arg('-container-ip') ?? '', port: Number(arg('-container-port')) };
  }
  return undefined;
}

function* done(code: number): Task<number> {
  yield* [];
  return code;
}

export function* curlOnHost(
  host: Host,
  args: string[],
  out: Output,
  _toTerminal: boolean,
): Task<number> {
  const urls = args.filter((a) => !a.startsWith('-'));
  const options = args.filter((a) => a.startsWith('-'));
  if (urls.length !== 1 || options.some((o) => !['-s', '--silent', '-S'].includes(o))) {
    out.write(
      'stderr',
      'DockScope simulates curl [-s] http://localhost:PORT/ on this page (a published port), not other forms\n',
    );
    return yield* done(NOT_SIMULATED_STATUS);
  }
  const m = /^(?:http:\/\/)?([^/:]+|\[::1\])(?::(\d+))?(\/.*)?$/.exec(urls[0]!);
  if (!m || !LOCAL_NAMES.has(m[1]!)) {
    out.write(
      'stderr',
      `DockScope simulates curl to this machine's published ports (http://localhost:PORT), not ${urls[0]}\n`,
    );
    return yield* done(NOT_SIMULATED_STATUS);
  }
  const name = m[1]!;
  const port = m[2] ? Number(m[2]) : 80;
  const path = m[3] ?? '/';
  const proxy = proxyFor(host, port);
  if (!proxy) {
    out.write(
      'stderr',
      `curl: (7) Failed to connect to ${name} port ${port} after 0 ms: Couldn't connect to server\n`,
    );
    return yield* done(7);
  }
  const target = interfaces(host).find((i) => i.ip === proxy.ip);
  if (!target) {
    out.write('stderr', `curl: (56) Recv failure: Connection reset by peer\n`);
    return yield* done(56);
  }
  const node = containerNodeId(target.containerId);
  const subjects = { container: target.containerId };
  sendPacket(
    host,
    'kernel',
    node,
    'kernel.packet.dnat',
    `TCP 127.0.0.1:${port} → docker-proxy (PID ${proxy.pid}) → ${proxy.ip}:${proxy.port}`,
    `curl connects to ${name}:${port} on the host; docker-proxy (PID ${proxy.pid}), which listens there for dockerd, accepts it and connects to ${proxy.ip}:${proxy.port} through ${target.bridge} and ${target.veth}`,
    subjects,
    target.bridge,
  );
  const service = serviceAt(host, target.containerId, proxy.port);
  if (service === 'unknown') {
    out.write('stderr', unknownService('curl', proxy.port));
    return yield* done(NOT_SIMULATED_STATUS);
  }
  if (!service) {
    sendPacket(
      host,
      node,
      'kernel',
      'kernel.packet.forward',
      `TCP RST ${proxy.ip}:${proxy.port} → docker-proxy`,
      `nothing listens on port ${proxy.port} in the container: the connection is refused, and docker-proxy closes the one from curl`,
      subjects,
      target.bridge,
    );
    out.write('stderr', 'curl: (56) Recv failure: Connection reset by peer\n');
    return yield* done(56);
  }
  sendPacket(
    host,
    node,
    'kernel',
    'kernel.packet.forward',
    `HTTP/1.1 200 OK ${proxy.ip}:${proxy.port} → docker-proxy → curl`,
    `nginx answers with its default page; docker-proxy copies the bytes back to curl`,
    subjects,
    target.bridge,
  );
  if (path !== '/' && path !== '/index.html') {
    out.write('stderr', `DockScope's nginx serves / only, not ${path}\n`);
    return yield* done(NOT_SIMULATED_STATUS);
  }
  out.write('stdout', NGINX_INDEX_HTML);
  return yield* done(0);
}
