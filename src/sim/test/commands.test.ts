import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { clientExchange, messagesOf, normaliseIds, session } from './helpers';

describe('client ⇄ dockerd request sequences (docker-internals.md §1)', () => {
  it('docker version: ping, then GET /version', () => {
    const { engine, results } = session(['docker version']);
    expect(clientExchange(engine, results[0]!)).toEqual([
      '→ HEAD /_ping',
      '← 200',
      '→ GET /v1.50/version',
      '← 200',
    ]);
    expect(results[0]!.stdout).toContain('Server: Docker Engine - Community');
    expect(results[0]!.stdout).toContain('  API version:      1.50 (minimum version 1.24)');
  });

  it('docker run -d (image absent): 404, pull, create, wait next-exit, start', () => {
    const { engine, results } = session(['docker run -d -p 8080:80 --name web nginx']);
    const r = results[0]!;
    expect(normaliseIds(clientExchange(engine, r))).toEqual([
      '→ HEAD /_ping',
      '← 200',
      '→ POST /v1.50/containers/create?name=web',
      '← 404',
      '→ POST /v1.50/images/create?fromImage=docker.io%2Flibrary%2Fnginx&tag=latest',
      '← 200',
      '→ POST /v1.50/containers/create?name=web',
      '← 201',
      '→ POST /v1.50/containers/<id>/wait?condition=next-exit',
      '← 200',
      '→ POST /v1.50/containers/<id>/start',
      '← 204',
    ]);
    expect(r.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    expect(r.stderr).toMatch(
      /^Unable to find image 'nginx:latest' locally\nlatest: Pulling from library\/nginx\n/,
    );
    expect(r.stderr).toMatch(/Status: Downloaded newer image for nginx:latest\n$/);
    expect(r.exitCode).toBe(0);
  });

  it('docker run in the foreground attaches first, then waits, then starts', () => {
    const { engine, results } = session(['docker pull alpine', 'docker run alpine echo hi']);
    const r = results[1]!;
    expect(normaliseIds(clientExchange(engine, r))).toEqual([
      '→ HEAD /_ping',
      '← 200',
      '→ POST /v1.50/containers/create',
      '← 201',
      '→ POST /v1.50/containers/<id>/attach?stderr=1&stdout=1&stream=1',
      '← 101',
      '→ POST /v1.50/containers/<id>/wait?condition=next-exit',
      '← 200',
      '→ POST /v1.50/containers/<id>/start',
      '← 204',
    ]);
    expect(r.stdout).toBe('hi\n');
    expect(r.exitCode).toBe(0);
  });

  it('docker run --rm waits for removal and the container is gone afterwards', () => {
    const { engine, results } = session(['docker run --rm alpine echo bye', 'docker ps -aq']);
    expect(normaliseIds(clientExchange(engine, results[0]!))).toContain(
      '→ POST /v1.50/containers/<id>/wait?condition=removed',
    );
    expect(results[0]!.stdout).toBe('bye\n');
    expect(results[1]!.stdout).toBe('');
  });

  it('ps, stop, start, restart, kill, rm, logs, rmi send the documented requests', () => {
    const lines = [
      'docker run -d --name web nginx',
      'docker ps',
      'docker ps -a',
      'docker logs web',
      'docker stop web',
      'docker start web',
      'docker restart web',
      'docker kill web',
      'docker rm web',
      'docker rmi nginx',
    ];
    const { engine, results } = session(lines);
    const requests = results
      .slice(1)
      .map((r) =>
        normaliseIds(clientExchange(engine, r)).filter(
          (l) => l.startsWith('→') && !l.includes('_ping'),
        ),
      );
    expect(requests).toEqual([
      ['→ GET /v1.50/containers/json'],
      ['→ GET /v1.50/containers/json?all=1'],
      [
        '→ GET /v1.50/containers/web/json',
        '→ GET /v1.50/containers/<id>/logs?stderr=1&stdout=1&tail=all',
      ],
      ['→ POST /v1.50/containers/web/stop'],
      ['→ POST /v1.50/containers/web/start'],
      ['→ POST /v1.50/containers/web/restart'],
      ['→ POST /v1.50/containers/web/kill'],
      ['→ DELETE /v1.50/containers/web'],
      ['→ DELETE /v1.50/images/nginx'],
    ]);
    expect(results.slice(4, 9).map((r) => r.stdout)).toEqual([
      'web\n',
      'web\n',
      'web\n',
      'web\n',
      'web\n',
    ]);
    expect(results[9]!.stdout).toMatch(/^Untagged: nginx:latest\nDeleted: sha256:[0-9a-f]{64}\n$/);
    expect(results.every((r) => r.exitCode === 0)).toBe(true);
  });

  it('a second pull of an image sharing base layers neither downloads nor lists the shared layer', () => {
    // The containerd store's unpacker finds the shared layer's snapshot and
    // never hands it to the fetch handlers: no line at all, not even
    // "Already exists" (that is the graph-driver store's way).
    const { engine, results } = session(['docker pull nginx', 'docker pull redis']);
    const nginxLayers = results[0]!.stdout.match(/^[0-9a-f]{12}: Pulling fs layer$/gm)!;
    const redisLayers = results[1]!.stdout.match(/^[0-9a-f]{12}: Pulling fs layer$/gm)!;
    const shared = nginxLayers[0]!.slice(0, 12);
    expect(results[1]!.stdout).not.toContain(shared);
    expect(results[1]!.stdout).not.toMatch(/Already exists/);
    expect(redisLayers.length).toBeGreaterThan(0);
    const downloads = messagesOf(engine, results[1]!).filter(
      (m) => m.kind === 'request' && m.operation.includes(`/blobs/sha256:${shared}`),
    );
    expect(downloads).toEqual([]);
  });

  it('pulling an image that is present says it is up to date', () => {
    const { results } = session(['docker pull alpine', 'docker pull alpine']);
    expect(results[1]!.stdout).toMatch(
      /^Using default tag: latest\nlatest: Pulling from library\/alpine\nDigest: sha256:[0-9a-f]{64}\nStatus: Image is up to date for alpine:latest\ndocker.io\/library\/alpine:latest\n$/,
    );
  });
});

describe('what containers do', () => {
  it('hello-world prints its greeting and exits 0', () => {
    const { results } = session(['docker run hello-world']);
    expect(results[0]!.stdout).toMatch(
      /^\nHello from Docker!\nThis message shows that your installation appears to be working correctly\.\n/,
    );
    expect(results[0]!.exitCode).toBe(0);
  });

  it('alpine with no command exits at once; sh -c keeps streams and exit code apart', () => {
    const { results } = session([
      'docker run alpine',
      "docker run alpine sh -c 'echo out; echo err >&2; exit 3'",
    ]);
    expect(results[0]!.exitCode).toBe(0);
    expect(results[1]).toMatchObject({ stdout: 'out\n', stderr: 'err\n', exitCode: 3 });
  });

  it('a missing executable fails at runc create with exit 127 and leaves the container Created', () => {
    const { results } = session([
      'docker pull alpine',
      'docker run --name bad alpine nosuch',
      'docker ps -a',
    ]);
    expect(results[1]!.stderr).toBe(
      'docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "nosuch": executable file not found in $PATH: unknown\n\nRun \'docker run --help\' for more information\n',
    );
    expect(results[1]!.exitCode).toBe(127);
    expect(results[2]!.stdout).toMatch(/Created\s+bad\n$/);
  });

  it('a file without the execute bit or a directory as the command: exit 126 (EACCES / EISDIR)', () => {
    const { engine, results } = session([
      'docker pull alpine',
      'docker run alpine /etc/passwd',
      'docker run alpine /etc/',
      'docker run hello-world /etc/hosts',
    ]);
    const prefix =
      'docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: ';
    expect(results[1]!.stderr.split('\n')[0]).toBe(
      `${prefix}"/etc/passwd": permission denied: unknown`,
    );
    // moby appends "permission denied" to EISDIR so that the CLI maps it to 126 too.
    expect(results[2]!.stderr.split('\n')[0]).toBe(
      `${prefix}"/etc/": is a directory: unknown: permission denied`,
    );
    expect(results[3]!.stderr).toContain('"/etc/hosts": permission denied');
    expect(results.slice(1).map((r) => r.exitCode)).toEqual([126, 126, 126]);
    // The start is refused as an invalid configuration (400), as moby's startInvalidConfigError.
    const starts = engine.trace.filter(
      (m) => m.kind === 'response' && m.from === 'dockerd' && /\/start$/.test(m.operation),
    );
    expect(starts.map((m) => m.status)).toEqual([400, 400, 400]);
  });

  it('nginx in the foreground stays attached until Ctrl-C, which the CLI forwards as SIGINT', () => {
    const { engine, results } = session(['docker run --name web nginx']);
    const r = results[0]!;
    expect(r.exitCode).toBeNull();
    expect(r.stderr).toContain('[notice] 1#1: start worker processes');
    engine.interrupt(r.id);
    expect(engine.trace.some((m) => m.operation.endsWith('/kill?signal=INT'))).toBe(true);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/signal 2 \(SIGINT\) received/);
  });

  it('docker stop on `sleep` (PID 1 ignores SIGTERM) waits 10 s, then SIGKILL: exit 137', () => {
    const { engine, results } = session([
      'docker run -d --name sleeper alpine sleep 600',
      'docker stop sleeper',
      'docker ps -a',
    ]);
    expect(results[1]!.exitCode).toBe(0);
    const stopMsgs = engine.trace.filter((m) => m.commandId === results[1]!.id);
    const started = stopMsgs[0]!.time;
    const ended = stopMsgs.at(-1)!.time;
    expect(ended - started).toBeGreaterThanOrEqual(10_000);
    expect(
      stopMsgs.some((m) => m.operation.startsWith('kill(') && m.operation.includes('SIGKILL')),
    ).toBe(true);
    expect(results[2]!.stdout).toMatch(/Exited \(137\)/);
  });
});

