/**
 * What the kernel tells a program on the Docker host itself (the learner's
 * machine) that reads its state: the process table as /proc lists it, the
 * network devices as netlink dumps them, the nat table, and a few files and
 * directories under /proc, /sys/fs/cgroup, /var/lib/docker and /run/containerd.
 * Each read arrives as one message from the learner's shell (`bash`), and
 * the kernel checks the reader's user as it would: root reads everything; the
 * learner (uid 1000, in the `docker` group) gets EACCES where the real modes
 * refuse it.
 *
 * The host is modelled on Ubuntu 24.04 (kernel 6.8, systemd 255, procps 4.0.4,
 * iproute2 6.1, iptables 1.8.10 nf_tables) with Docker Engine 28 from Docker's
 * apt repository. Simplified, and said so on the page: the host runs only
 * systemd, containerd, dockerd and what Docker starts, plus the learner's bash
 * (whose own parents, a terminal or sshd, are not simulated: its parent is shown
 * as PID 1); nginx's worker processes are not in the process table.
 */
import type { Host } from '../host';
import type { Reply } from '../core/network';
import { commit, contextOf } from '../core/actors';
import type { KernelProcess, KernelState } from './kernelMachine';
import { execRows } from './execProcesses';

/** The learner's user on the host: an ordinary user in the `docker` group. */
export const LEARNER_UID = 1000;
/** `$$` of the learner's bash (the same number the page's shell prints). */
export const LEARNER_SHELL_PID = 4242;
/** containerd's PID: started by systemd before docker.service (which wants containerd.service). */
export const CONTAINERD_PID = 812;

/** A process as the host's /proc shows it. */
export interface HostProcess {
  pid: number;
  ppid: number;
  uid: number;
  /** /proc/<pid>/cmdline, split. */
  argv: string[];
  /** /proc/<pid>/comm: the executable's name, cut to 15 bytes. */
  comm: string;
  /** Simulated ms since boot at which it started. */
  started: number;
  tty: string;
  /** The cgroup v2 path (/proc/<pid>/cgroup's `0::` line). */
  cgroup: string;
  containerId?: string;
  /** Its PID inside its container's PID namespace (NSpid's last field). */
  nsPid?: number;
  namespaces: Record<string, number>;
}

/** The initial namespaces' inode numbers, as `lsns` shows them on a fresh boot. */
export const HOST_NAMESPACES: Record<string, number> = {
  cgroup: 4026531835,
  ipc: 4026531839,
  mnt: 4026531841,
  net: 4026531840,
  pid: 4026531836,
  time: 4026531834,
  user: 4026531837,
  uts: 4026531838,
};

const comm = (argv: readonly string[]): string =>
  (argv[0] ?? '').slice((argv[0] ?? '').lastIndexOf('/') + 1).slice(0, 15);

/**
 * The host's own processes (see the file's comment): systemd, and containerd and dockerd
 * while their units run, with the main PID and start time systemd gave each run (a
 * restarted dockerd is a new process; a stopped one is gone from /proc).
 */
function ownProcesses(host: Host): HostProcess[] {
  const own = (
    pid: number,
    ppid: number,
    argv: string[],
    cgroup: string,
    started: number,
    name?: string,
  ): HostProcess => ({
    pid,
    ppid,
    uid: 0,
    argv,
    comm: name ?? comm(argv),
    started,
    tty: '?',
    cgroup,
    namespaces: HOST_NAMESPACES,
  });
  // The kernel execs /sbin/init, a link to systemd: cmdline keeps the name it was run by.
  const rows = [own(1, 0, ['/sbin/init'], '/init.scope', 0, 'systemd')];
  const units = host.systemd.units;
  const running = (u: (typeof units)[keyof typeof units]) => u.state === 'active' && u.mainPid > 0;
  const containerd = units['containerd.service'];
  if (running(containerd))
    rows.push(
      own(
        containerd.mainPid,
        1,
        ['/usr/bin/containerd'],
        '/system.slice/containerd.service',
        containerd.since,
      ),
    );
  const docker = units['docker.service'];
  // docker.service's ExecStart in Docker's packages.
  if (running(docker))
    rows.push(
      own(
        docker.mainPid,
        1,
        ['/usr/bin/dockerd', '-H', 'fd://', '--containerd=/run/containerd/containerd.sock'],
        '/system.slice/docker.service',
        docker.since,
      ),
    );
  return rows;
}

