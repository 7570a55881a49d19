import { LOCAL, type Protocol } from './types';
import { AUTH_MACHINE, HUB_MACHINE } from '../registry/hub';

/**
 * Every kind of component a message travels between, described once: what
 * it is called, what it does, whether the overview draws it, where the
 * diagram puts it and which protocols it speaks. The diagram, the inspector,
 * the timeline's filter, the drills and the exports (`sim --mermaid`) all
 * read this list; none keeps a table of its own.
 *
 * A component's id within its machine is its kind (`dockerd`), or for the
 * per-container ones its kind and the container's 12-hex prefix
 * (`shim-88ad7c16b3dc`, `container-88ad7c16b3dc`).
 */

/**
 * Where the diagram puts a kind, inside the machine it runs on:
 * - `cli`: the learner's machine, left of its Docker Engine (the docker CLI, then ssh under it);
 * - `entry`: a Docker host's top row, the far end of an ssh connection (sshd, dial-stdio);
 * - `daemon`: a Docker host's top left (dockerd);
 * - `runtime`: under the daemon in the Docker host's first column (containerd, runc);
 * - `shim` / `process`: a container's row, second and third column;
 * - `floor`: across the bottom of a Docker host (the kernel);
 * - `registry`: a registry machine of its own (Docker Hub, its token service).
 */
export type Slot =
  'cli' | 'entry' | 'daemon' | 'runtime' | 'shim' | 'process' | 'floor' | 'registry';

export interface ComponentKind {
  /** The kind, which is also the id of a component that exists once per machine. */
  role: string;
  /** The diagram card's title and subtitle. */
  title: string;
  subtitle: string;
  /** The inspector's name for it, and what it is for in a sentence or two. */
  name: string;
  about: string;
  /** Whether the overview level draws it; what it does not draw collapses into dockerd's steps. */
  overview: boolean;
  slot: Slot;
  /** The protocols its messages travel over (sent or received). */
  protocols: readonly Protocol[];
  /** One per container (`<role>-<12hex>`), not one per machine. */
  perContainer: boolean;
  /** The Mermaid participant's label, where the id alone says too little. */
  participant?: string;
  /** Drawn only once a message has used it (most sessions never do), not from the start. */
  onDemand?: boolean;
}

/**
 * In architecture order, left to right: who asks comes before who is asked.
 * Checked against ../shared/reference/docker-internals.md.
 */
