/**
 * Observing containers (issue 14, obs): network/volume inspect --format, docker port,
 * docker top, docker events, docker cp, --pull and --platform. Expected lines are the
 * real docker CLI 28.2.2's (its formatters read in docker/cli v28.2.2) over moby v28.2.2's answers.
 */
import { describe, expect, it } from 'vitest';
import { clientExchange, session } from './helpers';
import { Engine } from '../engine';

const out = (r: { stdout: string; stderr: string; exitCode: number | null }) => ({
  stdout: r.stdout,
  stderr: r.stderr,
  exit: r.exitCode,
});

describe('network inspect and volume inspect --format', () => {
  const { engine, results } = session([
    'docker network create appnet',
    'docker volume create data',
    "docker network inspect -f '{{.Name}} {{.Driver}} {{.Scope}}' appnet bridge",
    "docker volume inspect --format '{{.Name}} {{.Driver}} {{.Mountpoint}}' data",
    "docker network inspect -f '{{.Name}}' nosuch",
    "docker volume inspect -f '{{.Name}}' data nosuch",
    "docker volume inspect -f '{{.Name' data",
  ]);
  const r = (i: number) => results[i]!;

  it('runs the template on each network, as docker inspect does', () => {
    expect(out(r(2))).toEqual({
      stdout: 'appnet bridge local\nbridge bridge local\n',
      stderr: '',
      exit: 0,
    });
    expect(clientExchange(engine, r(2)).filter((l) => l.startsWith('→'))).toEqual([
      '→ HEAD /_ping',
      '→ GET /v1.50/networks/appnet',
      '→ GET /v1.50/networks/bridge',
    ]);
  });

  it('runs the template on each volume', () => {
    expect(out(r(3))).toEqual({
      stdout: 'data local /var/lib/docker/volumes/data/_data\n',
      stderr: '',
      exit: 0,
    });
  });

  it('prints what it found, then the errors', () => {
    expect(out(r(4))).toEqual({
      stdout: '\n',
      stderr: 'Error response from daemon: network nosuch not found\n',
      exit: 1,
    });
    expect(out(r(5))).toEqual({
      stdout: 'data\n',
      stderr: 'Error response from daemon: get nosuch: no such volume\n',
      exit: 1,
    });
  });

  it('refuses a bad template before any request, with exit 64', () => {
    expect(r(6).exitCode).toBe(64);
    expect(r(6).stderr).toMatch(/^template parsing error: /);
  });
});

describe('docker port', () => {
  const { engine, results } = session([
    'docker run -d --name web -p 8080:80 -p 127.0.0.1:9000:9000/udp nginx',
    'docker port web',
    'docker port web 80',
    'docker container port web 9000/udp',
    'docker port web 81',
    'docker port web abc',
    'docker port',
    'docker port nosuch',
  ]);
  const r = (i: number) => results[i]!;

  it('lists every mapping, IPv6 in brackets, sorted as the CLI sorts them', () => {
    expect(out(r(1))).toEqual({
      stdout: '80/tcp -> 0.0.0.0:8080\n80/tcp -> [::]:8080\n9000/udp -> 127.0.0.1:9000\n',
      stderr: '',
      exit: 0,
    });
    // No route of its own: the CLI reads the container's record.
    expect(clientExchange(engine, r(1)).filter((l) => l.startsWith('→'))).toEqual([
      '→ HEAD /_ping',
      '→ GET /v1.50/containers/web/json',
    ]);
  });

  it('prints the host side of one port (tcp unless a protocol is given)', () => {
    expect(out(r(2))).toEqual({ stdout: '0.0.0.0:8080\n[::]:8080\n', stderr: '', exit: 0 });
    expect(out(r(3))).toEqual({ stdout: '127.0.0.1:9000\n', stderr: '', exit: 0 });
  });

  it('gives the CLI’s errors', () => {
    expect(out(r(4))).toEqual({
      stdout: '',
      stderr: "Error: No public port '81' published for web\n",
      exit: 1,
    });
    expect(out(r(5))).toEqual({
      stdout: '',
      stderr: 'Error: invalid port (abc): strconv.ParseUint: parsing "abc": invalid syntax\n',
      exit: 1,
    });
    expect(out(r(6))).toEqual({
      stdout: '',
      stderr:
        "docker: 'docker port' requires at least 1 and at most 2 arguments\n\nUsage:  docker port CONTAINER [PRIVATE_PORT[/PROTO]]\n\nRun 'docker port --help' for more information\n",
      exit: 1,
    });
    expect(out(r(7))).toEqual({
      stdout: '',
      stderr: 'Error response from daemon: No such container: nosuch\n',
      exit: 1,
    });
  });
});

