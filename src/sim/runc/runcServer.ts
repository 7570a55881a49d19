import type { Host } from '../host';
import type { Inbound, Reply } from '../core/network';
import type { Op } from '../core/types';
import { type Task, wait } from '../core/scheduler';
import type { Signal } from '../core/signal';
import { commit, contextOf } from '../core/actors';
import type { RuncState } from './runcMachine';
import type { StdinKind, SyscallRequest } from '../kernel/kernelServer';
import { isDefaultSeccomp, type OciSpec } from '../dockerd/ociSpec';
import { checkExecutable } from '../kernel/programs';
import { DOCKER_INIT } from '../kernel/tini';
import { DEFAULT_RUNC_ROOT, NAMESPACE, bundleDir } from '../containerd/services';
import { aboutContainer, aboutExec } from '../trace/operations';
import {
  capabilitySummary,
  credentialsRequest,
  joinedNamespaces,
  namespaceSummary,
} from './initSecurity';
import { writeCgroupLimits } from './cgroupLimits';
import type { SpecLimits } from '../kernel/cgroupFiles';

export const RUNC_VERSION = '1.2.5';
export const RUNC_COMMIT = 'v1.2.5-0-g59923ef';

const NS_FLAG: Record<string, string> = {
  mount: 'CLONE_NEWNS',
  uts: 'CLONE_NEWUTS',
  ipc: 'CLONE_NEWIPC',
  pid: 'CLONE_NEWPID',
  network: 'CLONE_NEWNET',
  cgroup: 'CLONE_NEWCGROUP',
};

/**
 * runc, the OCI runtime: a binary the shim runs once per lifecycle step.
 * `create` starts `runc init` in new namespaces and a cgroup; init pivots into
 * the root filesystem dockerd mounted, checks the program exists and blocks
 * opening `exec.fifo`. `start` opens the fifo's read end, so init `execve`s
 * the user's program.
 */
