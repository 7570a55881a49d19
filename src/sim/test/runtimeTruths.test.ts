import { describe, expect, it } from 'vitest';
import { Engine, type Message } from '../engine';
import { session } from './helpers';
import {
  SECCOMP_ALLOWED_SAMPLE,
  SECCOMP_DEFAULT_NAMED,
  SECCOMP_DEFAULT_UNCONDITIONAL_ALLOWED,
  type OciSpec,
} from '../dockerd/ociSpec';

/**
 * What the runtime side of the trace must say, checked against the sources it
 * models (moby v28.5.2, containerd v2.1, runc v1.2.5, docker/cli v28.2.2).
 */

const first = (trace: readonly Message[], pred: (m: Message) => boolean): Message => {
  const m = trace.find(pred);
  if (!m) throw new Error('no such message');
  return m;
};
const req = (op: RegExp, from?: string) => (m: Message) =>
  m.kind === 'request' && op.test(m.operation) && (from === undefined || m.from === from);
const replyTo = (trace: readonly Message[], r: Message) =>
  trace.find((m) => m.kind === 'response' && m.replyTo === r.seq);

const rootfsOf = (id: string) => `/var/lib/docker/rootfs/overlayfs/${id}`;

describe('who mounts the container rootfs (moby daemon/start.go, daemon/snapshotter/mount.go; runc rootfs_linux.go)', () => {
  const run = () => {
    const { engine, results } = session([
      'docker pull alpine',
      'docker run -d --name box alpine sleep 600',
      'docker kill box',
    ]);
    const id = results[1]!.stdout.trim();
    return { engine, id, trace: engine.trace };
  };

  it('dockerd mounts the overlay at /var/lib/docker/rootfs/overlayfs/<id> after Snapshots.Mounts and before Containers.Create', () => {
    const { id, trace } = run();
    const mounts = first(trace, req(/Snapshots\/Mounts$/, 'dockerd'));
    const mount = first(
      trace,
      (m) =>
        m.kind === 'request' &&
        m.from === 'dockerd' &&
        m.to === 'kernel' &&
        m.operation.startsWith('mount('),
    );
    const create = first(trace, req(/Containers\/Create$/, 'dockerd'));
    expect(mount.operation).toContain(`"${rootfsOf(id)}"`);
    expect(mount.operation).toContain('"overlay"');
    expect(mounts.seq).toBeLessThan(mount.seq);
    expect(mount.seq).toBeLessThan(create.seq);
    const spec = (create.request as { spec: OciSpec }).spec;
    expect(spec.root.path).toBe(rootfsOf(id));
    // moby's libcontainerd NewContainer sets no snapshot on the containerd container:
    // the rootfs is dockerd's own mount, named by root.path.
    expect(create.request).not.toHaveProperty('snapshot_key');
  });

  it('runc does not mount the overlay: runc init bind-mounts root.path onto itself (MS_BIND|MS_REC), then pivot_root', () => {
    const { id, trace } = run();
    const fromRunc = trace.filter((m) => m.kind === 'request' && m.from === 'runc');
    expect(fromRunc.some((m) => /^mount\("overlay"/.test(m.operation))).toBe(false);
    const bind = first(fromRunc, (m) => m.operation.startsWith('mount('));
    expect(bind.operation).toBe(
      `mount("${rootfsOf(id)}", "${rootfsOf(id)}", "bind", MS_BIND|MS_REC)`,
    );
    const pivot = first(fromRunc, (m) => m.operation.startsWith('pivot_root'));
    expect(bind.seq).toBeLessThan(pivot.seq);
  });

  it('dockerd unmounts the rootfs during cleanup, after Tasks.Delete and Containers.Delete', () => {
    const { id, trace } = run();
    const del = first(trace, req(/Containers\/Delete$/, 'dockerd'));
    const umount = first(trace, req(/^umount2\(/, 'dockerd'));
    expect(umount.to).toBe('kernel');
    expect(umount.operation).toBe(`umount2("${rootfsOf(id)}", MNT_DETACH)`);
    expect(del.seq).toBeLessThan(umount.seq);
  });

  it('a start that fails (command not found) unmounts the rootfs it mounted', () => {
    const { engine } = session(['docker pull alpine', 'docker run -d alpine nosuchcmd']);
    const mount = engine.trace.filter(req(/^mount\(/, 'dockerd'));
    const umount = engine.trace.filter(req(/^umount2\(/, 'dockerd'));
    expect(mount).toHaveLength(1);
    expect(umount).toHaveLength(1);
  });
});

describe('exit by SIGKILL: the kernel reports signal 9, the shim turns it into 137 (containerd pkg/sys/reaper)', () => {
  it('SIGCHLD/wait4 says killed by signal 9; TaskExit carries 137 = 128 + 9', () => {
    const { engine } = session([
      'docker pull alpine',
      'docker run -d --name box alpine sleep 600',
      'docker kill box',
    ]);
    const sigchld = first(engine.trace, (m) => m.operation.startsWith('SIGCHLD'));
    expect(sigchld.summary).not.toMatch(/137/);
    expect(sigchld.summary).toMatch(/signal 9 \(SIGKILL\)/);
    expect(sigchld.request).toMatchObject({ signal: 'SIGCHLD', termsig: 9 });
    expect(sigchld.request).not.toHaveProperty('status');
    const forward = first(engine.trace, (m) => m.operation.endsWith('Events/Forward'));
    expect(forward.request).toMatchObject({ event: { exit_status: 137 } });
    expect(forward.summary).toMatch(/128 \+ 9/);
  });

  it('a normal exit is reported as an exit status', () => {
    const { engine } = session(['docker pull alpine', 'docker run -d alpine sh -c "exit 3"']);
    engine.advance(1000);
    const sigchld = first(engine.trace, (m) => m.operation.startsWith('SIGCHLD'));
    expect(sigchld.summary).toMatch(/exited with status 3/);
    expect(sigchld.request).toMatchObject({ exitStatus: 3 });
  });
});

describe('exec.fifo (runc standard_init_linux.go, container_linux.go exec())', () => {
  it('runc init’s open for writing blocks past runc create and returns only once runc start opens the read end', () => {
    const { engine } = session(['docker pull alpine', 'docker run -d alpine sleep 600']);
    const t = engine.trace;
    const openW = first(t, req(/exec\.fifo.*O_WRONLY/, 'runc'));
    const createDone = first(t, (m) => m.kind === 'response' && m.operation === 'runc create');
    const openR = first(t, req(/exec\.fifo.*O_RDONLY/, 'runc'));
    const openWDone = replyTo(t, openW)!;
    expect(openWDone).toBeDefined();
    expect(openW.seq).toBeLessThan(createDone.seq);
    expect(createDone.seq).toBeLessThan(openWDone.seq);
    expect(openR.seq).toBeLessThan(openWDone.seq);
    const execve = first(t, req(/^execve\(/, 'runc'));
    expect(openWDone.seq).toBeLessThan(execve.seq);
  });
});

describe('a missing command: runc init’s LookPath fails before exec.fifo, no execve', () => {
  it('no execve, no exec.fifo wait; the error text stays', () => {
    const { engine, results } = session(['docker pull alpine', 'docker run -d alpine nosuchcmd']);
    const fromRunc = engine.trace.filter((m) => m.from === 'runc' && m.kind === 'request');
    expect(fromRunc.some((m) => m.operation.startsWith('execve'))).toBe(false);
    expect(fromRunc.some((m) => m.operation.includes('exec.fifo'))).toBe(false);
    expect(engine.trace.some((m) => /ENOENT/.test(m.summary))).toBe(false);
    expect(results[1]!.stderr).toContain('executable file not found in $PATH');
    expect(results[1]!.exitCode).toBe(127);
  });
});

describe('runc argv (go-runc runc.go args(); moby daemon/runtime_unix.go SystemdCgroup)', () => {
  it('has --systemd-cgroup, matching the systemd-form cgroupsPath', () => {
    const { engine } = session(['docker pull alpine', 'docker run -d alpine sleep 600']);
    const create = first(engine.trace, req(/^runc create$/, /* shim */ undefined));
    const argv = (create.request as { argv: string[] }).argv;
    expect(argv.slice(0, 8)).toEqual([
      'runc',
      '--root',
      '/var/run/docker/runtime-runc/moby',
      '--log',
      expect.stringMatching(/\/log\.json$/),
      '--log-format',
      'json',
      '--systemd-cgroup',
    ]);
    expect(argv[8]).toBe('create');
    const spec = (first(engine.trace, req(/Containers\/Create$/)).request as { spec: OciSpec })
      .spec;
    expect(spec.linux.cgroupsPath).toMatch(/^system\.slice:docker:[0-9a-f]{64}$/);
  });
});

describe('ttrpc Task/Create stdio follows the spec (moby libcontainerd newFIFOSet)', () => {
  const taskCreate = (line: string) => {
    const engine = new Engine({ seed: 1, tty: true });
    engine.run('docker pull alpine');
    const r = engine.run(line);
    const m = first(
      engine.trace,
      (x) => x.kind === 'request' && x.operation === 'containerd.task.v2.Task/Create',
    );
    return {
      r,
      body: m.request as { terminal: boolean; stdin: string; stderr: string; stdout: string },
      engine,
    };
  };
  it('-it: terminal, a stdin FIFO, no stderr FIFO', () => {
    const { body } = taskCreate('docker run -it alpine sh');
    expect(body.terminal).toBe(true);
    expect(body.stdin).toMatch(/-stdin$/);
    expect(body.stderr).toBe('');
  });
  it('-i only: a stdin FIFO, no terminal', () => {
    const { body } = taskCreate('docker run -i alpine cat');
    expect(body.terminal).toBe(false);
    expect(body.stdin).toMatch(/-stdin$/);
    expect(body.stderr).toMatch(/-stderr$/);
  });
  it('detached without -i: no stdin', () => {
    const { body } = taskCreate('docker run -d alpine sleep 5');
    expect(body.terminal).toBe(false);
    expect(body.stdin).toBe('');
  });
});

describe('Ctrl-C under docker run (docker/cli hijack.go setupInput, run.go sig-proxy)', () => {
  it('-it: raw terminal, Ctrl-C travels as byte 0x03 on the attach stream; no POST /kill; sleep as PID 1 keeps running', () => {
    const engine = new Engine({ seed: 1, tty: true });
    engine.run('docker pull alpine');
    const r = engine.run('docker run -it --name sl alpine sleep 600');
    const before = engine.trace.length;
    engine.interrupt(r.id);
    const after = engine.trace.slice(before);
    expect(after.some((m) => /\/kill/.test(m.operation))).toBe(false);
    expect(
      after.some(
        (m) =>
          m.from === 'client' &&
          m.operation === 'stdin' &&
          (m.request as { text?: string }).text === '\x03',
      ),
    ).toBe(true);
    expect(after.some((m) => m.from === 'kernel' && /SIGINT/.test(m.operation))).toBe(true);
    expect(r.exitCode).toBeNull();
  });
  it('without -t, sig-proxy forwards SIGINT with POST /kill?signal=INT', () => {
    const engine = new Engine({ seed: 1, tty: true });
    engine.run('docker pull alpine');
    const r = engine.run('docker run -i --name sl alpine sleep 600');
    const before = engine.trace.length;
    engine.interrupt(r.id);
    expect(engine.trace.slice(before).some((m) => m.operation.endsWith('/kill?signal=INT'))).toBe(
      true,
    );
  });
});

describe('the seccomp count (moby v28.5.2 vendor/github.com/moby/profiles/seccomp/default.json)', () => {
  it('the spec’s list is an abridged sample; the real count is pinned as counted', () => {
    // Counted with a script over default.json: the distinct names of the SCMP_ACT_ALLOW rules
    // that carry neither `includes` nor `excludes` = 363; distinct names in all rules = 426.
    expect(SECCOMP_DEFAULT_UNCONDITIONAL_ALLOWED).toBe(363);
    expect(SECCOMP_DEFAULT_NAMED).toBe(426);
    expect(SECCOMP_ALLOWED_SAMPLE.length).toBeLessThan(SECCOMP_DEFAULT_UNCONDITIONAL_ALLOWED);
  });
});