describe('errors users see', () => {
  it.each([
    [
      'docker foo',
      "docker: unknown command: docker foo\n\nRun 'docker --help' for more information\n",
      1,
    ],
    [
      'docker run --foo nginx',
      "unknown flag: --foo\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information\n",
      125,
    ],
    [
      'docker run',
      "docker: 'docker run' requires at least 1 argument\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nSee 'docker run --help' for more information\n",
      1,
    ],
    [
      'docker ps foo',
      "docker: 'docker ps' accepts no arguments\n\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information\n",
      1,
    ],
    [
      'docker pull NGINX',
      'invalid reference format: repository name (library/NGINX) must be lowercase\n',
      1,
    ],
    [
      'docker run -p 99999:80 nginx',
      "docker: invalid hostPort: 99999\n\nRun 'docker run --help' for more information\n",
      125,
    ],
    ['docker rm nosuch', 'Error response from daemon: No such container: nosuch\n', 1],
    ['docker rmi nosuch', 'Error response from daemon: No such image: nosuch:latest\n', 1],
    [
      'docker pull nosuch',
      "Error response from daemon: pull access denied for nosuch, repository does not exist or may require 'docker login'\n",
      1,
    ],
  ])('%s', (line, stderr, code) => {
    const { results } = session([line]);
    expect(results[0]).toMatchObject({ stderr, exitCode: code });
  });

  it('name conflicts, rm of a running container and rmi of an image in use are refused (409)', () => {
    const { results } = session([
      'docker run -d --name web nginx',
      'docker run -d --name web nginx',
      'docker rm web',
      'docker rmi nginx',
    ]);
    expect(results[1]!.stderr).toMatch(
      /^docker: Error response from daemon: Conflict\. The container name "\/web" is already in use by container "[0-9a-f]{64}"\. You have to remove \(or rename\) that container to be able to reuse that name\.\n/,
    );
    expect(results[1]!.exitCode).toBe(125);
    expect(results[2]!.stderr).toBe(
      'Error response from daemon: cannot remove container "/web": container is running: stop the container before removing or force remove\n',
    );
    expect(results[3]!.stderr).toMatch(
      /^Error response from daemon: conflict: unable to delete nginx:latest \(must be forced\) - container [0-9a-f]{12} is using its referenced image [0-9a-f]{12}\n$/,
    );
  });

  it('a port held by another container fails at start and leaves the container Created', () => {
    const { results } = session([
      'docker run -d -p 8080:80 --name web1 nginx',
      'docker run -d -p 8080:80 --name web2 nginx',
      'docker ps -a',
    ]);
    expect(results[1]!.stderr).toMatch(
      /Bind for 0\.0\.0\.0:8080 failed: port is already allocated/,
    );
    expect(results[1]!.exitCode).toBe(125);
    expect(results[2]!.stdout).toMatch(/Created\s+web2\n/);
  });
});