export function runcHandler(host: Host) {
  return function* (inbound: Inbound): Task<Reply> {
    // The argv it was run with, and its parent's PID (the shim that exec'd it).
    // And the stdin it inherited from the shim (a pipe, a pty, or /dev/null), which runc init keeps.
    const { argv, ppid, stdin, execId } = inbound.request as {
      argv: string[];
      ppid?: number;
      stdin?: StdinKind;
      /** For `runc exec`: the exec whose FIFOs (or pty) the shim set up as the process's stdio. */
      execId?: string;
    };
    const sub = argv.find((a, i) => i > 0 && !a.startsWith('-') && !isFlagValue(argv, i));
    const id = argv[argv.length - 1] ?? '';
    // `--root` (global) and `--bundle` (create) come from the shim: they follow the daemon's
    // exec-root and the containerd namespace.
    const root = flagValue(argv, '--root') ?? `${DEFAULT_RUNC_ROOT}/${NAMESPACE}`;
    const execFifo = (cid: string) => `${root}/${cid}/exec.fifo`;
    // One subjects object for every syscall of this runc run (a message shares it, no copy).
    const subjects = aboutContainer(id);
    const sys = (op: Op, operation: string, request: SyscallRequest, summary: string) =>
      inbound.call<{ pid?: number }>({
        to: 'kernel',
        protocol: 'syscall',
        operation,
        op,
        subjects,
        request,
        summary,
      });

    if (argv.includes('--version')) {
      return {
        status: 0,
        body: {
          stdout: `runc version ${RUNC_VERSION}\ncommit: ${RUNC_COMMIT}\nspec: 1.2.0\ngo: go1.23.8\nlibseccomp: 2.5.4\n`,
        },
        summary: `runc version ${RUNC_VERSION}`,
      };
    }
    const state = contextOf<RuncState>(host.runc).containers[id];
    switch (sub) {
      case 'create': {
        const bundle = flagValue(argv, '--bundle') ?? bundleDir(NAMESPACE, id);
        // runc create starts in the bundle (the shim's cwd) and loads the spec from its
        // config.json: everything runc does next comes from this file.
        const read = yield* inbound.call<{ content?: OciSpec }>({
          to: 'kernel',
          protocol: 'syscall',
          operation: 'openat("config.json", O_RDONLY)',
          op: 'kernel.bundle.read',
          subjects,
          request: { call: 'file.read', path: `${bundle}/config.json` },
          summary: 'runc reads the OCI spec from the bundle containerd wrote',
        });
        const spec = read.body?.content;
        if (!spec) return { status: 1, body: { stderr: 'config.json: no such file or directory' } };
        commit(host.runc, { type: 'oci.creating', id, bundle });
        // init's parent, once runc exits: the shim, a child subreaper.
        const shimPid = ppid ?? 1;
        // ── sec: a namespace with a path is joined (setns), one left out is the host's ──
        const flags = spec.linux.namespaces
          .filter((n) => !n.path)
          .map((n) => NS_FLAG[n.type])
          .filter(Boolean) as string[];
        const join = joinedNamespaces(spec);
        const clone = yield* sys(
          'kernel.clone',
          `clone(${flags.join('|')})`,
          {
            call: 'clone3',
            flags,
            containerId: id,
            argv: ['runc', 'init'],
            ppid: shimPid,
            stdin,
            ...(Object.keys(join).length ? { join } : {}),
          },
          namespaceSummary(spec),
        );
        const pid = Number(clone.status);
        const cgroup = spec.linux.cgroupsPath;
        yield* sys(
          'kernel.cgroup.join',
          `write ${cgroupDir(cgroup)}/cgroup.procs`,
          { call: 'cgroup.create', path: cgroupDir(cgroup), pid },
          'runc puts the process in its own cgroup so memory, CPU and PIDs can be limited',
        );
        // ── res: the spec's linux.resources into the cgroup's files (cgroupLimits.ts) ──
        yield* writeCgroupLimits(sys, cgroupDir(cgroup), spec.linux.resources);
        // runc init (PID `pid`, already in the new namespaces) does the rest: libcontainer's
        // prepareRootfs, then standard_init_linux.go's Init.
        const root = spec.root.path;
        yield* sys(
          'kernel.mount.bind',
          `mount("${root}", "${root}", "bind", MS_BIND|MS_REC)`,
          {
            call: 'mount.root',
            containerId: id,
            target: root,
            what: 'root.path is now a mount point of its own',
          },
          `runc init bind-mounts root.path onto itself (dockerd already mounted the overlay there) so it can pivot into it`,
        );
        yield* sys(
          'kernel.mount.spec',
          `mount ×${spec.mounts.length} (config.json "mounts")`,
          {
            call: 'mount.spec',
            containerId: id,
            mounts: spec.mounts,
            what: spec.mounts.map((m) => m.destination).join(', ') + ' mounted',
          },
          'runc init mounts /proc, /dev, /sys and the other entries of the spec inside the new root',
        );
        yield* sys(
          'kernel.pivot-root',
          'pivot_root(".", ".")',
          { call: 'noop', what: 'root switched; the old root is unmounted (MNT_DETACH)' },
          'pivot_root makes the container filesystem "/" and runc init detaches the old root, so the host files are out of reach',
        );
        // ── sec: no UTS namespace of its own (--uts host): runc sets no hostname ──
        if (spec.linux.namespaces.some((n) => n.type === 'uts'))
          yield* sys(
            'kernel.sethostname',
            `sethostname("${spec.hostname ?? ''}")`,
            {
              call: 'sethostname',
              containerId: id,
              hostname: spec.hostname ?? '',
              what: 'hostname set in the new UTS namespace',
            },
            'the container gets its own hostname: its short ID',
          );
        // ── sec: privileged and seccomp=unconfined specs carry no filter ──
        const filter = spec.linux.seccomp;
        if (filter && isDefaultSeccomp(filter))
          yield* sys(
            'kernel.seccomp',
            'seccomp(SECCOMP_SET_MODE_FILTER)',
            {
              call: 'noop',
              what: 'default seccomp profile loaded: syscalls outside its allowlist fail with EPERM',
            },
            "Docker's default seccomp profile blocks dangerous syscalls such as mount and reboot",
          );
        else if (filter)
          yield* sys(
            'kernel.seccomp',
            'seccomp(SECCOMP_SET_MODE_FILTER)',
            {
              call: 'noop',
              what: `the profile given with --security-opt loaded: default action ${filter.defaultAction}, ${filter.syscalls?.length ?? 0} rule(s)`,
            },
            `a custom seccomp profile: syscalls its rules do not match get ${filter.defaultAction}`,
          );
        yield* sys(
          'kernel.capset',
          `capset(${spec.process.capabilities?.bounding?.length ?? 0} capabilities)`,
          credentialsRequest(id, spec),
          capabilitySummary(spec),
        );
        const prog = spec.process.args[0] ?? '';
        // The container's daemon: the programs read its records (image, config).
        // life: `--init`'s /sbin/docker-init is there once the spec's bind mount of the host's
        // docker-init binary is (the other bind mounts, /etc/hosts…, bring no programs).
        const mountedIn =
          prog === DOCKER_INIT &&
          spec.mounts.some((m) => m.type === 'bind' && m.destination === prog);
        const missing = mountedIn
          ? undefined
          : checkExecutable(host.daemonOf(id), id, spec.process.args);
        if (missing) {
          // Go's exec.LookPath, before the exec.fifo wait, so the error comes back from
          // `runc create`: no execve is ever tried.
          const error = `runc create failed: unable to start container process: error during container init: ${missing}`;
          yield* sys(
            'kernel.lookup',
            prog.includes('/') ? `stat("${prog}")` : `stat(<each $PATH directory>/${prog})`,
            {
              call: 'noop',
              what: missing,
              ret: missing.includes('no such file') || missing.includes('not found') ? -2 : -13,
            },
            `runc init looks ${prog} up in the container (Go's exec.LookPath) before it waits on exec.fifo`,
          );
          // runc's initProcess.start, failing, terminates init (Process.Kill) and waits for it.
          yield* sys(
            'kernel.kill',
            `kill(${pid}, SIGKILL)`,
            { call: 'terminate', pid, signal: 'SIGKILL' },
            `runc kills the failed runc init (PID ${pid}) and reaps it`,
          );
          yield* sys(
            'kernel.cgroup.remove',
            `rmdir ${cgroupDir(cgroup)}`,
            { call: 'cgroup.remove', path: cgroupDir(cgroup) },
            'runc cleans up the cgroup of the failed container',
          );
          commit(host.runc, { type: 'oci.stopped', id });
          commit(host.runc, { type: 'oci.deleted', id });
          return { status: 1, body: { stderr: error }, summary: `runc create fails: ${missing}` };
        }
        // The open blocks until `runc start` opens the read end: runc create does not wait
        // for it. It exits, leaving init asleep in open(2).
        const opened = host.net.request(
          'runc',
          {
            to: 'kernel',
            protocol: 'syscall',
            operation: 'openat("exec.fifo", O_WRONLY)',
            op: 'kernel.fifo.open',
            subjects: aboutContainer(id),
            request: { call: 'fifo.open', path: execFifo(id), mode: 'O_WRONLY' },
            summary: `runc init (PID ${pid}) found ${prog} and opens exec.fifo for writing: the open blocks until runc start opens the other end`,
          },
          inbound.commandId,
        );
        host.scheduler.spawn(execWhenReleased(host, id, spec, pid, opened, inbound.commandId));
        commit(host.runc, { type: 'oci.created', id, pid });
        return {
          status: 0,
          body: { pid },
          summary: `runc create exits 0; init is PID ${pid}, blocked on exec.fifo: state created`,
        };
      }
      case 'start': {
        if (!state || state.status !== 'created') {
          return {
            status: 1,
            body: { stderr: `cannot start a container that has stopped` },
            summary: 'runc start fails',
          };
        }
        yield* sys(
          'kernel.fifo.open',
          'openat("exec.fifo", O_RDONLY)',
          { call: 'fifo.open', path: execFifo(id), mode: 'O_RDONLY' },
          'runc start opens exec.fifo for reading, which wakes runc init blocked on the other end',
        );
        return {
          status: 0,
          summary: 'runc start read "0" from exec.fifo and exits 0; init goes on to execve',
        };
      }
      // ── res: `runc update --resources - <id>`: the new limits into the cgroup files ──
      case 'update': {
        if (!state) return { status: 1, body: { stderr: `container does not exist` } };
        const { resources } = inbound.request as { resources?: SpecLimits };
        const failed = yield* writeCgroupLimits(sys, cgroupDir(host.cgroupOf(id)), resources);
        return failed
          ? { status: 1, body: { stderr: failed.summary ?? 'update failed' } }
          : {
              status: 0,
              summary: 'runc update exits 0: the kernel applies the new limits at once',
            };
      }
      case 'exec':
        return yield* runcExec(host, inbound, argv, id, { ppid, stdin, execId: execId ?? '' });
      // ── obs: `runc ps --format json` (docker top): the PIDs in the container's cgroup ──
      case 'ps': {
        if (!state) return { status: 1, body: { stderr: 'container does not exist' } };
        const r = yield* sys(
          'kernel.cgroup.procs',
          `read ${cgroupDir(host.cgroupOf(id))}/cgroup.procs`,
          { call: 'cgroup.procs', path: cgroupDir(host.cgroupOf(id)), containerId: id },
          'runc ps reads the PIDs in the container’s cgroup',
        );
        const pids = (r.body as { pids?: number[] } | undefined)?.pids ?? [];
        return {
          status: 0,
          body: { stdout: JSON.stringify(pids) },
          summary: `runc ps prints [${pids.join(',')}]`,
        };
      }
      case 'kill': {
        const signal = argv[argv.length - 1] ?? '15';
        const target = argv[argv.length - 2] ?? '';
        const s = contextOf<RuncState>(host.runc).containers[target];
        if (!s) return { status: 1, body: { stderr: 'container does not exist' } };
        const name = signalName(signal);
        const r = yield* sys(
          'kernel.kill',
          `kill(${s.pid}, ${name})`,
          { call: 'kill', pid: s.pid, signal: name },
          `runc sends ${name} to the container's PID 1`,
        );
        return {
          status: r.status === 0 ? 0 : 1,
          summary: `runc kill exits ${r.status === 0 ? 0 : 1}`,
        };
      }
      // ── life: runc pause / resume freeze and thaw the container's cgroup (cgroup v2) ──
      case 'pause':
      case 'resume': {
        if (!state) return { status: 1, body: { stderr: 'container does not exist' } };
        const path = cgroupDir(host.cgroupOf(id));
        const freeze = sub === 'pause';
        yield* sys(
          'kernel.cgroup.freeze',
          `write ${path}/cgroup.freeze "${freeze ? 1 : 0}"`,
          { call: 'cgroup.freeze', path, frozen: freeze },
          freeze
            ? 'runc pause writes 1 to cgroup.freeze: the kernel stops scheduling every process of the cgroup'
            : 'runc resume writes 0 to cgroup.freeze: the frozen processes run again',
        );
        if (freeze && state.status === 'running') commit(host.runc, { type: 'oci.paused', id });
        if (!freeze && state.status === 'paused') commit(host.runc, { type: 'oci.resumed', id });
        return { status: 0, summary: `runc ${sub} exits 0` };
      }
      case 'delete': {
        if (!state) return { status: 0, summary: 'nothing to delete' };
        // runc is no daemon: nothing told it init exited, and its state still says what it
        // last did. It reads /proc/<pid>/stat to learn whether init still runs (libcontainer
        // runType): a PID that is gone means the container has stopped.
        let alive = state.status !== 'stopped';
        if (alive) {
          const stat = yield* sys(
            'kernel.proc.stat',
            `openat("/proc/${state.pid}/stat", O_RDONLY)`,
            { call: 'proc.stat', pid: state.pid },
            `runc reads /proc/${state.pid}/stat to learn whether the container’s init still runs`,
          );
          alive = stat.status === 0;
        }
        if (alive && state.status === 'running') {
          // ── fault: `delete --force` of a running container (after its shim died): libcontainer's
          // runningState.destroy sends SIGKILL, which the program takes like any signal ──
          yield* sys(
            'kernel.kill',
            `kill(${state.pid}, SIGKILL)`,
            { call: 'kill', pid: state.pid, signal: 'SIGKILL' },
            `runc delete --force kills the running container’s init (PID ${state.pid}) with SIGKILL before it removes the cgroup`,
          );
        } else if (alive) {
          // A created container's init is still waiting on exec.fifo: delete kills it
          // first (libcontainer's createdState.destroy signals it SIGKILL).
          yield* sys(
            'kernel.kill',
            `kill(${state.pid}, SIGKILL)`,
            { call: 'terminate', pid: state.pid, signal: 'SIGKILL' },
            `runc delete kills the container’s init (PID ${state.pid}) before it removes the cgroup`,
          );
        }
        yield* sys(
          'kernel.cgroup.remove',
          `rmdir ${cgroupDir(host.cgroupOf(id))}`,
          { call: 'cgroup.remove', path: cgroupDir(host.cgroupOf(id)) },
          'runc delete removes the cgroup and the state directory',
        );
        if (state.status !== 'stopped') commit(host.runc, { type: 'oci.stopped', id });
        commit(host.runc, { type: 'oci.deleted', id });
        return { status: 0, summary: 'runc delete exits 0' };
      }
      default:
        return { status: 1, body: { stderr: `unknown runc command ${sub ?? ''}` } };
    }
  };
}

