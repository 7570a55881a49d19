import { LOCAL, type ComponentId, type MachineName } from '../core/types';
import { BOOTSTRAP_DAEMON, DOCKER_HOSTS } from '../world';
import type { TlsHello } from './transports';

/**
 * Where one docker command's requests go, worked out once from its endpoint
 * (`unix:///var/run/docker.sock`, `tcp://node-2:2375`, `ssh://learner@node-2`),
 * the way the CLI's Go HTTP client and the learner machine's network would:
 * a name is looked up, a port is dialled, TLS is spoken or not.
 */
export type Target =
  | {
      kind: 'unix' | 'tcp';
      /** The endpoint as the CLI names it in "Cannot connect to the Docker daemon at …". */
      endpoint: string;
      machine: MachineName;
      /** The dockerd listening there, when not the machine's first (`dockerd-bootstrap`). */
      daemon?: ComponentId;
      /** `http://node-2:2375`, `https://node-3:2376`, `http://%2Fvar%2Frun%2Fdocker.sock`: how Go names the URL in a dial error. */
      base: string;
      tls: boolean;
      /** `node-2:2376`: the Host header of a TCP request. */
      authority?: string;
      /** With TLS: what the CLI offers in the handshake. */
      hello: TlsHello;
    }
  | {
      kind: 'ssh';
      endpoint: string;
      machine: MachineName;
      user: string;
      /** The argv the CLI runs (docker/cli connhelper). */
      argv: string[];
      base: string;
      tls: false;
    }
  /** Nothing answers: the command fails at its first real request with `error`. */
  | { kind: 'unreachable'; endpoint: string; base: string; failure: Failure };

/** How a connection fails, as the Go client reports it. */
export type Failure =
  | { kind: 'refused' }
  | { kind: 'dial'; detail: string }
  | { kind: 'ssh'; argv: string[]; stderr: string };

/**
 * The learner machine's resolver (systemd-resolved's stub, as on Ubuntu). A
 * DockScope simplification: the world's hosts resolve by name, nothing else does.
 */
export const RESOLVER = '127.0.0.53:53';

const SOCKET = '/var/run/docker.sock';

/**
 * The second daemon's unix sockets on the learner's machine, by path: a socket
 * path reaches the dockerd that listens on it (and nothing else answers there).
 */
const SECOND_SOCKETS: ReadonlyMap<string, ComponentId> = new Map(
  [BOOTSTRAP_DAEMON].flatMap((d) =>
    d.listeners
      .filter((l) => l.startsWith('unix://'))
      .map((l) => [l.slice('unix://'.length), d.second!.id] as const),
  ),
);
const NO_HELLO: TlsHello = { serverName: '', ca: '', cert: '', key: '', verifyServer: false };

/** Which machine a host name reaches from the learner's machine. */
function machineNamed(name: string): MachineName | undefined {
  if (name === 'localhost' || name === '127.0.0.1' || name === '[::1]') return LOCAL;
  return DOCKER_HOSTS.some((h) => h.name === name && h.name !== LOCAL) ? name : undefined;
}

/** Is dockerd on `machine` listening on TCP `port`, and with TLS? */
function listenerOn(machine: MachineName, port: number): { tls: boolean } | undefined {
  const setup = DOCKER_HOSTS.find((h) => h.name === machine);
  if (!setup) return undefined;
  const open = setup.listeners.some((l) => l.startsWith('tcp://') && l.endsWith(`:${port}`));
  return open ? { tls: setup.tlsVerify } : undefined;
}

/**
 * The target of an endpoint. `tls` says the CLI speaks TLS (`--tls`,
 * `--tlsverify`, or a context with TLS material).
 *
 * @example targetOf('tcp://node-2:2375', false) // { kind: 'tcp', machine: 'node-2', … }
 */