describe('docker top', () => {
  const { engine, results } = session([
    'docker run -d --name box alpine sleep 1000',
    'docker exec -d box sleep 50',
    'docker top box',
    'docker top box aux',
    'docker stop -t 0 box',
    'docker top box',
    "docker top box -o 'user=PID'",
  ]);
  const r = (i: number) => results[i]!;

  it('asks containerd for the task’s PIDs, then runs the host’s ps (moby ContainerTop)', () => {
    const hops = engine.trace
      .filter((m) => m.commandId === r(2).id && m.kind === 'request')
      .map((m) => `${m.from} → ${m.to}: ${m.operation}`)
      .map((l) => l.replace(/[0-9a-f]{64}/g, '<id>').replace(/shim-[0-9a-f]{12}/, 'shim'));
    expect(hops).toEqual([
      'client → dockerd: HEAD /_ping',
      'client → dockerd: GET /v1.50/containers/box/top',
      'dockerd → containerd: containerd.services.tasks.v1.Tasks/ListPids',
      'containerd → shim: containerd.task.v2.Task/Pids',
      'shim → runc: runc ps',
      'runc → kernel: read /sys/fs/cgroup/system.slice/docker-<id>.scope/cgroup.procs',
      'dockerd → kernel: ps -ef -q1201,1202',
    ]);
  });

  it('prints the host’s PIDs, the shim as PID 1’s parent, in a 20-wide tabwriter', () => {
    expect(out(r(2))).toEqual({
      stdout: [
        'UID                 PID                 PPID                C                   STIME               TTY                 TIME                CMD',
        'root                1201                1200                0                   09:00               ?                   00:00:00            sleep 1000',
        'root                1202                1200                0                   09:00               ?                   00:00:00            sleep 50',
        '',
      ].join('\n'),
      stderr: '',
      exit: 0,
    });
    expect(r(3).stdout.split('\n')[0]).toBe(
      'USER                PID                 %CPU                %MEM                VSZ                 RSS                 TTY                 STAT                START               TIME                COMMAND',
    );
  });

  it('refuses a stopped container as moby does (409, its full ID)', () => {
    expect(r(5).stderr).toMatch(
      /^Error response from daemon: container [0-9a-f]{64} is not running\n$/,
    );
    expect(r(5).exitCode).toBe(1);
  });

  it('refuses a ps option that renames the PID column', () => {
    expect(r(6).stderr).toBe('Error response from daemon: specifying "user=PID" is not allowed\n');
  });
});