/**
 * `runc exec --process <file> --detach --pid-file <file> <id>`: a new process in a container
 * that runs. runc reads the process spec, and its `runc init` joins the namespaces of the
 * container's PID 1 (nsexec's setns, from /proc/<pid>/ns/*); runc (the parent) writes the new
 * PID into the container's cgroup.procs; init looks the command up and execs it. With --detach runc exits once the process runs; the shim, a child
 * subreaper, becomes its parent. No exec.fifo: that handshake is for the container's init.
 */
function* runcExec(
  host: Host,
  inbound: Inbound,
  argv: readonly string[],
  id: string,
  ctx: { ppid?: number; stdin?: StdinKind; execId: string },
): Task<Reply> {
  const subjects = aboutExec(id, ctx.execId);
  const sys = (op: Op, operation: string, request: SyscallRequest, summary: string) =>
    inbound.call<{ pid?: number; content?: OciSpec['process'] }>({
      to: 'kernel',
      protocol: 'syscall',
      operation,
      op,
      subjects,
      request,
      summary,
    });
  const state = contextOf<RuncState>(host.runc).containers[id];
  // runc exec loads the container first (getContainer inside execProcess, so a missing one is
  // "exec failed: container does not exist", exit 255 like every exec failure).
  if (!state) return { status: 255, body: { stderr: 'exec failed: container does not exist' } };
  // life: runc 1.2 exec.go refuses a paused container unless --ignore-paused.
  if (state.status === 'paused')
    return {
      status: 255,
      body: {
        stderr: 'exec failed: cannot exec in a paused container (use --ignore-paused to override)',
      },
      summary: 'runc exec fails: the container is paused',
    };
  if (state.status !== 'running')
    return {
      status: 255,
      body: { stderr: 'exec failed: cannot exec in a stopped container' },
      summary: 'runc exec fails: the container is not running',
    };
  const file = flagValue(argv, '--process') ?? '';
  const read = yield* sys(
    'kernel.exec.spec.read',
    `openat("${file}", O_RDONLY)`,
    { call: 'file.read', path: file },
    'runc exec reads the process spec the shim wrote',
  );
  const process = read.body?.content;
  if (!process)
    return {
      status: 255,
      body: { stderr: `exec failed: open ${file}: no such file or directory` },
    };
  const joined = ['ipc', 'uts', 'net', 'pid', 'mnt', 'cgroup'];
  const clone = yield* sys(
    'kernel.setns',
    `setns(/proc/${state.pid}/ns/{${joined.join(',')}})`,
    {
      call: 'setns',
      containerId: id,
      execId: ctx.execId,
      initPid: state.pid,
      argv: ['runc', 'init'],
      ppid: ctx.ppid ?? 1,
      stdin: ctx.stdin,
    },
    `runc init joins the namespaces of the container's PID 1 (host PID ${state.pid}): the same PIDs, hostname, network, mounts and cgroup view`,
  );
  const pid = Number(clone.status);
  if (!(pid > 0))
    return {
      status: 255,
      body: { stderr: 'exec failed: unable to start container process: container init is gone' },
    };
  const cgroup = cgroupDir(host.cgroupOf(id));
  yield* sys(
    'kernel.cgroup.join',
    `write ${cgroup}/cgroup.procs`,
    { call: 'cgroup.join', path: cgroup, pid },
    "runc puts the new process into the container's cgroup: the container's limits count it too",
  );
  const args = process.args ?? [];
  const prog = args[0] ?? '';
  const missing = checkExecutable(host.daemonOf(id), id, args);
  if (missing) {
    yield* sys(
      'kernel.exec.lookup',
      prog.includes('/') ? `stat("${prog}")` : `stat(<each $PATH directory>/${prog})`,
      {
        call: 'noop',
        what: missing,
        ret: missing.includes('no such file') || missing.includes('not found') ? -2 : -13,
      },
      `runc init looks ${prog} up inside the container (Go's exec.LookPath) before it execs`,
    );
    yield* sys(
      'kernel.exec.abort',
      `kill(${pid}, SIGKILL)`,
      { call: 'terminate', pid, signal: 'SIGKILL' },
      `runc kills the failed runc init (PID ${pid}) and reaps it`,
    );
    // runc exec's fatalWithCode("exec failed: …", 255), logged as its last error.
    return {
      status: 255,
      body: { stderr: `exec failed: unable to start container process: ${missing}` },
      summary: `runc exec fails: ${missing}`,
    };
  }
  yield* sys(
    'kernel.exec.execve',
    `execve("${prog}")`,
    {
      call: 'execve',
      pid,
      argv: args,
      env: process.env ?? [],
      cwd: process.cwd || '/',
      user: { uid: process.user?.uid ?? 0, gid: process.user?.gid ?? 0 },
    },
    `runc init replaces itself with the exec's command: ${args.join(' ')}`,
  );
  return {
    status: 0,
    body: { pid },
    summary: `runc exec --detach exits 0; PID ${pid} runs ${prog} inside the container`,
  };
}