/** The kernel's processes and the host's own, as /proc lists them. */
export function hostProcesses(host: Host, reader?: { pid: number; argv: string[] }): HostProcess[] {
  const k = contextOf<KernelState>(host.kernel);
  const rows = ownProcesses(host);
  for (const p of Object.values(k.processes) as KernelProcess[]) rows.push(fromKernel(host, p));
  rows.push({
    pid: LEARNER_SHELL_PID,
    ppid: 1,
    uid: LEARNER_UID,
    argv: ['-bash'],
    comm: 'bash',
    started: 0,
    tty: 'pts/0',
    cgroup: '/user.slice/user-1000.slice/session-1.scope',
    namespaces: HOST_NAMESPACES,
  });
  if (reader)
    rows.push({
      pid: reader.pid,
      ppid: LEARNER_SHELL_PID,
      uid: LEARNER_UID,
      argv: reader.argv,
      comm: comm(reader.argv),
      started: host.scheduler.now,
      tty: 'pts/0',
      cgroup: '/user.slice/user-1000.slice/session-1.scope',
      namespaces: HOST_NAMESPACES,
    });
  return rows.sort((a, b) => a.pid - b.pid);
}

function fromKernel(host: Host, p: KernelProcess): HostProcess {
  // A program that rewrote its argv (`nginx: master process …`) keeps its executable's comm.
  const argv = p.title !== undefined ? [p.title] : p.argv;
  const name = comm(p.argv);
  const inContainer = p.containerId !== undefined;
  // A shim runs in containerd's cgroup; docker-proxy in docker.service's; a container's
  // process in the scope runc made for it (the systemd cgroup driver's docker-<id>.scope).
  const cgroup = inContainer
    ? `/system.slice/docker-${p.containerId}.scope`
    : name.startsWith('containerd-shim')
      ? '/system.slice/containerd.service'
      : '/system.slice/docker.service';
  const nsPid = !inContainer
    ? undefined
    : p.worker
      ? workerNsPid(host, p)
      : p.execId === undefined
        ? 1
        : execRows(host, p.containerId!).find((r) => r.argv === p.argv)?.pid;
  return {
    pid: p.pid,
    ppid: p.ppid,
    uid: p.uid ?? 0,
    argv,
    comm: name,
    started: p.started ?? 0,
    tty: '?',
    cgroup,
    ...(p.containerId !== undefined ? { containerId: p.containerId } : {}),
    ...(nsPid !== undefined ? { nsPid } : {}),
    namespaces: { ...HOST_NAMESPACES, ...(p.namespaces ?? {}) },
  };
}

/**
 * Every nat and filter rule, as `-t <table> -A <chain> …` in each chain's order: what
 * dockerd wrote for its chains and networks, then each published port's pair (moby's
 * setPerPortNAT appends the DNAT rule to nat-DOCKER; setPerPortForwarding inserts the
 * ACCEPT at the top of filter-DOCKER, so the newest port's comes first).
 */
export function netfilterRules(host: Host): string[] {
  const k = contextOf<KernelState>(host.kernel);
  const bridgeOf = (ip: string) =>
    Object.values(k.netdevs).find((d) => d.kind === 'veth' && d.address?.split('/')[0] === ip)
      ?.master ?? 'docker0';
  const dnat: string[] = [];
  const accept: string[] = [];
  for (const [key, target] of Object.entries(k.nat)) {
    const m = /^(.*):(\d+)\/(tcp|udp|sctp)$/.exec(key);
    if (!m) continue;
    const [, hostIp, hostPort, proto] = m;
    const [ip = '', port = ''] = target.split(':');
    const br = bridgeOf(ip);
    const dest = hostIp === '0.0.0.0' ? '' : `-d ${hostIp}/32 `;
    dnat.push(
      `-t nat -A DOCKER ${dest}! -i ${br} -p ${proto} -m ${proto} --dport ${hostPort} -j DNAT --to-destination ${ip}:${port}`,
    );
    accept.unshift(
      `-t filter -A DOCKER -d ${ip}/32 ! -i ${br} -o ${br} -p ${proto} -m ${proto} --dport ${port} -j ACCEPT`,
    );
  }
  const rules = [...k.netfilter, ...dnat];
  const firstDocker = rules.findIndex((r) => r.startsWith('-t filter -A DOCKER '));
  rules.splice(firstDocker < 0 ? rules.length : firstDocker, 0, ...accept);
  return rules;
}

