import type { Host } from '../host';
import { type Task, wait } from '../core/scheduler';
import { Signal } from '../core/signal';
import { commit, contextOf } from '../core/actors';
import { containerNodeId, shimId } from '../core/types';
import type { KernelState } from './kernelMachine';
import { aboutContainer, aboutExec } from '../trace/operations';
import { sharedText } from '../trace/shared';
import { execProcessEnded, execProcessesOf } from './execProcesses';
import { TERMINATING_SIGNALS } from './tini';
import { untilThawed } from './freezer';
import { hostHostname, usesHostNamespace } from './credentials';

/** Output up to this length is looked up in the shared texts (longer output rarely repeats). */
const MAX_SHARED_LINE = 256;

const SIGNAL_NAMES: Record<number, string> = { 9: 'SIGKILL' };

/** Thrown inside a program's task when SIGKILL ends it: unwinds without running more code. */
export class Killed extends Error {}

export interface ProcessSpec {
  containerId: string;
  /** A process `docker exec` started: its output, input and exit are the exec's, not the container's. */
  execId?: string;
  pid: number;
  argv: string[];
  env: string[];
  tty: boolean;
  /** The spec's process.cwd, where runc init chdir'd before its execve. */
  cwd: string;
  /** The spec's process.user (`docker exec -u`); absent: root (0:0). */
  uid?: number;
  gid?: number;
}

/**
 * What a program inside a container can do: write to its stdout/stderr (pipes,
 * or with -t a pty, that the shim copies into the FIFOs dockerd reads), wait,
 * and receive signals. PID 1 in a PID namespace
 * ignores signals it installed no handler for; SIGKILL cannot be ignored.
 */
export class ProcessContext {
  readonly handled = new Set<string>();
  /** life: the program runs under `--init`'s tini, which forwards signals to it (it is not PID 1). */
  underInit = false;
  private inbox: string[] = [];
  private wake = new Signal<void>();
  private dead = false;
  private stdinLines: string[] = [];
  private stdinPartial = '';
  private stdinClosed = false;

  constructor(
    readonly host: Host,
    readonly spec: ProcessSpec,
  ) {}

  get containerId(): string {
    return this.spec.containerId;
  }

  /** gethostname(2): what runc init set in the container's UTS namespace. */
  get hostname(): string {
    // ── sec: `--uts host`: no UTS namespace of its own, so the host's hostname ──
    if (usesHostNamespace(this.host, this.spec.containerId, 'uts')) return hostHostname(this.host);
    return (
      this.host.namespaces.of(this.spec.containerId)?.hostname || this.spec.containerId.slice(0, 12)
    );
  }

  /**
   * Whether fd 0 is a pipe or a pty the shim holds the other end of (the task
   * was created with a stdin), not /dev/null: a REPL or a shell then waits for input.
   */
  get stdinOpen(): boolean {
    const stdin = contextOf<KernelState>(this.host.kernel).processes[this.spec.pid]?.stdin;
    return stdin === 'pipe' || stdin === 'pty';
  }

  get isAlive(): boolean {
    return !this.dead;
  }

  write(stream: 'stdout' | 'stderr', text: string): void {
    if (this.dead || text === '') return;
    // On a pty (`-t`) the line discipline turns each "\n" into "\r\n" (ONLCR) before
    // dockerd reads it: the attach stream and the log carry the "\r".
    if (this.spec.tty) text = text.replace(/\r?\n/g, '\r\n');
    const execId = this.spec.execId;
    if (execId !== undefined) {
      // The exec's own FIFOs (or pty): dockerd sends what it reads to the exec's connection only.
      this.host.net.send(containerNodeId(this.containerId), {
        to: this.host.daemonId,
        protocol: 'stream',
        operation: stream,
        op: 'container.exec.write',
        subjects: aboutExec(this.containerId, execId),
        request: {
          containerId: this.containerId,
          execId,
          stream,
          text: text.length <= MAX_SHARED_LINE ? sharedText(text) : text,
        },
        summary: `the exec'd process writes to ${stream}; dockerd reads it from the exec's FIFO`,
      });
      return;
    }
    // The FIFO's reader: the daemon whose container this is (its exec-root holds the FIFO).
    this.host.net.send(containerNodeId(this.containerId), {
      to: this.host.daemonId,
      protocol: 'stream',
      operation: stream,
      op: 'container.stdio.write',
      subjects: aboutContainer(this.containerId),
      // A program's lines repeat from one container to the next (nginx's start-up
      // banner): the trace keeps one copy of each short one.
      request: {
        containerId: this.containerId,
        stream,
        text: text.length <= MAX_SHARED_LINE ? sharedText(text) : text,
      },
      summary: `the container writes to ${stream}; dockerd reads it from the FIFO and appends it to the json-file log`,
    });
  }