export const COMPONENT_KINDS = [
  {
    role: 'client',
    title: 'docker',
    subtitle: 'CLI client',
    name: 'docker CLI',
    about:
      'Turns what you type into Engine API requests and prints the answers: over /var/run/docker.sock by default, or to the daemon that -H, DOCKER_HOST or a context names. It never runs containers itself.',
    overview: true,
    slot: 'cli',
    protocols: ['http', 'tls', 'stream', 'exec'],
    perContainer: false,
    participant: 'docker CLI',
  },
  {
    role: 'ssh',
    onDemand: true,
    title: 'ssh',
    subtitle: 'OpenSSH client',
    name: 'ssh client',
    about:
      'For an ssh:// daemon address the docker CLI starts the ssh client on your machine and asks it to run `docker system dial-stdio` on the remote one; the Engine API requests then travel over ssh’s stdin and stdout, inside the encrypted SSH connection.',
    overview: true,
    slot: 'cli',
    protocols: ['exec', 'ssh', 'stream'],
    perContainer: false,
  },
  // ── host: the learner's shell on the Docker host, when it reads the host's own state ──
  {
    role: 'bash',
    onDemand: true,
    title: 'bash',
    subtitle: 'your host shell',
    name: 'bash on the Docker host',
    about:
      'Your own shell on the machine that runs the Docker Engine. Programs you start from it (ps, ip, ls, cat, lsns, iptables) read the host’s state from the kernel, as /proc, /sys, netlink and the filesystem show it: they see dockerd, containerd, the shims and the containers’ processes as ordinary host processes. You are an ordinary user in the docker group; sudo runs a command as root.',
    overview: true,
    slot: 'cli',
    protocols: ['syscall'],
    perContainer: false,
  },
  {
    role: 'sshd',
    onDemand: true,
    title: 'sshd',
    subtitle: 'SSH server',
    name: 'sshd',
    about:
      'The SSH server on the remote machine: it authenticates the user and runs the command the client asked for, `docker system dial-stdio`, with its stdin and stdout carried over the SSH connection.',
    overview: true,
    slot: 'entry',
    protocols: ['exec', 'ssh', 'stream'],
    perContainer: false,
  },
  {
    role: 'dial-stdio',
    onDemand: true,
    title: 'dial-stdio',
    subtitle: 'the remote docker CLI',
    name: 'docker system dial-stdio',
    about:
      'The docker CLI on the remote machine, started by sshd: it connects to that machine’s own daemon (by default /var/run/docker.sock) and copies bytes both ways between that connection and its stdin and stdout, so the requests reach dockerd unchanged.',
    overview: true,
    slot: 'entry',
    protocols: ['exec', 'stream'],
    perContainer: false,
  },
  // ── daemon: systemctl and journalctl on the learner's machine, systemd on the host ──
  {
    role: 'systemctl',
    onDemand: true,
    title: 'systemctl',
    subtitle: 'systemd’s command line',
    name: 'systemctl / journalctl',
    about:
      'The host’s tools for its services: systemctl asks systemd over D-Bus to start, stop, restart or reload a unit (root only, through sudo) and reads a unit’s state; journalctl reads what the units logged.',
    overview: true,
    slot: 'cli',
    protocols: ['dbus'],
    perContainer: false,
  },
  {
    role: 'systemd',
    onDemand: true,
    title: 'systemd',
    subtitle: 'PID 1, the service manager',
    name: 'systemd',
    about:
      'The host’s init and service manager. It runs dockerd as docker.service and containerd as containerd.service, listens on /run/docker.sock for dockerd (docker.socket: a connection there starts docker.service), and stops a service by sending SIGTERM to its main process only (KillMode=process).',
    overview: true,
    slot: 'entry',
    protocols: ['dbus', 'exec', 'syscall'],
    perContainer: false,
  },
  {
    role: 'dockerd',
    title: 'dockerd',
    subtitle: 'Docker daemon',
    name: 'dockerd',
    about:
      'The Docker daemon: answers the Engine API, pulls images from registries, keeps the container records, mounts each container’s root filesystem, sets up networking, and drives containerd over gRPC.',
    overview: true,
    slot: 'daemon',
    protocols: ['http', 'tls', 'stream', 'grpc', 'event', 'syscall', 'exec', 'packet'],
    perContainer: false,
  },
  {
    role: 'dockerd-bootstrap',
    onDemand: true,
    title: 'dockerd',
    subtitle: 'bootstrap daemon',
    name: 'dockerd (bootstrap)',
    about:
      'A second Docker daemon on the same machine, started with its own socket (/var/run/docker-bootstrap.sock), pidfile, --data-root /var/lib/docker-bootstrap and --exec-root /var/run/docker-bootstrap, --bridge=none, --iptables=false and --containerd-namespace bootstrap. It has its own containers, images and names, and drives the machine’s one containerd in that containerd namespace (left at the default, moby, it would share the first daemon’s).',
    overview: true,
    slot: 'daemon',
    protocols: ['http', 'stream', 'grpc', 'event', 'syscall', 'exec'],
    perContainer: false,
    participant: 'dockerd-bootstrap',
  },
  {
    role: 'registry',
    title: 'Docker Hub',
    subtitle: 'registry-1.docker.io',
    name: 'Docker Hub registry',
    about:
      'registry-1.docker.io serves manifests (by tag or digest) and blobs (by digest) over the OCI distribution API, to anyone holding a token.',
    overview: true,
    slot: 'registry',
    protocols: ['http'],
    perContainer: false,
  },
  {
    role: 'auth',
    title: 'Token service',
    subtitle: 'auth.docker.io',
    name: 'auth.docker.io',
    about:
      'The token service: hands out short-lived Bearer tokens scoped to one repository and action (pull).',
    overview: true,
    slot: 'registry',
    protocols: ['http'],
    perContainer: false,
    participant: 'auth.docker.io',
  },
  {
    role: 'containerd',
    title: 'containerd',
    subtitle: 'container runtime',
    name: 'containerd',
    about:
      'Keeps content, snapshots, images, containers, tasks and leases per namespace (dockerd’s is "moby" unless --containerd-namespace says otherwise; every request names its namespace), and runs each container’s process through a shim. It holds the images here because this host uses the containerd image store (opt-in on Engine 28, the default for fresh installs since 29.0).',
    overview: false,
    slot: 'runtime',
    // syscall: it writes and deletes the task's bundle and the snapshots' directories.
    protocols: ['grpc', 'event', 'ttrpc', 'exec', 'syscall'],
    perContainer: false,
  },
  {
    role: 'shim',
    title: 'containerd-shim-runc-v2',
    subtitle: 'shim',
    name: 'containerd-shim-runc-v2',
    about:
      'One per container: the parent of its process. Calls runc, holds its stdio open and reports its exit, so containerd can restart without killing containers (dockerd only with live-restore enabled).',
    overview: false,
    slot: 'shim',
    protocols: ['ttrpc', 'exec', 'syscall'],
    perContainer: true,
  },
  {
    role: 'runc',
    title: 'runc',
    subtitle: 'OCI runtime, exits',
    name: 'runc',
    about:
      'The OCI runtime: reads config.json, asks the kernel for namespaces and a cgroup, pivots into the root filesystem dockerd mounted, starts the process, and exits. A tool, not a daemon.',
    overview: false,
    slot: 'runtime',
    protocols: ['exec', 'syscall'],
    perContainer: false,
  },
  {
    role: 'kernel',
    title: 'Linux kernel',
    subtitle: 'namespaces · cgroups · overlayfs · netfilter',
    name: 'Linux kernel',
    about:
      'The only one that can make namespaces, cgroups, mounts and processes: a container is an ordinary process it isolates.',
    overview: false,
    slot: 'floor',
    protocols: ['syscall', 'exec', 'packet'],
    perContainer: false,
  },
  {
    role: 'container',
    title: 'container',
    subtitle: 'its process',
    name: 'container process',
    about:
      'The image’s program, PID 1 in its own namespaces; its output goes to pipes (with -t, a pty) the shim copies into FIFOs that dockerd reads.',
    // The overview draws containers, but what reaches them is one of dockerd's collapsed steps.
    overview: false,
    slot: 'process',
    protocols: ['stream', 'packet'],
    perContainer: true,
  },
] as const satisfies readonly ComponentKind[];

