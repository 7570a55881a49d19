import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { callDaemon, clientExchange, hops, messagesOf, normaliseIds } from './helpers';

/** An engine with `web` (alpine, `sleep 1000`) running. */
function withWeb(tty = false): Engine {
  const engine = new Engine({ seed: 1, tty });
  engine.run('docker run -d --name web alpine sleep 1000');
  engine.advance(1000);
  return engine;
}

const execIdOf = (engine: Engine) =>
  Object.keys(engine.host.dockerd.getSnapshot().context.execs).at(-1)!;

describe('docker exec (issue 13)', () => {
  it('the CLI inspects, creates the exec, starts it hijacked, then reads its exit code', () => {
    const engine = withWeb();
    const r = engine.run('docker exec web echo hi');
    expect([r.stdout, r.stderr, r.exitCode]).toEqual(['hi\n', '', 0]);
    expect(normaliseIds(clientExchange(engine, r))).toEqual([
      '→ HEAD /_ping',
      '← 200',
      '→ GET /v1.50/containers/web/json',
      '← 200',
      '→ POST /v1.50/containers/web/exec',
      '← 201',
      '→ POST /v1.50/exec/<id>/start',
      '← 101',
      '→ GET /v1.50/exec/<id>/json',
      '← 200',
    ]);
  });

  it('every hop below dockerd is a message: Tasks.Exec, Tasks.Start with the exec ID, runc exec, setns', () => {
    const engine = withWeb();
    const r = engine.run('docker exec web echo hi');
    // What follows the exec's start (its output, its exit) travels on no command's behalf.
    const from = messagesOf(engine, r)[0]!.seq;
    const below = hops(
      engine.trace.filter((m) => m.seq >= from),
      (m) => m.kind !== 'response' && m.from !== 'client' && m.to !== 'client',
    );
    expect(normaliseIds(below).map((l) => l.replace(/runc-process\d+/, 'runc-process<n>'))).toEqual(
      [
        'dockerd → containerd: containerd.services.containers.v1.Containers/Get',
        'dockerd → containerd: containerd.services.tasks.v1.Tasks/Exec',
        'containerd → shim-<id>: containerd.task.v2.Task/Exec',
        'containerd → dockerd: /tasks/exec-added',
        'dockerd → containerd: containerd.services.tasks.v1.Tasks/Start',
        'containerd → shim-<id>: containerd.task.v2.Task/Start',
        'shim-<id> → kernel: write /tmp/runc-process<n>',
        'shim-<id> → runc: runc exec',
        'runc → kernel: openat("/tmp/runc-process<n>", O_RDONLY)',
        'runc → kernel: setns(/proc/1201/ns/{ipc,uts,net,pid,mnt,cgroup})',
        'runc → kernel: write /sys/fs/cgroup/system.slice/docker-<id>.scope/cgroup.procs',
        'runc → kernel: execve("echo")',
        'container-<id> → dockerd: stdout',
        'kernel → shim-<id>: SIGCHLD → wait4(1202)',
        // The shim holds the exit of a process it is still starting until Start has answered.
        'shim-<id> → containerd: containerd.services.events.ttrpc.v1.Events/Forward',
        'containerd → dockerd: /tasks/exec-started',
        'containerd → dockerd: /tasks/exit',
        'dockerd → containerd: containerd.services.tasks.v1.Tasks/DeleteProcess',
        'containerd → shim-<id>: containerd.task.v2.Task/Delete',
      ],
    );
    const trace = engine.trace.filter((m) => m.seq >= from);
    const start = trace.findIndex((m) => m.op === 'shim.exec.start' && m.kind === 'response');
    const exit = trace.findIndex((m) => m.op === 'shim.events.exec-exit');
    expect(start).toBeGreaterThan(-1);
    expect(exit).toBeGreaterThan(start);
    const runc = trace.find((m) => m.op === 'runc.exec')!;
    expect((runc.request as { argv: string[] }).argv.slice(8)).toEqual([
      'exec',
      '--process',
      expect.stringMatching(/^\/tmp\/runc-process\d+$/),
      '--detach',
      '--pid-file',
      expect.stringMatching(
        /\/run\/containerd\/io\.containerd\.runtime\.v2\.task\/moby\/[0-9a-f]{64}\/[0-9a-f]{64}\.pid$/,
      ),
      expect.stringMatching(/^[0-9a-f]{64}$/),
    ]);
  });

  it('runs in the namespaces of PID 1: the same inode numbers, no new ones', () => {
    const engine = withWeb(true);
    const r = engine.run('docker exec -it web sh');
    const procs = Object.values(engine.host.kernel.getSnapshot().context.processes);
    const init = procs.find((p) => p.containerId && p.execId === undefined)!;
    const shell = procs.find((p) => p.execId !== undefined)!;
    expect(shell.namespaces).toEqual(init.namespaces);
    expect(shell.argv).toEqual(['sh']);
    engine.stdin(r.id, 'exit\n');
  });

  it('the exec has its own exit code; the container runs on; its output is not in the log', () => {
    const engine = withWeb();
    const r = engine.run(
      "docker exec -e GREETING=hello -w /tmp web sh -c 'echo $GREETING; pwd; exit 3'",
    );
    expect([r.stdout, r.exitCode]).toEqual(['hello\n/tmp\n', 3]);
    expect(engine.run('docker ps -q').stdout).toMatch(/^[0-9a-f]{12}\n$/);
    expect(engine.run('docker logs web').stdout).toBe('');
  });

  it('-t gives the exec a pty of its own: its line discipline writes \\r\\n, whatever the container has', () => {
    const engine = withWeb();
    expect(engine.run('docker exec -t web echo hi').stdout).toBe('hi\r\n');
    expect(engine.run('docker exec web echo hi').stdout).toBe('hi\n');
    engine.run('docker run -d -t --name tt alpine sleep 1000');
    expect(engine.run('docker exec tt echo hi').stdout).toBe('hi\n');
  });

  it('a missing command: the OCI runtime error on the stream, exit 127 as the CLI reads it', () => {
    const engine = withWeb();
    const r = engine.run('docker exec web foo');
    expect(r.stdout).toBe(
      'OCI runtime exec failed: exec failed: unable to start container process: exec: "foo": executable file not found in $PATH: unknown\r\n',
    );
    expect(r.exitCode).toBe(127);
    // libcontainerd deletes the process that failed to start; the shim still has it to delete.
    const deleted = messagesOf(engine, r).find(
      (m) => m.op === 'containerd.tasks.delete-process' && m.kind === 'response',
    );
    expect(deleted?.status).toBe('OK');
    expect(engine.host.dockerd.getSnapshot().context.execs[execIdOf(engine)]).toMatchObject({
      running: false,
      exitCode: 127,
    });
  });

  it('an unknown container, a stopped one, an unknown exec: the real errors', () => {
    const engine = withWeb();
    expect(engine.run('docker exec nosuch ls')).toMatchObject({
      stderr: 'Error response from daemon: No such container: nosuch\n',
      exitCode: 1,
    });
    engine.run('docker run --name done alpine true');
    const done = engine.run('docker exec done ls');
    expect(done.stderr).toMatch(
      /^Error response from daemon: container [0-9a-f]{64} is not running\n$/,
    );
    expect(done.exitCode).toBe(1);
    const nosuch = callDaemon(engine, 'local', 'GET', '/v1.50/exec/abc/json');
    expect([nosuch.status, nosuch.body]).toEqual([404, { message: 'No such exec instance: abc' }]);
  });

  it('flag and argument errors are the real CLI’s', () => {
    const engine = withWeb();
    expect(engine.run('docker exec web')).toMatchObject({
      stderr:
        "docker: 'docker exec' requires at least 2 arguments\n\nUsage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]\n\nSee 'docker exec --help' for more information\n",
      exitCode: 1,
    });
    expect(engine.run('docker attach')).toMatchObject({
      stderr:
        "docker: 'docker attach' requires 1 argument\n\nUsage:  docker attach [OPTIONS] CONTAINER\n\nRun 'docker attach --help' for more information\n",
      exitCode: 1,
    });
    expect(engine.run('docker exec --privileged web ls')).toMatchObject({
      stderr:
        "DockScope: --privileged is a real flag of 'docker exec', but DockScope does not simulate it yet.\n",
      exitCode: 125,
    });
    // In a script (no terminal) -it is refused before the exec is created.
    const script = new Engine({ seed: 1 });
    script.run('docker run -d --name web alpine sleep 1000');
    expect(script.run('docker exec -it web sh')).toMatchObject({
      stderr: 'the input device is not a TTY\n',
      exitCode: 1,
    });
  });

  it('-u: the exec runs as that user (runc sets process.user); an unknown name is refused at create', () => {
    const engine = withWeb();
    expect(engine.run('docker exec -u nobody web id').stdout).toBe(
      'uid=65534(nobody) gid=65534(nobody) groups=65534(nobody)\n',
    );
    expect(engine.run('docker exec -u nobody web ps').stdout).toMatch(/ nobody {4}0:00 ps\n$/);
    expect(engine.run('docker exec web whoami').stdout).toBe('root\n');
    expect(engine.run('docker exec -u nosuchuser web id')).toMatchObject({
      stderr:
        'Error response from daemon: unable to find user nosuchuser: no matching entries in passwd file\n',
      exitCode: 1,
    });
  });

  it('an exited exec stays inspectable for a while, then dockerd’s exec GC forgets it', () => {
    const engine = withWeb();
    engine.run('docker exec web true');
    const first = execIdOf(engine);
    engine.advance(5 * 60 * 1000);
    engine.run('docker exec web true');
    expect(callDaemon(engine, 'local', 'GET', `/v1.50/exec/${first}/json`).status).toBe(200);
    engine.advance(6 * 60 * 1000);
    engine.run('docker exec web true');
    expect(callDaemon(engine, 'local', 'GET', `/v1.50/exec/${first}/json`).status).toBe(404);
    expect(Object.keys(engine.host.dockerd.getSnapshot().context.execs)).toHaveLength(2);
  });

  it('GET /exec/{id}/json has moby’s ExecInspect shape', () => {
    const engine = withWeb();
    engine.run('docker exec --detach-keys ctrl-x,x -u nobody web true');
    const id = execIdOf(engine);
    const r = callDaemon(engine, 'local', 'GET', `/v1.50/exec/${id}/json`);
    expect(r.body).toEqual({
      ID: id,
      Running: false,
      ExitCode: 0,
      ProcessConfig: {
        tty: false,
        entrypoint: 'true',
        arguments: [],
        privileged: false,
        user: 'nobody',
      },
      OpenStdin: false,
      OpenStderr: true,
      OpenStdout: true,
      CanRemove: false,
      ContainerID: engine.run('docker ps -q --no-trunc').stdout.trim(),
      // ctrl-x,x is the bytes 0x18 0x78, which Go's JSON writes in base64.
      DetachKeys: 'GHg=',
      Pid: expect.any(Number),
    });
  });

  it('-it: a shell inside the container; ps shows PID 1, hostname the short ID, ls / the image plus what was written', () => {
    const engine = withWeb(true);
    const r = engine.run('docker exec -it web sh');
    expect(r.exitCode).toBeNull();
    engine.stdin(r.id, 'ps\n');
    expect(r.stdout).toContain(
      'PID   USER     TIME  COMMAND\r\n    1 root      0:00 sleep 1000\r\n    7 root      0:00 sh\r\n    8 root      0:00 ps\r\n',
    );
    engine.stdin(r.id, 'hostname\n');
    const id = engine.run('docker ps -q').stdout.trim();
    expect(r.stdout).toContain(`hostname\r\n${id}\r\n`);
    engine.stdin(r.id, 'touch /made-here; ls /\n');
    expect(r.stdout).toMatch(/made-here/);
    expect(r.stdout).toMatch(/\bbin\b[\s\S]*\busr\b/);
    engine.stdin(r.id, 'exit 4\n');
    expect(r.exitCode).toBe(4);
    // The input travelled as messages: client → dockerd → the exec's FIFO (shim) → the process.
    const stdin = messagesOf(engine, r).filter((m) => m.operation === 'stdin');
    expect(new Set(stdin.map((m) => m.op))).toEqual(
      new Set(['engine.exec.stdin', 'dockerd.exec.stdin', 'shim.stdin.copy']),
    );
    // With a terminal the CLI sized the exec's pty, and the size went down to the pty's master.
    expect(clientExchange(engine, r).filter((l) => l.includes('/resize'))).toHaveLength(1);
    const resizing = new Set([
      'engine.exec.resize',
      'containerd.tasks.resize-pty',
      'shim.task.resize-pty',
      'kernel.pty.resize',
    ]);
    const resize = messagesOf(engine, r).filter((m) => resizing.has(m.op));
    // It waited for the exec's start (moby waits on its Started channel), then went down to the pty.
    const started = messagesOf(engine, r).find((m) => m.operation === '/tasks/exec-started')!;
    expect(resize[1]!.seq).toBeGreaterThan(started.seq);
    expect(normaliseIds(hops(resize).map((l) => l.replace(/[0-9a-f]{64}/g, '<exec>')))).toEqual([
      'client → dockerd: POST /v1.50/exec/<exec>/resize?h=24&w=80',
      'dockerd → containerd: containerd.services.tasks.v1.Tasks/ResizePty',
      'containerd → shim-<id>: containerd.task.v2.Task/ResizePty',
      'shim-<id> → kernel: ioctl(TIOCSWINSZ, {ws_row=24, ws_col=80})',
      'kernel → shim-<id>: ioctl(TIOCSWINSZ, {ws_row=24, ws_col=80}) = 0',
      'shim-<id> → containerd: containerd.task.v2.Task/ResizePty = OK',
      'containerd → dockerd: containerd.services.tasks.v1.Tasks/ResizePty = OK',
      'dockerd → client: POST /v1.50/exec/<exec>/resize?h=24&w=80 = 200',
    ]);
    // Once the exec has exited its process is gone: dockerd says what the shim says.
    const execId = /\/exec\/([0-9a-f]{64})\/resize/.exec(resize[0]!.operation)![1]!;
    expect(
      callDaemon(engine, 'local', 'POST', `/v1.50/exec/${execId}/resize`, { h: '30', w: '100' }),
    ).toMatchObject({
      status: 404,
      body: { message: `process does not exist ${execId}: not found` },
    });
  });

  it('container inspect lists the execs that have not exited (ExecIDs), null when none', () => {
    const engine = withWeb(true);
    const inspect = () =>
      (
        callDaemon(engine, 'local', 'GET', '/v1.50/containers/web/json').body as {
          ExecIDs: unknown;
        }
      ).ExecIDs;
    expect(inspect()).toBeNull();
    const r = engine.run('docker exec -it web sh');
    expect(inspect()).toEqual([execIdOf(engine)]);
    engine.stdin(r.id, 'exit\n');
    expect(inspect()).toBeNull();
  });

  it('Ctrl-P Ctrl-Q detaches: "read escape sequence", exit 1, the exec’d shell runs on', () => {
    const engine = withWeb(true);
    const r = engine.run('docker exec -it web sh');
    engine.stdin(r.id, '\x10\x11');
    expect([r.stderr, r.exitCode]).toEqual(['read escape sequence\n', 1]);
    expect(engine.host.dockerd.getSnapshot().context.execs[execIdOf(engine)]!.running).toBe(true);
  });

  it('-d: started without a stream; ps in the container sees it', () => {
    const engine = withWeb();
    const d = engine.run('docker exec -d web sleep 50');
    expect([d.stdout, d.stderr, d.exitCode]).toEqual(['', '', 0]);
    expect(clientExchange(engine, d).filter((l) => l.startsWith('←'))).toEqual([
      '← 200',
      '← 200',
      '← 201',
      '← 200',
    ]);
    engine.advance(1000);
    expect(engine.run('docker exec web ps').stdout).toMatch(
      / {4}1 root {6}0:00 sleep 1000\n.*sleep 50\n.*ps\n$/s,
    );
  });

  it('stopping the container kills its exec’d processes: the exec exits 137', () => {
    const engine = withWeb(true);
    const r = engine.run('docker exec -it web sh');
    engine.run('docker kill web');
    engine.advance(2000);
    expect(r.exitCode).toBe(137);
  });
});