  /** Deliver a signal (called by the kernel's kill). */
  signal(name: string): void {
    if (this.dead) return;
    if (name === 'SIGKILL') {
      this.end({ termsig: 9 });
      return;
    }
    if (!this.handled.has(name)) {
      // life: under tini the program is PID 1's child: the default action ends it, and
      // tini exits 128 + the signal's number.
      const n = TERMINATING_SIGNALS[name];
      if (this.underInit && n !== undefined) this.end({ exitStatus: 128 + n });
      return; // PID 1 without a handler: ignored
    }
    this.inbox.push(name);
    this.poke();
  }

  /** Bytes on stdin: programs here read it a line at a time, whatever the chunks. */
  feedStdin(text: string): void {
    if (this.spec.tty && text.includes('\x03')) {
      // The pty's line discipline (ISIG): ^C is no input but SIGINT for the foreground
      // process group, and the line typed so far is discarded.
      const [before = '', ...rest] = text.split('\x03');
      this.feedStdin(before);
      for (const after of rest) {
        this.stdinPartial = '';
        this.interruptFromTty();
        this.feedStdin(after);
      }
      return;
    }
    if (text === '') return;
    const parts = (this.stdinPartial + text).split(/(?<=\n)/);
    this.stdinPartial = parts.at(-1)!.endsWith('\n') ? '' : parts.pop()!;
    this.stdinLines.push(...parts);
    this.poke();
  }

  private interruptFromTty(): void {
    if (this.dead) return;
    this.host.net.send('kernel', {
      to: containerNodeId(this.containerId),
      protocol: 'syscall',
      kind: 'event',
      operation: 'SIGINT (pty: ^C)',
      op: 'kernel.pty.interrupt',
      subjects: aboutContainer(this.containerId),
      request: { signal: 'SIGINT', pid: this.spec.pid, from: 'tty line discipline' },
      summary: `the container's pty reads byte 0x03 (^C) and sends SIGINT to its foreground process, PID ${this.spec.pid}; what happens next is the program's choice`,
    });
    this.signal('SIGINT');
  }

  /** End of input (Ctrl-D on the client): a shell or REPL reading stdin exits. */
  closeStdin(): void {
    if (this.stdinPartial) this.stdinLines.push(this.stdinPartial);
    this.stdinPartial = '';
    this.stdinClosed = true;
    this.poke();
  }

  /** Wait `ms`; returns early with a handled signal's name if one arrives. */
  *sleep(ms: number): Task<string | undefined> {
    const pending = this.inbox.shift();
    if (pending) return pending;
    const timer = new Signal<void>();
    this.host.scheduler.at(this.host.scheduler.now + ms, () => timer.resolve());
    for (;;) {
      const either = new Signal<void>();
      timer.onSettle(() => either.resolve());
      this.wake.onSettle(() => either.resolve());
      yield* wait(either);
      if (this.dead) throw new Killed();
      const signal = this.inbox.shift();
      if (signal) return signal;
      if (timer.isSettled) {
        // life: a frozen process (docker pause) wakes only once its cgroup thaws.
        yield* untilThawed(this.host, this.containerId);
        if (this.dead) throw new Killed();
        return this.inbox.shift();
      }
      // woken by stdin: keep sleeping until the same deadline
    }
  }

  /** Block until a handled signal or a stdin line arrives. */
  *next(): Task<{ signal: string } | { line: string } | { eof: true }> {
    for (;;) {
      const s = this.inbox.shift();
      if (s) return { signal: s };
      const l = this.stdinLines.shift();
      if (l !== undefined) return { line: l };
      if (this.stdinClosed) return { eof: true };
      yield* wait(this.wake);
      if (this.dead) throw new Killed();
    }
  }