describe('interactive containers', () => {
  it('docker run -it alpine: typed lines reach the shell through dockerd; exit ends it with its code', () => {
    const engine = new Engine({ seed: 1, tty: true });
    engine.run('docker pull alpine');
    const r = engine.run('docker run -it --name box alpine');
    expect(r.exitCode).toBeNull();
    expect(r.stdout).toBe('/ # ');
    engine.stdin(r.id, 'echo hello\n');
    expect(r.stdout).toBe('/ # echo hello\r\nhello\r\n/ # ');
    expect(engine.trace.some((m) => m.from === 'client' && m.operation === 'stdin')).toBe(true);
    engine.stdin(r.id, 'exit 4\n');
    expect(r.exitCode).toBe(4);
  });

  it('Ctrl-D ends the input: the shell exits 0', () => {
    const engine = new Engine({ seed: 1, tty: true });
    engine.run('docker pull alpine');
    const r = engine.run('docker run -it alpine sh');
    engine.endInput(r.id);
    expect(r.exitCode).toBe(0);
  });

  it('progress bars follow the terminal width, as the real CLI draws them', () => {
    const narrow = new Engine({ seed: 1, tty: true, columns: 80 }).run('docker pull alpine').stdout;
    const wide = new Engine({ seed: 1, tty: true, columns: 140 }).run('docker pull alpine').stdout;
    expect(narrow).toMatch(/Downloading +[\d.]+[kM]B\/3\.624MB/);
    expect(narrow).not.toContain('[=');
    expect(wide).toMatch(/Downloading \[=+>\s+\] +[\d.]+[kM]B\/3\.624MB/);
  });
});