/** The value after `flag` in an argv, if any. */
function flagValue(argv: readonly string[], flag: string): string | undefined {
  const at = argv.indexOf(flag);
  return at >= 0 ? argv[at + 1] : undefined;
}

/**
 * runc init after its exec.fifo open returns (runc start opened the read
 * end): it writes "0" for runc start and `execve`s the container's program,
 * which keeps init's PID.
 */
function* execWhenReleased(
  host: Host,
  id: string,
  /** The spec runc create read, which runc init got from it over its init pipe. */
  spec: OciSpec,
  pid: number,
  opened: Signal<Reply>,
  commandId: number | undefined,
): Task<void> {
  yield* wait(opened);
  yield* host.net.call(
    'runc',
    {
      to: 'kernel',
      protocol: 'syscall',
      operation: `execve("${spec.process.args[0] ?? ''}")`,
      op: 'kernel.execve',
      subjects: aboutContainer(id),
      request: {
        call: 'execve',
        pid,
        argv: spec.process.args,
        env: spec.process.env ?? [],
        cwd: spec.process.cwd || '/',
        // ── sec: runc init setuid'd to process.user before its execve ──
        user: { uid: spec.process.user.uid, gid: spec.process.user.gid },
      },
      summary: `init replaces itself with the container's program: ${spec.process.args.join(' ')}`,
    },
    commandId,
  );
  commit(host.runc, { type: 'oci.started', id });
}