describe('docker events', () => {
  const engine = new Engine({ seed: 1 });
  engine.run('docker pull alpine');
  const stream = engine.run('docker events');
  engine.advance(1000);
  engine.run('docker run -d --name web -v data:/data alpine sleep 100');
  engine.advance(1000);
  engine.run('docker exec web true');
  engine.run('docker rename web api');
  engine.run('docker stop -t 1 api');
  engine.run('docker rm api');
  engine.advance(1000);
  const stillOpen = stream.exitCode;
  engine.interrupt(stream.id);
  const past = engine.run(
    "docker events --since 1h --until 0s --filter container=api --format '{{.Action}} {{.Actor.Attributes.name}}'",
  );
  const json = engine.run(
    "docker events --since 1h --until 0s --filter event=exec_start --format '{{json .}}'",
  );
  const images = engine.run(
    "docker events --since 2026-01-15T08:00:00Z --until 0s --filter type=image --format '{{.Type}} {{.Action}} {{.Actor.ID}} {{.Actor.Attributes.name}}'",
  );
  const badFormat = engine.run("docker events --format '{{.Foo}}'");
  const badSince = engine.run('docker events --since bogus');
  const actions = (text: string) =>
    text
      .trim()
      .split('\n')
      .map((l) => l.split(' ').slice(1, 3).join(' '));

  it('streams until Ctrl-C, then exits 130 with nothing more', () => {
    expect(stillOpen).toBeNull();
    expect(stream.exitCode).toBe(130);
    expect(stream.stderr).toBe('');
  });

  it('prints every action in moby’s order, one line each', () => {
    expect(actions(stream.stdout)).toEqual([
      'volume create',
      'container create',
      'network connect',
      'volume mount',
      'container start',
      'container exec_create:',
      'container exec_start:',
      'container exec_die',
      'container rename',
      'container kill',
      'container kill',
      'network disconnect',
      'volume unmount',
      'container die',
      'container stop',
      'container destroy',
    ]);
  });

  it('writes the CLI’s default line: fixed nanoseconds, type, action, ID, sorted attributes', () => {
    const lines = stream.stdout.split('\n');
    expect(lines[1]).toMatch(
      /^2026-01-15T09:00:0\d\.\d{9}Z container create [0-9a-f]{64} \(image=alpine, name=web\)$/,
    );
    expect(lines.find((l) => l.includes(' die '))).toMatch(
      / container die [0-9a-f]{64} \(execDuration=\d+, exitCode=137, image=alpine, name=api\)$/,
    );
    expect(lines.find((l) => l.includes(' rename '))).toMatch(
      /\(image=alpine, name=api, oldName=\/web\)$/,
    );
    expect(lines.find((l) => l.includes('exec_start'))).toMatch(
      / container exec_start: true {2}[0-9a-f]{64} \(execID=[0-9a-f]{64}, image=alpine, name=web\)$/,
    );
    expect(lines.find((l) => l.includes('volume mount'))).toMatch(
      /volume mount data \(container=[0-9a-f]{64}, destination=\/data, driver=local, propagation=, read\/write=true\)$/,
    );
    expect(lines.find((l) => l.includes('network connect'))).toMatch(
      /network connect [0-9a-f]{64} \(container=[0-9a-f]{64}, name=bridge, type=bridge\)$/,
    );
  });

  it('with --since and --until reads the kept events and ends; filters match ID or name prefix', () => {
    expect(past.exitCode).toBe(0);
    expect(past.stdout).toBe('rename api\nkill api\nkill api\ndie api\nstop api\ndestroy api\n');
    const sent = engine.trace.find(
      (m) => m.commandId === past.id && m.kind === 'request' && m.operation.startsWith('GET'),
    )!.request as { query: Record<string, string> };
    expect(sent.query.filters).toBe('{"container":{"api":true}}');
    expect(sent.query.since).toMatch(/^\d{10}$/);
  });

  it('sends the message as the Engine API has it, deprecated fields included', () => {
    const m = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(Object.keys(m)).toEqual([
      'status',
      'id',
      'from',
      'Type',
      'Action',
      'Actor',
      'scope',
      'time',
      'timeNano',
    ]);
    expect(m.Action).toBe('exec_start: true ');
    expect(m.from).toBe('alpine');
    expect(m.scope).toBe('local');
    expect(String(m.timeNano).slice(0, 10)).toBe(String(m.time));
  });

  it('logs image pull by reference and rmi as untag then delete', () => {
    expect(images.stdout.split('\n')[0]).toBe('image pull alpine:latest alpine');
  });

  it('refuses a bad template with exit 64 and a bad time with the client library’s error', () => {
    expect(out(badFormat)).toEqual({
      stdout: '',
      stderr:
        'Error parsing format: template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type *events.Message\n',
      exit: 64,
    });
    expect(out(badSince)).toEqual({
      stdout: '',
      stderr: 'failed to parse value as time or duration: "bogus"\n',
      exit: 1,
    });
  });
});