/** nginx's workers inside the namespace: 29, 30… after PID 1, as nginx's own log lines number them. */
function workerNsPid(host: Host, p: KernelProcess): number {
  const siblings = Object.values(contextOf<KernelState>(host.kernel).processes)
    .filter((q) => q.worker && q.ppid === p.ppid)
    .map((q) => q.pid)
    .sort((a, b) => a - b);
  return 29 + siblings.indexOf(p.pid);
}

/** A network device as `ip link` numbers and shows it. */
export interface HostLink {
  index: number;
  name: string;
  kind: 'loopback' | 'ether' | 'bridge' | 'veth';
  master?: string;
  /** A veth's peer's index (the container end, inside its network namespace). */
  peerIndex?: number;
  address?: string;
  mac: string;
  /** A bridge with at least one port up has carrier. */
  up: boolean;
  containerId?: string;
}

/** The host's network interface to the simulated LAN (the router is 192.168.1.1). */
const HOST_NIC = { name: 'eth0', address: '192.168.1.10/24', mac: '52:54:00:6b:3c:10' };

/**
 * The host's interfaces: lo 1, the NIC 2, docker0 3, then what dockerd made, in order.
 * Each veth pair takes two indexes: its container end first, then the host end (the
 * numbering the containers' own `ip` uses too).
 */
export function hostLinks(host: Host): HostLink[] {
  const devs = contextOf<KernelState>(host.kernel).netdevs;
  const links: HostLink[] = [
    { index: 1, name: 'lo', kind: 'loopback', mac: '00:00:00:00:00:00', up: true },
    {
      index: 2,
      name: HOST_NIC.name,
      kind: 'ether',
      address: HOST_NIC.address,
      mac: HOST_NIC.mac,
      up: true,
    },
  ];
  let next = 4;
  const veths = Object.entries(devs).filter(([, d]) => d.kind === 'veth');
  const ports = (bridge: string) => veths.some(([, d]) => d.master === bridge);
  for (const [name, d] of Object.entries(devs)) {
    if (d.kind === 'bridge') {
      links.push({
        index: name === 'docker0' ? 3 : next++,
        name,
        kind: 'bridge',
        address: d.address,
        mac: macOf(name),
        up: ports(name),
      });
      continue;
    }
    const peer = next++;
    links.push({
      index: next++,
      name,
      kind: 'veth',
      master: d.master,
      peerIndex: peer,
      mac: macOf(name),
      up: true,
      ...(d.containerId ? { containerId: d.containerId } : {}),
    });
  }
  return links.sort((a, b) => a.index - b.index);
}

/** A locally administered MAC, the same for the same device name on every run (the kernel's are random). */
function macOf(name: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  const b = [0x02, 0x42, (h >>> 24) & 255, (h >>> 16) & 255, (h >>> 8) & 255, h & 255];
  return b.map((x) => x.toString(16).padStart(2, '0')).join(':');
}

/** What a host program asks the kernel for. */
export type HostViewRequest =
  | { call: 'proc.list'; uid: number; reader: { pid: number; argv: string[] } }
  | { call: 'netdev.list'; uid: number }
  | { call: 'netfilter.list'; uid: number }
  | { call: 'vfs.read'; uid: number; path: string }
  | { call: 'vfs.list'; uid: number; path: string };

export const EACCES = -13;
export const ENOENT = -2;
/** A path DockScope does not simulate (the reader says so; the kernel does not pretend ENOENT). */
export const NOT_SIMULATED = 'not simulated';

/**
 * The kernel's answer to one read. Root may read everything; the learner may not
 * list /var/lib/docker (0710 root:root) or /run/containerd's task directories (0711),
 * nor read another user's /proc/<pid>/environ, nor dump the netfilter tables (which
 * needs CAP_NET_ADMIN).
 */