export type Role = (typeof COMPONENT_KINDS)[number]['role'];

/** The roles in architecture order: drills answer in them, Mermaid and the timeline's filter order by them. */
export const ROLE_ORDER: readonly Role[] = COMPONENT_KINDS.map((k) => k.role);

const BY_ROLE: ReadonlyMap<string, ComponentKind> = new Map(
  COMPONENT_KINDS.map((k) => [k.role, k]),
);
const PER_CONTAINER = new RegExp(
  `^(${COMPONENT_KINDS.filter((k) => k.perContainer)
    .map((k) => k.role)
    .join('|')})-`,
);

/**
 * `shim-88ad7c16b3dc` → `shim`, `container-…` → `container`; other ids are
 * their kind. A diagram node id's machine prefix goes (`node-2/dockerd` → `dockerd`).
 */
export function roleOf(componentId: string): string {
  const id = componentId.slice(componentId.indexOf('/') + 1);
  const m = PER_CONTAINER.exec(id);
  return m ? m[1]! : id;
}

/** The kind a component id belongs to, if it is one this list knows. */
export const kindOf = (componentId: string): ComponentKind | undefined =>
  BY_ROLE.get(roleOf(componentId));

/** Position in ROLE_ORDER (unknown ids last). */
export function roleRank(componentId: string): number {
  const i = (ROLE_ORDER as readonly string[]).indexOf(roleOf(componentId));
  return i < 0 ? ROLE_ORDER.length : i;
}

/** Whether the overview level draws this component as itself (containers included). */
export const shownInOverview = (componentId: string): boolean =>
  kindOf(componentId)?.overview === true;

/**
 * Machines whose components keep their bare ids in the diagram and the exports:
 * the learner's own (`client`, `dockerd`, `shim-<id>`) and Docker Hub's two
 * (`registry`, `auth`), so every id from before there were several machines
 * still names the same component.
 */
const BARE_MACHINES: ReadonlySet<string> = new Set([LOCAL, HUB_MACHINE, AUTH_MACHINE]);

/**
 * Component `id` on machine `host`, as one name across the world: another
 * Docker host's components carry its name (`node-2/dockerd`,
 * `node-2/shim-<id>`). A message without a host (from a server older than the
 * world) ran on the learner's machine.
 *
 * @example qualifiedId('node-2', 'dockerd') // 'node-2/dockerd'
 * @example qualifiedId('local', 'dockerd') // 'dockerd'
 */
export function qualifiedId(host: string | undefined, id: string): string {
  return host === undefined || BARE_MACHINES.has(host) ? id : `${host}/${id}`;
}