/** `system.slice:docker:<id>` (systemd driver) → its cgroupfs directory; a cgroupfs path stays a path. */
export function cgroupDir(cgroupsPath: string): string {
  // ── daemon: the cgroupfs driver gives runc a path (`/docker/<id>`) ──
  if (cgroupsPath.startsWith('/')) return `/sys/fs/cgroup${cgroupsPath}`;
  const [slice, prefix, name] = cgroupsPath.split(':');
  return `/sys/fs/cgroup/${slice}/${prefix}-${name}.scope`;
}

function signalName(s: string): string {
  const n = Number(s);
  const names: Record<number, string> = {
    1: 'SIGHUP',
    2: 'SIGINT',
    3: 'SIGQUIT',
    9: 'SIGKILL',
    15: 'SIGTERM',
    28: 'SIGWINCH',
    10: 'SIGUSR1',
    12: 'SIGUSR2',
  };
  return Number.isFinite(n) ? (names[n] ?? `signal ${n}`) : s;
}

const VALUED = new Set([
  '--root',
  '--log',
  '--log-format',
  '--bundle',
  '--pid-file',
  '--console-socket',
  '--resources',
]);
function isFlagValue(argv: string[], i: number): boolean {
  return VALUED.has(argv[i - 1] ?? '');
}