describe('docker run --pull', () => {
  const { engine, results } = session([
    'docker run --pull never alpine echo hi',
    'docker create --pull bogus alpine',
    'docker pull alpine',
    'docker run --pull always --rm alpine echo hi',
    'docker run --pull=never --rm alpine echo hi',
  ]);
  const r = (i: number) => results[i]!;
  const sent = (i: number) =>
    clientExchange(engine, r(i))
      .filter((l) => l.startsWith('→'))
      .map((l) => l.replace(/[0-9a-f]{64}/, '<id>').replace(/\?.*$/, ''));

  it('never: the daemon’s 404 is the error, nothing is pulled', () => {
    expect(out(r(0))).toEqual({
      stdout: '',
      stderr:
        "docker: Error response from daemon: No such image: alpine:latest\n\nRun 'docker run --help' for more information\n",
      exit: 125,
    });
    expect(sent(0)).toEqual(['→ HEAD /_ping', '→ POST /v1.50/containers/create']);
    expect(r(4).stdout).toBe('hi\n');
  });

  it('refuses an unknown policy as validatePullOpt does', () => {
    expect(out(r(1))).toEqual({
      stdout: '',
      stderr:
        'docker: invalid pull option: \'bogus\': must be one of "always", "missing" or "never"\n\nRun \'docker create --help\' for more information\n',
      exit: 125,
    });
  });

  it('always: pulls before creating, even when the image is there', () => {
    expect(sent(3).slice(0, 3)).toEqual([
      '→ HEAD /_ping',
      '→ POST /v1.50/images/create',
      '→ POST /v1.50/containers/create',
    ]);
    expect(r(3).stderr).toBe(
      'latest: Pulling from library/alpine\nDigest: sha256:4340ce16c38965186f87ccb65dce1db2dd32c371f130e22a68fa19bda692104b\nStatus: Image is up to date for alpine:latest\n',
    );
    expect(r(3).stdout).toBe('hi\n');
  });
});

describe('docker cp', () => {
  const { engine, results } = session([
    'docker run -d --name web alpine sleep 1000',
    'docker cp web:/etc/hostname /tmp/h',
    'cat /tmp/h',
    'docker cp web:/nope /tmp/x',
    'echo hello > notes.txt',
    'docker cp notes.txt web:/tmp/',
    'docker exec web cat /tmp/notes.txt',
    'docker diff web',
    'docker cp notes.txt web:/root/renamed.txt',
    'docker stop -t 0 web',
    'docker cp web:/root/renamed.txt .',
    'cat renamed.txt',
    'docker cp notes.txt web:/nope/x',
    'docker cp missing.txt web:/tmp',
    'docker cp a b',
  ]);
  const r = (i: number) => results[i]!;
  const requests = (i: number) =>
    engine.trace
      .filter((m) => m.commandId === r(i).id && m.kind === 'request' && m.from === 'client')
      .map((m) => m.operation);

  it('copies a file out of a container into the learner’s machine (GET …/archive, a tar)', () => {
    expect(out(r(1))).toEqual({ stdout: '', stderr: '', exit: 0 });
    expect(requests(1)).toEqual([
      'HEAD /_ping',
      'GET /v1.50/containers/web/archive?path=%2Fetc%2Fhostname',
    ]);
    expect(r(2).stdout).toMatch(/^[0-9a-f]{12}\n$/);
    const answer = engine.trace.find(
      (m) =>
        m.commandId === r(1).id &&
        m.kind === 'response' &&
        m.to === 'client' &&
        m.status === 200 &&
        m.operation.startsWith('GET'),
    )!;
    const header = answer.responseHeaders!['X-Docker-Container-Path-Stat']!;
    expect(JSON.parse(atob(header))).toMatchObject({
      name: 'hostname',
      size: 13,
      mode: 420,
      linkTarget: '',
    });
  });

  it('gives moby’s error for a missing path, naming the container as typed', () => {
    expect(out(r(3))).toEqual({
      stdout: '',
      stderr: 'Error response from daemon: Could not find the file /nope in container web\n',
      exit: 1,
    });
    expect(r(12).stderr).toBe(
      'Error response from daemon: Could not find the file /nope in container web\n',
    );
  });

  it('copies a file in: HEAD the destination, then PUT the tar into its directory; it lands in the writable layer', () => {
    expect(requests(5)).toEqual([
      'HEAD /_ping',
      'HEAD /v1.50/containers/web/archive?path=%2Ftmp%2F',
      'PUT /v1.50/containers/web/archive?noOverwriteDirNonDir=true&path=%2Ftmp%2F',
    ]);
    expect(r(6).stdout).toBe('hello\n');
    expect(r(7).stdout).toBe('C /tmp\nA /tmp/notes.txt\n');
    // A destination that does not exist yet names the file: the tar goes into its parent.
    expect(requests(8).at(-1)).toBe(
      'PUT /v1.50/containers/web/archive?noOverwriteDirNonDir=true&path=%2Froot',
    );
  });

  it('works on a stopped container: dockerd mounts its root for the copy', () => {
    expect(out(r(10))).toEqual({ stdout: '', stderr: '', exit: 0 });
    expect(r(11).stdout).toBe('hello\n');
    const ops = engine.trace
      .filter((m) => m.commandId === r(10).id && m.kind === 'request' && m.from === 'dockerd')
      .map((m) => m.op);
    expect(ops).toEqual([
      'containerd.snapshots.mounts',
      'kernel.mount.overlay',
      'kernel.archive.read',
      'kernel.mount.unmount',
    ]);
  });

  it('gives the CLI’s own errors', () => {
    expect(r(13).stderr).toBe('lstat /home/learner/missing.txt: no such file or directory\n');
    expect(out(r(14))).toEqual({
      stdout: '',
      stderr: 'must specify at least one container source\n',
      exit: 1,
    });
  });

  it('with a terminal, ends with the tar stream’s size', () => {
    const engine2 = new Engine({ seed: 1, tty: true });
    engine2.run('docker run -d --name web alpine sleep 1000');
    engine2.run('echo hello > notes.txt');
    const cp = engine2.run('docker cp notes.txt web:/tmp/');
    expect(cp.stderr.endsWith('Successfully copied 2.05kB to web:/tmp/\n')).toBe(true);
    const back = engine2.run('docker cp web:/tmp/notes.txt /tmp/back');
    expect(back.stderr.endsWith('Successfully copied 2.05kB to /tmp/back\n')).toBe(true);
  });
});