describe('the detach keys of docker run -it', () => {
  it('Ctrl-P Ctrl-Q ends docker run quietly with 0; the container runs on', () => {
    const engine = new Engine({ seed: 1, tty: true });
    engine.run('docker pull alpine');
    const r = engine.run('docker run -it --name box alpine sh');
    engine.stdin(r.id, '\x10\x11');
    expect([r.stderr, r.exitCode]).toEqual(['', 0]);
    expect(engine.run('docker ps -q').stdout).toMatch(/^[0-9a-f]{12}\n$/);
  });
});

describe('docker attach (issue 13)', () => {
  it('wait, inspect, attach, inspect again, resize; Ctrl-P Ctrl-Q detaches and the container runs on', () => {
    const engine = new Engine({ seed: 1, tty: true });
    engine.run('docker run -dit --name box alpine sh');
    engine.advance(1000);
    const r = engine.run('docker attach box');
    expect(normaliseIds(clientExchange(engine, r))).toEqual([
      '→ HEAD /_ping',
      '← 200',
      '→ POST /v1.50/containers/box/wait',
      '← 200',
      '→ GET /v1.50/containers/box/json',
      '← 200',
      '→ POST /v1.50/containers/box/attach?stderr=1&stdin=1&stdout=1&stream=1',
      '← 101',
      '→ GET /v1.50/containers/box/json',
      '← 200',
      '→ POST /v1.50/containers/box/resize?h=24&w=80',
      '← 200',
    ]);
    // The size reached the container's pty through containerd and the shim.
    expect(
      normaliseIds(
        hops(
          messagesOf(engine, r),
          (m) => m.kind === 'request' && /resize|ResizePty|TIOCSWINSZ/i.test(m.operation),
        ),
      ),
    ).toEqual([
      'client → dockerd: POST /v1.50/containers/box/resize?h=24&w=80',
      'dockerd → containerd: containerd.services.tasks.v1.Tasks/ResizePty',
      'containerd → shim-<id>: containerd.task.v2.Task/ResizePty',
      'shim-<id> → kernel: ioctl(TIOCSWINSZ, {ws_row=24, ws_col=80})',
    ]);
    engine.stdin(r.id, 'hostname\n');
    expect(r.stdout).toMatch(/^hostname\r\n[0-9a-f]{12}\r\n\/ # $/);
    engine.stdin(r.id, '\x10\x11');
    expect([r.stderr, r.exitCode]).toEqual(['read escape sequence\n', 1]);
    expect(engine.run('docker ps -q').stdout).toMatch(/^[0-9a-f]{12}\n$/);
    const again = engine.run('docker attach box');
    engine.stdin(again.id, 'exit 3\n');
    expect(again.exitCode).toBe(3);
    expect(engine.run('docker attach box')).toMatchObject({
      stderr: 'You cannot attach to a stopped container, start it first\n',
      exitCode: 1,
    });
  });

  it('--no-stdin sends no stdin=1; without a TTY Ctrl-C is forwarded as POST /kill (sig-proxy)', () => {
    const engine = new Engine({ seed: 1, tty: true });
    engine.run('docker run -d --name web nginx');
    engine.advance(2000);
    const r = engine.run('docker attach --no-stdin web');
    const attach = messagesOf(engine, r).find(
      (m) => m.op === 'engine.containers.attach' && m.kind === 'request',
    )!;
    expect((attach.request as { query: Record<string, string> }).query).toEqual({
      stream: '1',
      stdout: '1',
      stderr: '1',
    });
    engine.interrupt(r.id);
    engine.advance(3000);
    expect(clientExchange(engine, r)).toContain('→ POST /v1.50/containers/web/kill?signal=INT');
    expect(r.exitCode).toBe(0);
  });
});