export function hostViewAnswer(host: Host, req: HostViewRequest): Reply {
  switch (req.call) {
    case 'proc.list': {
      const pid = contextOf<KernelState>(host.kernel).nextPid;
      const processes = hostProcesses(host, { pid, argv: req.reader.argv });
      // The reader (ps, lsns) was a process too: its PID is used, and it is gone once it has printed.
      commit(host.kernel, {
        type: 'process.spawned',
        process: {
          pid,
          ppid: LEARNER_SHELL_PID,
          argv: req.reader.argv,
          started: host.scheduler.now,
        },
      });
      commit(host.kernel, { type: 'process.exited', pid });
      return {
        status: 0,
        body: { processes, self: pid },
        summary: `the kernel lists /proc: ${processes.length} processes`,
      };
    }
    case 'netdev.list': {
      const links = hostLinks(host);
      return {
        status: 0,
        body: { links },
        summary: `netlink dumps ${links.length} network devices`,
      };
    }
    case 'netfilter.list': {
      if (req.uid !== 0)
        return {
          status: EACCES,
          summary: 'EPERM: reading the netfilter tables needs CAP_NET_ADMIN',
        };
      return {
        status: 0,
        body: { rules: netfilterRules(host) },
        summary: 'the kernel lists its nat and filter rules',
      };
    }
    case 'vfs.read':
      return readPath(host, req.path, req.uid);
    case 'vfs.list':
      return listPath(host, req.path, req.uid);
  }
}

const denied = (path: string): Reply => ({ status: EACCES, summary: `EACCES: ${path}` });
const missing = (path: string): Reply => ({ status: ENOENT, summary: `ENOENT: ${path}` });
const notSimulated = (path: string): Reply => ({
  status: NOT_SIMULATED,
  summary: `DockScope does not simulate ${path}`,
});

/** Directories only root may open (their modes as Docker and containerd make them). */
const ROOT_ONLY = [
  '/var/lib/docker', // 0710 root:root (moby's daemon root)
  '/run/containerd/io.containerd.runtime.v2.task', // 0711: search, not list
  '/run/containerd/runc', // 0711
];
/** What the learner may not even look up: it is under a directory it cannot search. */
const UNDER_ROOT_ONLY = ['/var/lib/docker/'];