describe('docker cp: directories, -, -a and -L', () => {
  const { engine, results } = session([
    'docker run -d --name box -v data:/data busybox sleep 1000',
    'docker exec box sh -c "mkdir -p /out/sub; echo one > /out/a; echo two > /out/sub/b; echo hi > /data/f"',
    'docker cp box:/out /tmp', // 2: into an existing directory, under its own name
    'cat /tmp/out/a /tmp/out/sub/b',
    'docker cp box:/out /tmp/copy', // 4: a new directory named by the destination
    'ls /tmp/copy /tmp/copy/sub',
    'docker cp box:/data/. /tmp/copy', // 6: `/.`: the content, into the existing directory
    'cat /tmp/copy/f',
    'docker cp box:/out/a /tmp/nodir/', // 8
    'docker cp box:/out /tmp/copy/a', // 9
    'docker cp box:/out/a /nope/x', // 10
    'docker cp /tmp/out box:/in', // 11: a new directory in the container
    'docker exec box ls /in /in/sub',
    'docker cp /tmp/out/. box:/data', // 13: the content into the volume
    'docker exec box ls /data',
    'docker cp box:/out/a -', // 15: the tar stream on stdout
    'docker cp box:/out/a - > /tmp/a.tar',
    'docker exec box rm /out/a',
    'docker cp - box:/out < /tmp/a.tar', // 18: a tar on stdin, into a directory
    'docker exec box cat /out/a',
    'docker cp - box:/out/sub/b < /tmp/a.tar', // 20
    'docker cp - box:/tmp', // 21: nothing redirected
    'echo garbage > /tmp/g.tar',
    'docker cp - box:/tmp < /tmp/g.tar', // 23
    'docker cp box:/etc /tmp', // 24: an image directory DockScope does not hold
    'docker cp -a -L box:/out/sub/b /tmp/b', // 25
    'docker cp -a /tmp/b box:/tmp', // 26
    'docker cp /tmp/out box:/out/a', // 27
    'docker diff box',
    'cat /tmp/copy', // 29
  ]);
  const r = (i: number) => results[i]!;
  const requests = (i: number) =>
    engine.trace
      .filter((m) => m.commandId === r(i).id && m.kind === 'request' && m.from === 'client')
      .map((m) => m.operation);

  it('copies a directory out: under its own name into a directory, as the destination when new', () => {
    expect(out(r(2))).toEqual({ stdout: '', stderr: '', exit: 0 });
    expect(r(3).stdout).toBe('one\ntwo\n');
    expect(out(r(4))).toEqual({ stdout: '', stderr: '', exit: 0 });
    expect(r(5).stdout).toBe('/tmp/copy:\na\nsub\n\n/tmp/copy/sub:\nb\n');
    // `DIR/.` is what is in DIR: the volume's file lands beside the copy's.
    expect(out(r(6))).toEqual({ stdout: '', stderr: '', exit: 0 });
    expect(r(7).stdout).toBe('hi\n');
  });

  it('gives go-archive’s and the CLI’s errors for the local side', () => {
    expect(out(r(8))).toEqual({ stdout: '', stderr: 'no such directory\n', exit: 1 });
    expect(out(r(9))).toEqual({ stdout: '', stderr: 'cannot copy directory\n', exit: 1 });
    expect(out(r(10))).toEqual({
      stdout: '',
      stderr: 'invalid output path: directory "/nope" does not exist\n',
      exit: 1,
    });
    expect(out(r(27))).toEqual({ stdout: '', stderr: 'cannot copy directory\n', exit: 1 });
  });

  it('copies a directory in: the tar is rebased to the new name and unpacked in its parent', () => {
    expect(requests(11)).toEqual([
      'HEAD /_ping',
      'HEAD /v1.50/containers/box/archive?path=%2Fin',
      'PUT /v1.50/containers/box/archive?noOverwriteDirNonDir=true&path=%2F',
    ]);
    expect(r(12).stdout).toBe('/in:\na\nsub\n\n/in/sub:\nb\n');
    expect(r(14).stdout).toBe('a\nf\nsub\n');
  });

  it('- writes the tar stream’s bytes to stdout, and reads one from stdin', () => {
    const tar = r(15).stdout;
    expect(tar.length).toBe(2048); // a header, one block of content, two zero blocks
    expect(tar.slice(0, 2)).toBe('a\0');
    expect(tar.slice(257, 265)).toBe('ustar\x0000');
    expect(tar.slice(512, 516)).toBe('one\n');
    expect(requests(15)).toEqual([
      'HEAD /_ping',
      'GET /v1.50/containers/box/archive?path=%2Fout%2Fa',
    ]);
    expect(out(r(18))).toEqual({ stdout: '', stderr: '', exit: 0 });
    expect(requests(18)).toEqual([
      'HEAD /_ping',
      'HEAD /v1.50/containers/box/archive?path=%2Fout',
      'PUT /v1.50/containers/box/archive?noOverwriteDirNonDir=true&path=%2Fout',
    ]);
    expect(r(19).stdout).toBe('one\n');
    expect(out(r(20))).toEqual({
      stdout: '',
      stderr: 'destination "box:/out/sub/b" must be a directory\n',
      exit: 1,
    });
    expect(r(21).stderr).toMatch(/^DockScope: reading a tar stream typed at this terminal/);
    // Go's archive/tar: eight bytes are a cut header block.
    expect(out(r(23))).toEqual({
      stdout: '',
      stderr: 'Error response from daemon: unexpected EOF\n',
      exit: 1,
    });
  });

  it('says when a directory is the image’s and DockScope does not hold it', () => {
    expect(r(24).stderr).toMatch(
      /^Error response from daemon: DockScope: \/etc is the image's directory/,
    );
  });

  it('-L stats the source first; -a asks dockerd to copy the owners', () => {
    expect(out(r(25))).toEqual({ stdout: '', stderr: '', exit: 0 });
    expect(requests(25)).toEqual([
      'HEAD /_ping',
      'HEAD /v1.50/containers/box/archive?path=%2Fout%2Fsub%2Fb',
      'GET /v1.50/containers/box/archive?path=%2Fout%2Fsub%2Fb',
    ]);
    expect(requests(26).at(-1)).toBe(
      'PUT /v1.50/containers/box/archive?copyUIDGID=true&noOverwriteDirNonDir=true&path=%2Ftmp',
    );
  });

  it('the learner’s machine keeps the directories it received', () => {
    expect(out(r(29))).toEqual({ stdout: '', stderr: 'cat: /tmp/copy: Is a directory\n', exit: 1 });
  });

  it('what came in is in the writable layer or the volume', () => {
    expect(r(28).stdout).toBe(
      'A /data\nA /in\nA /in/a\nA /in/sub\nA /in/sub/b\nA /out\nA /out/a\nA /out/sub\nA /out/sub/b\nC /tmp\nA /tmp/b\n',
    );
  });
});

