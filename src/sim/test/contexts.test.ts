import { describe, expect, it } from 'vitest';
import type { Message } from '../engine';
import { hops, messagesOf, session } from './helpers';

/** `fromHost/from → toHost/to: operation` for one command's messages with the client or the ssh programs at one end. */
function route(messages: readonly Message[]): string[] {
  return messages
    .filter((m) => [m.from, m.to].some((c) => ['client', 'ssh', 'sshd', 'dial-stdio'].includes(c)))
    .filter((m) => m.protocol !== 'stream')
    .map(
      (m) =>
        `${m.fromHost}/${m.from} → ${m.toHost}/${m.to}: ${m.operation}${m.kind === 'response' ? ` = ${String(m.status)}` : ''}`,
    );
}

describe('choosing the daemon: each command goes to the daemon its endpoint names', () => {
  it('node-2’s dockerd holds its own API port: a container cannot publish 2375 there, but can on local', () => {
    // moby v28.2.2 cmd/dockerd/daemon.go loadListeners → allocateDaemonPort (daemon_unix.go:75)
    // reserves each TCP listener's port in the port allocator containers draw from.
    const { results } = session([
      'docker -H tcp://node-2:2375 run -d -p 2375:80 --name api nginx',
      'docker run -d -p 2375:80 --name api nginx',
    ]);
    expect(results[0]!.exitCode).toBe(125);
    expect(results[0]!.stderr).toMatch(
      /Bind for 0\.0\.0\.0:2375 failed: port is already allocated\n/,
    );
    expect(results[1]!.exitCode).toBe(0);
  });

  it('-H tcp://node-2:2375 runs a container on node-2: it is listed there and not by the local daemon', () => {
    const { engine, results } = session([
      'docker -H tcp://node-2:2375 run -d --name web nginx',
      'docker -H tcp://node-2:2375 ps',
      'docker ps -a',
    ]);
    const [run, remotePs, localPs] = results;
    expect(run!.exitCode).toBe(0);
    const fromClient = messagesOf(engine, run!).filter((m) => m.from === 'client');
    expect(fromClient.length).toBeGreaterThan(0);
    expect(new Set(fromClient.map((m) => m.toHost))).toEqual(new Set(['node-2']));
    // Whatever node-2's daemon does for it (pull, containerd, runc) happens on node-2.
    expect(
      messagesOf(engine, run!)
        .filter((m) => m.to === 'runc' || m.to === 'containerd')
        .map((m) => m.toHost),
    ).not.toContain('local');
    expect(remotePs!.stdout).toMatch(/ nginx .* web\n$/);
    expect(localPs!.stdout).toBe(
      'CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n',
    );
  });

  it('container names are unique per daemon: web on local and web on node-2 are both fine', () => {
    const { results } = session([
      'docker run -d --name web nginx',
      'docker -H tcp://node-2:2375 run -d --name web nginx',
      'docker run -d --name web nginx',
    ]);
    expect(results.map((r) => r.exitCode)).toEqual([0, 0, 125]);
    expect(results[2]!.stderr).toContain('Conflict. The container name "/web" is already in use');
  });

  it('a TCP request names the daemon in its Host header and says it came in plain HTTP', () => {
    const { engine, results } = session(['docker -H node-2 ps']);
    const req = messagesOf(engine, results[0]!).find((m) =>
      m.operation.startsWith('GET /v1.50/containers/json'),
    );
    expect(req).toMatchObject({ fromHost: 'local', toHost: 'node-2' });
    expect(req!.request).toMatchObject({ headers: { Host: 'node-2:2375' }, via: 'http' });
  });

  it('--context, docker context use, DOCKER_CONTEXT and DOCKER_HOST pick the daemon with the real precedence', () => {
    const { engine, results } = session([
      'docker context create n2 --docker host=tcp://node-2:2375',
      'docker context create n3 --docker host=tcp://node-3:2376,ca=.docker/ca.pem,cert=.docker/cert.pem,key=.docker/key.pem',
      'docker --context n2 ps -q',
      'docker context use n2',
      'docker ps -q',
      'DOCKER_CONTEXT=n3 docker ps -q',
      'DOCKER_CONTEXT=n3 DOCKER_HOST=unix:///var/run/docker.sock docker ps -q',
      'DOCKER_HOST=tcp://node-2:2375 docker --context n3 ps -q',
      'docker context use default',
      'docker ps -q',
      'cat .docker/config.json',
    ]);
    const daemonOf = (i: number) => [
      ...new Set(
        messagesOf(engine, results[i]!)
          .filter((m) => m.from === 'client')
          .map((m) => m.toHost),
      ),
    ];
    expect(results.map((r) => r.exitCode)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(messagesOf(engine, results[0]!)).toEqual([]);
    expect(messagesOf(engine, results[3]!)).toEqual([]);
    expect(daemonOf(2)).toEqual(['node-2']);
    expect(daemonOf(4)).toEqual(['node-2']);
    expect(daemonOf(5)).toEqual(['node-3']);
    expect(daemonOf(6)).toEqual(['local']);
    expect(daemonOf(7)).toEqual(['node-3']);
    expect(daemonOf(9)).toEqual(['local']);
    // `use default` drops currentContext from config.json; the CLI writes it with tabs, no final newline.
    expect(results[10]!.stdout).toBe('{\n\t"auths": {}\n}');
  });

  it('typed input of docker run -i on node-2 goes to node-2’s daemon, on the attached connection', () => {
    const { engine, results } = session([
      'docker -H tcp://node-2:2375 run -i --name echo alpine cat',
    ]);
    const id = results[0]!.id;
    engine.stdin(id, 'hello\n');
    engine.advance(100);
    engine.endInput(id);
    engine.advance(1000);
    const result = engine.result(id)!;
    expect(result.stdout).toBe('hello\n');
    expect(result.exitCode).toBe(0);
    const stdin = messagesOf(engine, result).filter((m) => m.operation === 'stdin');
    // The line, then the end of input: each goes on within node-2, from its dockerd to
    // the container's shim (the stdin FIFO) and on to the process.
    const short = (id: string) => id.replace(/-[0-9a-f]{12}$/, '');
    const hops = [
      'local/client → node-2/dockerd',
      'node-2/dockerd → node-2/shim',
      'node-2/shim → node-2/container',
    ];
    expect(stdin.map((m) => `${m.fromHost}/${short(m.from)} → ${m.toHost}/${short(m.to)}`)).toEqual(
      [...hops, ...hops],
    );
  });

  it('--config and DOCKER_CONFIG move the CLI’s store: a context made there is not in ~/.docker', () => {
    const { results } = session([
      'docker --config /tmp/cfg context create elsewhere --docker host=tcp://node-2:2375',
      'DOCKER_CONFIG=/tmp/cfg docker context ls -q',
      'docker context ls -q',
      'docker --config /tmp/cfg context use elsewhere',
      'cat /tmp/cfg/config.json',
    ]);
    expect(results[1]!.stdout).toBe('default\nelsewhere\n');
    expect(results[2]!.stdout).toBe('default\n');
    expect(results[4]!.stdout).toBe('{\n\t"auths": {},\n\t"currentContext": "elsewhere"\n}');
  });

  it('docker version names the context the CLI uses', () => {
    const { results } = session([
      'docker context create n2 --docker host=tcp://node-2:2375',
      'docker --context n2 version',
      'docker -H tcp://node-2:2375 version',
    ]);
    expect(results[1]!.stdout).toContain(' Context:           n2\n');
    expect(results[2]!.stdout).toContain(' Context:           default\n');
  });
});

describe('transports: what travels before the first request', () => {
  it('TLS to node-3:2376: one handshake, then the ping and the request over that connection', () => {
    const { engine, results } = session(['docker --tlsverify -H tcp://node-3:2376 ps -q']);
    expect(results[0]!.exitCode).toBe(0);
    expect(route(messagesOf(engine, results[0]!))).toEqual([
      'local/client → node-3/dockerd: TLS handshake',
      'node-3/dockerd → local/client: TLS handshake = OK',
      'local/client → node-3/dockerd: HEAD /_ping',
      'node-3/dockerd → local/client: HEAD /_ping = 200',
      'local/client → node-3/dockerd: GET /v1.50/containers/json',
      'node-3/dockerd → local/client: GET /v1.50/containers/json = 200',
    ]);
    expect(messagesOf(engine, results[0]!)[0]!.request).toMatchObject({
      ca: '/home/learner/.docker/ca.pem',
      cert: '/home/learner/.docker/cert.pem',
      verifyServer: true,
    });
  });

  it('plain HTTP to the TLS port: Go answers 400 before dockerd routes it; the CLI pings twice, HEAD then GET, as the real one does', () => {
    const { engine, results } = session(['docker -H tcp://node-3:2376 ps']);
    expect(results[0]).toMatchObject({
      stderr: 'Error response from daemon: Client sent an HTTP request to an HTTPS server.\n',
      exitCode: 1,
    });
    expect(route(messagesOf(engine, results[0]!))).toEqual([
      'local/client → node-3/dockerd: HEAD /_ping',
      'node-3/dockerd → local/client: HEAD /_ping = 400',
      'local/client → node-3/dockerd: GET /_ping',
      'node-3/dockerd → local/client: GET /_ping = 400',
      'local/client → node-3/dockerd: HEAD /_ping',
      'node-3/dockerd → local/client: HEAD /_ping = 400',
      'local/client → node-3/dockerd: GET /_ping',
      'node-3/dockerd → local/client: GET /_ping = 400',
      'local/client → node-3/dockerd: GET /v1.50/containers/json',
      'node-3/dockerd → local/client: GET /v1.50/containers/json = 400',
    ]);
  });

  it('docker info to the TLS port in plain HTTP: the Server heading, then the daemon’s error as ERROR: and the summary line (checked with the real CLI 28.2.2)', () => {
    // cli/command/system/info.go: addServerInfo keeps an error that is not a connection
    // failure in ServerErrors; prettyPrintInfo prints "Server:", then "ERROR: …" on stderr,
    // and the command fails with "errors pretty printing info".
    const { results } = session(['docker -H tcp://node-3:2376 info']);
    expect(results[0]).toMatchObject({
      stdout: 'Client:\n Version:    28.2.2\n Context:    default\n Debug Mode: false\n\nServer:\n',
      stderr:
        'ERROR: Error response from daemon: Client sent an HTTP request to an HTTPS server.\nerrors pretty printing info\n',
      exitCode: 1,
    });
  });

  it('docker run and docker images negotiate the API version before their request: a failed ping is their error, the request is never sent (checked with the real CLI 28.2.2)', () => {
    // vendor client/container_create.go and image_list.go call checkVersion first and return
    // the ping's error; docker run wraps it (docker: …, usage hint, 125).
    const { engine, results } = session([
      'docker -H tcp://node-9:2375 run alpine',
      'docker -H tcp://node-3:2375 run alpine',
      'docker --tls -H tcp://node-2:2375 images',
      'docker -H tcp://node-3:2376 images',
    ]);
    expect(results.map((r) => [r.stderr, r.exitCode])).toEqual([
      [
        'docker: error during connect: Head "http://node-9:2375/_ping": dial tcp: lookup node-9 on 127.0.0.53:53: no such host\n\nRun \'docker run --help\' for more information\n',
        125,
      ],
      [
        "docker: Cannot connect to the Docker daemon at tcp://node-3:2375. Is the docker daemon running?\n\nRun 'docker run --help' for more information\n",
        125,
      ],
      [
        'error during connect: Head "https://node-2:2375/_ping": http: server gave HTTP response to HTTPS client\n',
        1,
      ],
      ['Error response from daemon: Client sent an HTTP request to an HTTPS server.\n', 1],
    ]);
    const sent = results.flatMap((r) => route(messagesOf(engine, r)));
    expect(sent.filter((m) => /images\/json|containers\/create/.test(m))).toEqual([]);
    expect(sent.filter((m) => m.endsWith(': TLS handshake'))).toHaveLength(2);
  });

  it('stop, rm and start of several containers on a daemon nobody answers: one error per container, as the real CLI 28.2.2 prints', () => {
    const { results } = session([
      'docker -H tcp://node-3:2375 stop a b',
      'docker -H tcp://node-3:2375 rm a b',
      'docker -H tcp://node-3:2375 start a b',
    ]);
    const refused =
      'Cannot connect to the Docker daemon at tcp://node-3:2375. Is the docker daemon running?\n';
    expect(results.map((r) => [r.stderr, r.exitCode])).toEqual([
      [refused.repeat(2), 1],
      [refused.repeat(2), 1],
      [`${refused.repeat(2)}Error: failed to start containers: a, b\n`, 1],
    ]);
  });

  it('--tlsverify without a client certificate: node-3’s dockerd turns the handshake away (checked against the real CLI and openssl s_server -Verify)', () => {
    const { engine, results } = session([
      'docker --tlsverify --tlscert /tmp/nope.pem -H tcp://node-3:2376 ps',
    ]);
    expect(results[0]!.stderr).toBe(
      'Failed to initialize: unable to resolve docker endpoint: open /tmp/nope.pem: no such file or directory\n',
    );
    // Without the default cert.pem and key.pem the CLI quietly offers no certificate.
    engine.machine.files.delete('/home/learner/.docker/cert.pem');
    engine.machine.files.delete('/home/learner/.docker/key.pem');
    const r = engine.run('docker --tlsverify -H tcp://node-3:2376 ps');
    expect(r).toMatchObject({
      stderr:
        'error during connect: Get "https://node-3:2376/v1.50/containers/json": remote error: tls: certificate required\n',
      exitCode: 1,
    });
  });

  it('TLS to the plain port: the plain server answers the ClientHello in HTTP', () => {
    const { engine, results } = session(['docker --tls -H tcp://node-2:2375 ps']);
    expect(results[0]).toMatchObject({
      stderr:
        'error during connect: Get "https://node-2:2375/v1.50/containers/json": http: server gave HTTP response to HTTPS client\n',
      exitCode: 1,
    });
    // A failed handshake is a failed connection (client/request.go doRequest wraps it as
    // errConnectionFailed), so each ping stops after HEAD; the real CLI 28.2.2 dials three
    // times: its start-up ping (cli/command/cli.go initializeFromClient), the version
    // negotiation before the request (client.go getAPIPath → checkVersion), and the request.
    // Observed: three ClientHellos on a plain TCP server.
    expect(route(messagesOf(engine, results[0]!)).filter((m) => m.endsWith('handshake'))).toEqual(
      Array(3).fill('local/client → node-2/dockerd: TLS handshake'),
    );
  });

  it('ssh://learner@node-2: ssh, sshd and docker system dial-stdio set up the pipe, then HTTP goes to node-2’s daemon', () => {
    const { engine, results } = session(['docker -H ssh://learner@node-2 ps -q']);
    expect(results[0]!.exitCode).toBe(0);
    expect(route(messagesOf(engine, results[0]!))).toEqual([
      'local/client → local/ssh: ssh -o ConnectTimeout=30 -T -l learner -- node-2 docker system dial-stdio',
      'local/ssh → node-2/sshd: exec docker system dial-stdio',
      'node-2/sshd → node-2/dial-stdio: docker system dial-stdio',
      'node-2/dial-stdio → node-2/sshd: docker system dial-stdio = connected',
      'node-2/sshd → local/ssh: exec docker system dial-stdio = connected',
      'local/ssh → local/client: ssh -o ConnectTimeout=30 -T -l learner -- node-2 docker system dial-stdio = connected',
      'local/client → node-2/dockerd: HEAD /_ping',
      'node-2/dockerd → local/client: HEAD /_ping = 200',
      'local/client → node-2/dockerd: GET /v1.50/containers/json',
      'node-2/dockerd → local/client: GET /v1.50/containers/json = 200',
    ]);
  });

  it('a name nobody resolves, a port nobody listens on, an ssh host that does not resolve: the real errors, no message', () => {
    const { engine, results } = session([
      'docker -H tcp://node-9:2375 ps -a',
      'docker -H tcp://node-2:2376 ps',
      'docker -H tcp://node-2:99999 ps',
      'docker -H ssh://learner@node-9 ps',
      'docker -H unix:///tmp/other.sock ps',
    ]);
    expect(results.map((r) => [r.stderr, r.exitCode])).toEqual([
      [
        'error during connect: Get "http://node-9:2375/v1.50/containers/json?all=1": dial tcp: lookup node-9 on 127.0.0.53:53: no such host\n',
        1,
      ],
      [
        'Cannot connect to the Docker daemon at tcp://node-2:2376. Is the docker daemon running?\n',
        1,
      ],
      [
        'error during connect: Get "http://node-2:99999/v1.50/containers/json": dial tcp: address 99999: invalid port\n',
        1,
      ],
      [
        'error during connect: Get "http://docker.example.com/v1.50/containers/json": command [ssh -o ConnectTimeout=30 -T -l learner -- node-9 docker system dial-stdio] has exited with exit status 255, make sure the URL is valid, and Docker 18.09 or later is installed on the remote host: stderr=ssh: Could not resolve hostname node-9: Name or service not known\n\n',
        1,
      ],
      [
        'Cannot connect to the Docker daemon at unix:///tmp/other.sock. Is the docker daemon running?\n',
        1,
      ],
    ]);
    for (const r of results) expect(hops(messagesOf(engine, r))).toEqual([]);
  });

  it('fd:// is a daemon’s listener, not a client address: empty it is refused, with an address the Go client dials it over TCP (checked with the real CLI 28.2.2)', () => {
    // client.ParseHostURL refuses an empty address; go-connections sockets.ConfigureTransport
    // has no fd case, so fd://ADDR is dialled as TCP, on port 80 when ADDR names none.
    const { engine, results } = session([
      'docker -H fd:// ps',
      'docker -H fd://nowhere ps',
      'docker -H fd://node-2 ps',
      'docker -H fd://node-2:2375 ps -q',
    ]);
    expect(results.map((r) => [r.stderr, r.exitCode])).toEqual([
      ['Failed to initialize: unable to parse docker host `fd://`\n', 1],
      [
        'error during connect: Get "http://nowhere/v1.50/containers/json": dial tcp: lookup nowhere on 127.0.0.53:53: no such host\n',
        1,
      ],
      ['Cannot connect to the Docker daemon at fd://node-2. Is the docker daemon running?\n', 1],
      ['', 0],
    ]);
    for (const r of results.slice(0, 3)) expect(hops(messagesOf(engine, r))).toEqual([]);
    expect(
      new Set(
        messagesOf(engine, results[3]!)
          .filter((m) => m.from === 'client')
          .map((m) => m.toHost),
      ),
    ).toEqual(new Set(['node-2']));
  });
});