export function targetOf(
  endpoint: string,
  tls: { ca: string; cert: string; key: string; verify: boolean } | undefined,
): Target {
  if (endpoint.startsWith('unix://')) {
    const path = endpoint.slice('unix://'.length);
    const base = `http://${encodeURIComponent(path)}`;
    const daemon = SECOND_SOCKETS.get(path);
    if (daemon)
      return { kind: 'unix', endpoint, machine: LOCAL, daemon, base, tls: false, hello: NO_HELLO };
    if (path !== SOCKET)
      return { kind: 'unreachable', endpoint, base, failure: { kind: 'refused' } };
    return { kind: 'unix', endpoint, machine: LOCAL, base, tls: false, hello: NO_HELLO };
  }
  if (endpoint.startsWith('ssh://')) return sshTarget(endpoint);
  // The Go client has no transport for fd:// (a daemon's listener, handed over by systemd):
  // go-connections' ConfigureTransport dials what follows as a TCP host, port 80 by default.
  const fd = endpoint.startsWith('fd://');
  if (endpoint.startsWith('tcp://') || fd) {
    const address = endpoint.slice(endpoint.indexOf('://') + 3);
    const authority = fd ? address : address.split('/')[0]!;
    const colon = authority.lastIndexOf(':');
    const bare = colon === -1 || authority.endsWith(']');
    const name = bare ? authority : authority.slice(0, colon);
    const port = bare ? '80' : authority.slice(colon + 1);
    const base = `${tls ? 'https' : 'http'}://${authority}`;
    const hello: TlsHello = tls
      ? {
          serverName: name,
          ca: tls.verify ? tls.ca : '',
          cert: tls.cert,
          key: tls.key,
          verifyServer: tls.verify,
        }
      : NO_HELLO;
    const unreachable = (failure: Failure): Target => ({
      kind: 'unreachable',
      endpoint,
      base,
      failure,
    });
    const machine = machineNamed(name);
    // An address is dialled without a lookup; no machine of this world has one that
    // is not its name, so DockScope lets it refuse (a simplification).
    if (!machine && /^[\d.]+$|^\[/.test(name)) return unreachable({ kind: 'refused' });
    if (!machine)
      return unreachable({
        kind: 'dial',
        detail: `dial tcp: lookup ${name} on ${RESOLVER}: no such host`,
      });
    if (Number(port) > 65535)
      return unreachable({ kind: 'dial', detail: `dial tcp: address ${port}: invalid port` });
    if (!listenerOn(machine, Number(port))) return unreachable({ kind: 'refused' });
    return { kind: 'tcp', endpoint, machine, base, tls: !!tls, authority, hello };
  }
  // Nothing else gets past the CLI's own parsing (parseDaemonHost).
  return { kind: 'unreachable', endpoint, base: 'http://docker', failure: { kind: 'refused' } };
}

function sshTarget(endpoint: string): Target {
  const url = /^ssh:\/\/(?:([^@/]*)@)?([^:/?#]*)(?::(\d+))?(\/[^?#]*)?/.exec(endpoint);
  const user = url?.[1] ?? '';
  const name = url?.[2] ?? '';
  const port = url?.[3];
  const path = url?.[4];
  // docker/cli connhelper: `ssh -o ConnectTimeout=30 -T [-l user] [-p port] -- host docker [--host unix://path] system dial-stdio`
  const argv = [
    'ssh',
    '-o ConnectTimeout=30',
    '-T',
    ...(user ? ['-l', user] : []),
    ...(port ? ['-p', port] : []),
    '--',
    name,
    'docker',
    ...(path ? ['--host', `unix://${path}`] : []),
    'system',
    'dial-stdio',
  ];
  const base = 'http://docker.example.com';
  const machine = machineNamed(name);
  const sshFails = (stderr: string): Target => ({
    kind: 'unreachable',
    endpoint,
    base,
    failure: { kind: 'ssh', argv, stderr },
  });
  if (!machine)
    return sshFails(`ssh: Could not resolve hostname ${name}: Name or service not known`);
  // DockScope runs no sshd on the learner's own machine, and sshd listens on 22 only.
  if (machine === LOCAL || (port && port !== '22'))
    return sshFails(`ssh: connect to host ${name} port ${port ?? '22'}: Connection refused`);
  return { kind: 'ssh', endpoint, machine, user, argv, base, tls: false };
}

/**
 * docker/cli connhelper/ssh: what makes an `ssh://` URL unusable (the text after
 * "invalid SSH URL: "); undefined for any other endpoint or a usable one.
 */
export function sshUrlError(endpoint: string): string | undefined {
  if (!endpoint.startsWith('ssh://')) return undefined;
  const m = /^ssh:\/\/(?:([^@/]*)@)?([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(endpoint);
  if (!m) return 'hostname is empty';
  if (m[1]?.includes(':')) return 'plain-text password is not supported';
  if (m[2]!.replace(/:\d*$/, '') === '') return 'hostname is empty';
  if (m[4]) return `query parameters are not allowed: ${JSON.stringify(m[4])}`;
  if (m[5]) return `fragments are not allowed: ${JSON.stringify(m[5])}`;
  return undefined;
}

/** The CLI's message when a request cannot be sent (`Get` → Go's method name style). */
export function failureText(
  target: Extract<Target, { kind: 'unreachable' }>,
  method: string,
  url: string,
): string {
  const f = target.failure;
  const verb = method.charAt(0) + method.slice(1).toLowerCase();
  switch (f.kind) {
    case 'refused':
      return `Cannot connect to the Docker daemon at ${target.endpoint}. Is the docker daemon running?`;
    case 'dial':
      return `error during connect: ${verb} "${url}": ${f.detail}`;
    case 'ssh':
      return `error during connect: ${verb} "${url}": command [${f.argv.join(' ')}] has exited with exit status 255, make sure the URL is valid, and Docker 18.09 or later is installed on the remote host: stderr=${f.stderr}\n`;
  }
}