function readPath(host: Host, path: string, uid: number): Reply {
  if (uid !== 0 && UNDER_ROOT_ONLY.some((d) => path.startsWith(d))) return denied(path);
  const proc = /^\/proc\/(\d+|self)\/(cgroup|status|cmdline|environ|comm)$/.exec(path);
  if (proc) {
    const procs = hostProcesses(host);
    const p = procs.find((x) => String(x.pid) === proc[1]);
    if (!p) return proc[1] === 'self' ? notSimulated(path) : missing(path);
    const file = proc[2]!;
    if (file === 'environ' && uid !== 0 && p.uid !== uid) return denied(path);
    if (file === 'environ') return notSimulated(path);
    const content =
      file === 'cgroup'
        ? `0::${p.cgroup}\n`
        : file === 'comm'
          ? `${p.comm}\n`
          : file === 'cmdline'
            ? p.argv.map((a) => `${a}\0`).join('')
            : statusOf(p);
    return { status: 0, body: { content }, summary: `${path} read` };
  }
  const cg = /^\/sys\/fs\/cgroup\/(.+)\/([a-z.]+)$/.exec(path);
  if (cg) {
    const k = contextOf<KernelState>(host.kernel);
    const dir = `/sys/fs/cgroup/${cg[1]}`;
    const group = k.cgroups[dir];
    if (!group)
      return k.cgroups[path] ? { status: -21, summary: `EISDIR: ${path}` } : missing(path);
    const values = cgroupFiles(host, dir, group);
    const v = values[cg[2]!];
    return v === undefined
      ? notSimulated(path)
      : { status: 0, body: { content: v }, summary: `${path} read` };
  }
  if (path === '/etc/os-release')
    return { status: 0, body: { content: OS_RELEASE }, summary: `${path} read` };
  if (path === '/etc/hostname')
    return { status: 0, body: { content: 'local\n' }, summary: `${path} read` };
  const file = host.files.read(path);
  if (typeof file === 'string')
    return { status: 0, body: { content: file }, summary: `${path} read` };
  if (file !== undefined)
    return { status: 0, body: { content: JSON.stringify(file) }, summary: `${path} read` };
  const text = host.dirs.read(path);
  if (text !== undefined) return { status: 0, body: { content: text }, summary: `${path} read` };
  if (isDir(host, path)) return { status: -21, summary: `EISDIR: ${path}` };
  // The learner's home and /tmp are simulated whole: what is not there does not exist.
  if (/^\/(home\/learner|tmp)\//.test(path)) return missing(path);
  return notSimulated(path);
}

/**
 * The cgroup v2 interface files the kernel keeps for a container's scope: what runc
 * wrote (limits) and what the kernel reports. Files not listed here are not simulated.
 */
function cgroupFiles(
  host: Host,
  dir: string,
  group: Record<string, unknown>,
): Record<string, string> {
  const members = hostProcesses(host).filter((p) => `/sys/fs/cgroup${p.cgroup}` === dir);
  const files: Record<string, string> = { 'cgroup.type': 'domain\n' };
  // What runc wrote and the kernel keeps (cgroupFiles.ts: file → its text, no newline).
  for (const [name, value] of Object.entries(group)) files[name] = `${String(value)}\n`;
  // Who is in the cgroup is the process table's, at the moment of the read.
  files['cgroup.procs'] = members.map((p) => `${p.pid}\n`).join('');
  if ('pids.current' in files) files['pids.current'] = `${members.length}\n`;
  return files;
}

/** /proc/<pid>/status, its first lines (through the namespace PIDs). */
function statusOf(p: HostProcess): string {
  const ids = (id: number) => `${id}\t${id}\t${id}\t${id}`;
  // Each user here has the group of its own number (learner 1000, nginx 101 in its image).
  const gid = p.uid;
  const ns = p.nsPid !== undefined ? `${p.pid}\t${p.nsPid}` : `${p.pid}`;
  return (
    `Name:\t${p.comm}\n` +
    'Umask:\t0022\n' +
    'State:\tS (sleeping)\n' +
    `Tgid:\t${p.pid}\n` +
    'Ngid:\t0\n' +
    `Pid:\t${p.pid}\n` +
    `PPid:\t${p.ppid}\n` +
    'TracerPid:\t0\n' +
    `Uid:\t${ids(p.uid)}\n` +
    `Gid:\t${ids(gid)}\n` +
    `NStgid:\t${ns}\n` +
    `NSpid:\t${ns}\n`
  );
}

const OS_RELEASE =
  'PRETTY_NAME="Ubuntu 24.04.2 LTS"\n' +
  'NAME="Ubuntu"\n' +
  'VERSION_ID="24.04"\n' +
  'VERSION="24.04.2 LTS (Noble Numbat)"\n' +
  'VERSION_CODENAME=noble\n' +
  'ID=ubuntu\n' +
  'ID_LIKE=debian\n' +
  'HOME_URL="https://www.ubuntu.com/"\n' +
  'SUPPORT_URL="https://help.ubuntu.com/"\n' +
  'BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"\n' +
  'PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"\n' +
  'UBUNTU_CODENAME=noble\n' +
  'LOGO=ubuntu-logo\n';

function isDir(host: Host, path: string): boolean {
  return listing(host, path) !== undefined;
}

/** An entry of a directory listing. */
export interface DirEntry {
  name: string;
  dir: boolean;
}

/**
 * The directories the host view lists, from what the kernel holds: the files and
 * directories dockerd and containerd made (a container's directory, a volume's),
 * the cgroups runc made, the mounts, and each daemon's fixed top-level entries.
 */
function listing(host: Host, path: string): DirEntry[] | undefined {
  const k = contextOf<KernelState>(host.kernel);
  const d = (name: string) => ({ name, dir: true });
  const f = (name: string) => ({ name, dir: false });
  const dataRoot = host.daemon.dataRoot;
  // The containers whose directory dockerd made (it wrote their hostname, hosts, resolv.conf).
  const containerIds = host.files
    .subdirs(`${dataRoot}/containers`)
    .filter((id) => /^[0-9a-f]{64}$/.test(id));
  if (path === dataRoot)
    // What DockScope's daemon keeps there: not every entry a real /var/lib/docker has
    // (buildkit, network, plugins, runtimes, swarm). The overlay2 graph driver's image,
    // overlay2 and tmp appear once dockerd has run with it (storage, graphStore.ts).
    return [
      d('containers'),
      f('engine-id'),
      ...['image', 'overlay2', 'tmp']
        .filter((n) => host.dirs.isDirectory(`${dataRoot}/${n}`))
        .map(d),
      d('rootfs'),
      d('volumes'),
    ].sort((a, b) => a.name.localeCompare(b.name));
  if (path === `${dataRoot}/containers`) return containerIds.map(d);
  const ctr = new RegExp(`^${dataRoot}/containers/([0-9a-f]{64})$`).exec(path);
  if (ctr) {
    if (!containerIds.includes(ctr[1]!)) return undefined;
    const files = host.files.list(path);
    return [
      f(`${ctr[1]}-json.log`),
      d('checkpoints'),
      f('config.v2.json'),
      f('hostconfig.json'),
      ...files.filter((n) => !['config.v2.json', 'hostconfig.json'].includes(n)).map(f),
      d('mounts'),
    ].sort((a, b) => a.name.localeCompare(b.name));
  }
  if (path === `${dataRoot}/volumes`) {
    const vols = host.dirs.list(path).map(d);
    // The local driver's backingFsBlockDev node and the volume store's bolt database sit beside the volumes.
    return [...vols, f('backingFsBlockDev'), f('metadata.db')].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
  }
  if (path === '/run/containerd')
    return [
      f('containerd.sock'),
      f('containerd.sock.ttrpc'),
      d('io.containerd.runtime.v2.task'),
      d('runc'),
      d('s'),
    ];
  if (path === '/run/containerd/io.containerd.runtime.v2.task') {
    const namespaces = new Set(host.daemons.map((dm) => dm.daemon.containerdNamespace));
    return [...namespaces].sort().map(d);
  }
  const ns = /^\/run\/containerd\/io\.containerd\.runtime\.v2\.task\/([^/]+)$/.exec(path);
  if (ns) {
    const running = Object.values(k.processes)
      .filter((p) => p.argv[0]?.endsWith('containerd-shim-runc-v2') && p.argv.includes(ns[1]!))
      .map((p) => p.argv[p.argv.indexOf('-id') + 1] ?? '')
      .filter((id) => id !== '');
    return running.sort().map(d);
  }
  if (path === '/sys/fs/cgroup/system.slice') {
    const scopes = Object.keys(k.cgroups)
      .filter((p) => p.startsWith('/sys/fs/cgroup/system.slice/'))
      .map((p) => p.slice('/sys/fs/cgroup/system.slice/'.length));
    return [
      d('containerd.service'),
      d('docker.service'),
      d('docker.socket'),
      ...scopes.map(d),
    ].sort((a, b) => a.name.localeCompare(b.name));
  }
  if (path === '/proc')
    return hostProcesses(host)
      .map((p) => d(String(p.pid)))
      .sort((a, b) => a.name.localeCompare(b.name));
  const procDir = /^\/proc\/(\d+)$/.exec(path);
  if (procDir)
    return hostProcesses(host).some((p) => String(p.pid) === procDir[1])
      ? ['cgroup', 'cmdline', 'comm', 'environ', 'status'].map(f)
      : undefined;
  if (k.cgroups[path]) {
    const group = k.cgroups[path] as unknown as Record<string, unknown>;
    return Object.keys(cgroupFiles(host, path, group))
      .sort()
      .map(f);
  }
  if (host.dirs.isDirectory(path)) {
    return host.dirs.list(path).map((name) => ({
      name,
      dir: host.dirs.isDirectory(`${path === '/' ? '' : path}/${name}`),
    }));
  }
  return undefined;
}

/** Directories whose listing holds only what DockScope simulates (a real one holds more). */
const PARTIAL = [
  /^\/proc(\/\d+)?$/,
  // The host's own tree: only the directories DockScope keeps (hostDirs.ts), not the learner's.
  /^\/(bin|boot|dev|etc|home|mnt|opt|root|run|srv|sys|usr|usr\/local|var|var\/lib|var\/log|var\/run)?$/,
  /^\/var\/lib\/docker$/,
  /^\/run\/containerd$/,
  /^\/sys\/fs\/cgroup\/system\.slice(\/.*)?$/,
];

function listPath(host: Host, path: string, uid: number): Reply {
  if (uid !== 0 && (ROOT_ONLY.includes(path) || UNDER_ROOT_ONLY.some((d) => path.startsWith(d))))
    return denied(path);
  const entries = listing(host, path);
  if (entries)
    return {
      status: 0,
      body: { entries, ...(PARTIAL.some((p) => p.test(path)) ? { partial: true } : {}) },
      summary: `${entries.length} entries in ${path}`,
    };
  const read = readPath(host, path, uid);
  if (read.status === 0) return { status: 0, body: { file: true }, summary: `${path} is a file` };
  return read.status === NOT_SIMULATED || read.status === -21 ? notSimulated(path) : read;
}