describe('Ctrl-C without a signal proxy', () => {
  it('ends docker logs -f with exit 130, and the host goes on', () => {
    const { engine, results } = session(['docker run -d --name web nginx', 'docker logs -f web']);
    const follow = results[1]!;
    expect(follow.exitCode).toBeNull();
    engine.interrupt(follow.id);
    expect(follow.exitCode).toBe(130);
    expect(engine.run('docker ps -q').stdout).toMatch(/^[0-9a-f]{12}\n$/);
    // The abandoned command finishing later (its container stops) must not end the process twice.
    engine.run('docker stop web');
    engine.advance(1000);
    expect(engine.host.scheduler.faults).toEqual([]);
    expect(follow.exitCode).toBe(130);
  });
});

describe('--rm edge cases (moby daemon/start.go, monitor.go)', () => {
  it('a --rm container whose start fails is removed, and the CLI waits for that before failing', () => {
    const { engine, results } = session(['docker run --rm alpine nosuchcmd', 'docker ps -aq']);
    expect(results[0]!.exitCode).toBe(127);
    expect(results[1]!.stdout).toBe('');
    // docker/cli reads the `wait?condition=removed` result before it prints the error.
    const removed = engine.trace.find(
      (m) => m.commandId === results[0]!.id && m.operation === 'wait result',
    )!;
    expect(results[0]!.output.at(-1)!.seq).toBeGreaterThanOrEqual(removed.seq);
  });

  it('docker restart keeps a --rm container', () => {
    const { results } = session([
      'docker run --rm -d --name keeper nginx',
      'docker restart keeper',
      'docker ps',
    ]);
    expect(results[1]).toMatchObject({ stdout: 'keeper\n', exitCode: 0 });
    expect(results[2]!.stdout).toMatch(/ keeper\n$/);
  });

  it('nginx logs the signal it got, and its workers still report SIGCHLD', () => {
    const { results } = session([
      'docker run -d --name web nginx',
      'docker stop web',
      'docker logs web',
    ]);
    expect(results[2]!.stderr).toMatch(/signal 3 \(SIGQUIT\) received, shutting down/);
    expect(results[2]!.stderr).toMatch(/signal 17 \(SIGCHLD\) received from/);
  });
});

describe('detached runs', () => {
  it('send wait but never receive its result: the CLI has exited by then (CLI 28)', () => {
    const { engine, results } = session(['docker run -d alpine echo hi', 'docker ps -a']);
    const waits = engine.trace.filter((m) => m.operation.includes('/wait?condition=next-exit'));
    expect(waits.map((m) => m.kind)).toEqual(['request', 'response']);
    expect(engine.trace.some((m) => m.operation === 'wait result')).toBe(false);
    expect(results[1]!.stdout).toMatch(/Exited \(0\)/);
  });

  it('HEAD answers from the registry carry headers and no body', () => {
    const { engine } = session(['docker pull alpine']);
    const heads = engine.trace.filter(
      (m) => m.kind === 'response' && m.from === 'registry' && m.operation.startsWith('HEAD '),
    );
    expect(heads.map((m) => m.status)).toEqual([401, 200]);
    for (const m of heads) expect(m.response).toBeUndefined();
  });
});