describe('--platform', () => {
  const { engine, results } = session([
    'docker pull alpine',
    'docker run --platform linux/arm64 alpine echo hi',
    'docker run alpine echo hi',
    "docker image inspect -f '{{.Architecture}} {{.Variant}}' alpine",
    'docker run --platform foo alpine',
  ]);
  const r = (i: number) => results[i]!;

  it('asks create for the platform; its 404 makes the CLI pull that platform, then create again', () => {
    expect(
      engine.trace
        .filter((m) => m.commandId === r(1).id && m.kind === 'request' && m.from === 'client')
        .map((m) => m.operation)
        .slice(0, 4),
    ).toEqual([
      'HEAD /_ping',
      'POST /v1.50/containers/create?platform=linux%2Farm64',
      'POST /v1.50/images/create?fromImage=docker.io%2Flibrary%2Falpine&platform=linux%2Farm64&tag=latest',
      'POST /v1.50/containers/create?platform=linux%2Farm64',
    ]);
    const first = engine.trace.find(
      (m) =>
        m.commandId === r(1).id && m.kind === 'response' && m.to === 'client' && m.status === 404,
    )!;
    expect((first.response as { message: string }).message).toBe(
      'image with reference alpine was found but does not provide the specified platform (linux/arm64)',
    );
  });

  it('on this amd64 host the arm64 binary cannot run: runc init prints the execve error and exits 255', () => {
    expect(r(1).stderr.endsWith('exec /bin/echo: exec format error\n')).toBe(true);
    expect(r(1).exitCode).toBe(255);
    expect(r(3).stdout).toBe('arm64 v8\n');
  });

  it('warns about the mismatch only when no platform was asked for', () => {
    expect(r(1).stderr).not.toContain('WARNING');
    expect(r(2).stderr).toBe(
      "WARNING: The requested image's platform (linux/arm64/v8) does not match the detected host platform (linux/amd64/v3) and no specific platform was requested\nexec /bin/echo: exec format error\n",
    );
  });

  it('refuses a platform the CLI cannot parse', () => {
    expect(out(r(4))).toEqual({
      stdout: '',
      stderr:
        'docker: error parsing specified platform: "foo": unknown operating system or architecture: invalid argument\n\nRun \'docker run --help\' for more information\n',
      exit: 125,
    });
  });
});

describe('events from the other owners of dockerd (issue 14)', () => {
  it('pause, unpause, update, health_status and oom are logged as moby logs them', () => {
    const engine = new Engine({ seed: 5 });
    engine.run('docker pull alpine');
    engine.run(
      'docker run -d --name hc -m 64m --health-cmd true --health-interval 1s alpine sleep 1000',
    );
    engine.advance(3000);
    engine.run('docker pause hc');
    engine.run('docker unpause hc');
    engine.run('docker update -m 128m --memory-swap 256m hc');
    engine.run("docker run --name hog -m 32m alpine sh -c 'tail /dev/zero'");
    // --until 0s is now, in whole seconds: let the last events fall before it.
    engine.advance(2000);
    const r = engine.run(
      "docker events --since 1h --until 0s --filter container=hc --filter container=hog --format '{{.Action}} {{.Actor.Attributes.name}}'",
    );
    const actions = r.stdout.split('\n').filter(Boolean);
    expect(actions).toEqual(
      expect.arrayContaining([
        'health_status: healthy hc',
        'pause hc',
        'unpause hc',
        'update hc',
        'oom hog',
      ]),
    );
    expect(actions.indexOf('pause hc')).toBeLessThan(actions.indexOf('unpause hc'));
  });
});