  /**
   * Block until `event` settles (a connection on a listening socket, the
   * peer's end of one) or a handled signal arrives.
   */
  *waitFor<T>(event: Signal<T>): Task<{ value: T } | { signal: string }> {
    for (;;) {
      const s = this.inbox.shift();
      if (s) return { signal: s };
      if (event.isSettled) return { value: event.take() };
      const either = new Signal<void>();
      event.onSettle(() => either.resolve());
      this.wake.onSettle(() => either.resolve());
      yield* wait(either);
      if (this.dead) throw new Killed();
    }
  }

  /** The program returns (or calls exit): its exit status, 0-255. */
  exit(code: number): void {
    this.end({ exitStatus: code });
  }

  /**
   * The process ends: the kernel reaps it, and its parent (the shim) gets
   * SIGCHLD; its wait4 reads a status that says either "exited with N" or
   * "killed by signal N". The kernel has no 137: that is the shim's reaper
   * writing 128 + 9 for a death by SIGKILL.
   */
  private end(how: { exitStatus: number } | { termsig: number }): void {
    if (this.dead) return;
    this.dead = true;
    this.poke();
    const { host, spec } = this;
    host.processes.remove(spec.pid);
    if (spec.execId !== undefined) {
      this.endExec(spec.execId, how);
      return;
    }
    // PID 1 of a PID namespace is gone: the kernel kills every other process in it (SIGKILL),
    // the exec'd ones too, before the shim hears of PID 1.
    for (const other of execProcessesOf(host, spec.containerId)) other.signal('SIGKILL');
    // Its stdin pipe closes; the container has no process left to write to.
    host.pipes.close(spec.containerId);
    host.net.unregister(containerNodeId(spec.containerId));
    const parent = contextOf<KernelState>(host.kernel).processes[spec.pid]?.ppid;
    if (contextOf<KernelState>(host.kernel).processes[spec.pid]) {
      commit(host.kernel, { type: 'process.exited', pid: spec.pid });
    }
    // ── fault: its shim was killed: the orphan was reparented to the host's init, which reaps
    // it (DockScope draws no init), and no shim hears of it ──
    if (parent !== undefined && !contextOf<KernelState>(host.kernel).processes[parent]) return;
    const what =
      'termsig' in how
        ? `was killed by signal ${how.termsig} (${SIGNAL_NAMES[how.termsig] ?? 'signal'})`
        : `exited with status ${how.exitStatus}`;
    host.net.send('kernel', {
      to: shimId(spec.containerId),
      protocol: 'syscall',
      kind: 'event',
      operation: `SIGCHLD → wait4(${spec.pid})`,
      op: 'kernel.process.exit',
      subjects: aboutContainer(spec.containerId),
      // The kernel signals the parent (the shim, a subreaper); the shim's wait4 reaps it and reads the status.
      request: { signal: 'SIGCHLD', call: 'wait4', pid: spec.pid, ...how },
      summary: `PID ${spec.pid} ${what}; the kernel tells its parent, the shim`,
    });
  }

  /** An exec'd process ended: its pipe closes, and the shim (its parent too) is told. */
  private endExec(execId: string, how: { exitStatus: number } | { termsig: number }): void {
    const { host, spec } = this;
    host.pipes.close(execId);
    execProcessEnded(host, spec.containerId, execId);
    if (contextOf<KernelState>(host.kernel).processes[spec.pid])
      commit(host.kernel, { type: 'process.exited', pid: spec.pid });
    const what =
      'termsig' in how
        ? `was killed by signal ${how.termsig} (${SIGNAL_NAMES[how.termsig] ?? 'signal'})`
        : `exited with status ${how.exitStatus}`;
    host.net.send('kernel', {
      to: shimId(spec.containerId),
      protocol: 'syscall',
      kind: 'event',
      operation: `SIGCHLD → wait4(${spec.pid})`,
      op: 'kernel.exec.exit',
      subjects: aboutExec(spec.containerId, execId),
      request: { signal: 'SIGCHLD', call: 'wait4', pid: spec.pid, execId, ...how },
      summary: `exec'd PID ${spec.pid} ${what}; the kernel tells its parent, the shim`,
    });
  }

  private poke(): void {
    const w = this.wake;
    this.wake = new Signal<void>();
    w.resolve();
  }
}
