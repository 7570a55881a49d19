import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { session } from './helpers';

/** The images learners try first behave as the real ones do (catalog runtime data). */
describe('the images learners try first', () => {
  it('docker pull ubuntu pulls the one noble layer', () => {
    const { results } = session(['docker pull ubuntu']);
    const r = results[0]!;
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^Using default tag: latest\nlatest: Pulling from library\/ubuntu\n/);
    expect(r.stdout.match(/Pull complete/g)).toHaveLength(1);
    expect(r.stdout).toMatch(
      /Status: Downloaded newer image for ubuntu:latest\ndocker.io\/library\/ubuntu:latest\n$/,
    );
  });

  it.each(['registry:2', 'traefik', 'mongo', 'mysql', 'golang', 'debian'])(
    'docker run --rm %s echo hi: the entrypoint hands over to the command',
    (image) => {
      const { results } = session([`docker run --rm ${image} echo hi`]);
      expect(results[0]!.stdout.endsWith('hi\n')).toBe(true);
      expect(results[0]!.exitCode).toBe(0);
    },
  );

  it('docker run --rm ubuntu echo hi prints hi', () => {
    const { results } = session(['docker pull ubuntu', 'docker run --rm ubuntu echo hi']);
    expect(results[1]).toMatchObject({ stdout: 'hi\n', exitCode: 0 });
  });

  // The containerd image store neither fetches nor lists a layer whose snapshot is
  // already unpacked: a shared base layer simply does not appear.
  const layerIds = (out: string) =>
    new Set([...out.matchAll(/^([0-9a-f]{12}): /gm)].map((m) => m[1]));

  it('mongo after ubuntu: the noble layer is shared, not pulled again', () => {
    const { results } = session(['docker pull ubuntu', 'docker pull mongo']);
    const ubuntu = layerIds(results[0]!.stdout);
    const mongo = layerIds(results[1]!.stdout);
    expect(ubuntu.size).toBe(1);
    expect([...ubuntu].filter((id) => mongo.has(id))).toEqual([]);
    expect(mongo.size).toBe(7);
    expect(results[1]!.stdout).not.toMatch(/Already exists/);
  });

  it('the unpacker asks Prepare first (target: the chain ID); only an AlreadyExists brings a Stat', () => {
    const { engine } = session(['docker pull ubuntu', 'docker pull mongo']);
    const calls = engine.trace
      .filter((m) => m.kind === 'request' && /Snapshots\/(Prepare|Stat)/.test(m.operation))
      .map((m) => m.operation.replace(/.*Snapshots\//, ''));
    // ubuntu: one layer, prepared. mongo: its first layer (noble) exists: Prepare, Stat; then 7 new ones.
    expect(calls).toEqual(['Prepare', 'Prepare', 'Stat', ...Array(7).fill('Prepare')]);
  });

  it('debian and golang after node: the bookworm layers are shared, not pulled again', () => {
    const { results } = session(['docker pull node', 'docker pull debian', 'docker pull golang']);
    expect(results[1]!.stdout).not.toMatch(/Pull complete|Already exists/);
    expect(results[1]!.stdout).toMatch(/Status: Downloaded newer image for debian:latest/);
    const node = layerIds(results[0]!.stdout);
    expect([...layerIds(results[2]!.stdout)].filter((id) => node.has(id))).toEqual([]);
  });

  it('docker run -it ubuntu: bash as root, prompt root@<hostname>:/#', () => {
    const engine = new Engine({ seed: 1, tty: true });
    engine.run('docker pull ubuntu');
    const r = engine.run('docker run -it ubuntu');
    // The hostname is the container's short ID.
    expect(r.stdout).toMatch(/^root@[0-9a-f]{12}:\/# $/);
    expect(r.stdout.slice(5, 17)).toBe(engine.run('docker ps -q').stdout.trim());
    engine.stdin(r.id, 'exit 3\n');
    expect(r.exitCode).toBe(3);
    const g = engine.run('docker run -it golang');
    expect(g.stdout).toMatch(/root@[0-9a-f]{12}:\/go# $/);
  });

  it('mysql without a password option prints the entrypoint error on stderr and exits 1', () => {
    const { results } = session(['docker pull mysql', 'docker run --rm mysql']);
    const r = results[1]!;
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00 \[Note\] \[Entrypoint\]: Entrypoint script for MySQL Server 9\.1\.0-1\.el9 started\.\n/,
    );
    expect(r.stderr).toMatch(
      / \[ERROR\] \[Entrypoint\]: Database is uninitialized and password option is not specified\n {4}You need to specify one of the following as an environment variable:\n {4}- MYSQL_ROOT_PASSWORD\n {4}- MYSQL_ALLOW_EMPTY_PASSWORD\n {4}- MYSQL_RANDOM_ROOT_PASSWORD\n$/,
    );
  });

  it('mysql with MYSQL_ROOT_PASSWORD initialises and ends ready for connections', () => {
    const { engine, results } = session([
      'docker pull mysql',
      'docker run -d --name db -e MYSQL_ROOT_PASSWORD=secret mysql',
    ]);
    expect(results[1]!.exitCode).toBe(0);
    engine.advance(15_000);
    const logs = engine.run('docker logs db');
    expect(logs.stdout).toContain(
      '[Note] [Entrypoint]: MySQL init process done. Ready for start up.',
    );
    expect(logs.stderr).toMatch(
      /\/usr\/sbin\/mysqld: ready for connections\. Version: '9\.1\.0' {2}socket: '\/var\/run\/mysqld\/mysqld\.sock' {2}port: 3306 {2}MySQL Community Server - GPL\.\n$/,
    );
  });

  it('mongo logs JSON lines and waits for connections on 27017', () => {
    const { engine } = session(['docker pull mongo', 'docker run -d --name mo mongo']);
    engine.advance(5_000);
    const lines = engine.run('docker logs mo').stdout.trim().split('\n');
    for (const line of lines) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({
      s: 'I',
      c: 'NETWORK',
      msg: 'Waiting for connections',
      attr: { port: 27017, ssl: 'off' },
    });
  });

  it("registry:2 logs that it listens on :5000; docker stop ends it with Go's exit status 2", () => {
    const { engine } = session(['docker pull registry:2', 'docker run -d --name reg registry:2']);
    engine.advance(2_000);
    expect(engine.run('docker logs reg').stderr).toMatch(
      /level=info msg="listening on \[::\]:5000" go\.version=go1\.20\.8 instance\.id=[0-9a-f-]{36} service=registry version=2\.8\.3 \n$/,
    );
    engine.run('docker stop reg');
    engine.advance(2_000);
    expect(engine.run('docker ps -a').stdout).toMatch(/Exited \(2\)/);
  });

  it('traefik starts its providers', () => {
    const { engine } = session(['docker pull traefik', 'docker run -d --name tr traefik']);
    engine.advance(2_000);
    expect(engine.run('docker logs tr').stdout).toMatch(
      /INF Traefik version 3\.1\.6 built on .*\n(.|\n)*INF Starting provider \*traefik\.Provider\n$/,
    );
  });

  it.each([
    ['docker run --rm python python --version', 'Python 3.13.0\n'],
    ['docker run --rm node node --version', 'v23.1.0\n'],
    ['docker run --rm golang go version', 'go version go1.23.2 linux/amd64\n'],
  ])('%s prints the real version', (line, stdout) => {
    const { results } = session([line]);
    expect(results[0]).toMatchObject({ exitCode: 0 });
    expect(results[0]!.stdout.endsWith(stdout)).toBe(true);
  });

  it('a program the image has but DockScope does not simulate: a note, never "not found"', () => {
    const { results } = session(['docker run --rm golang go build']);
    expect(results[0]!.stderr).toMatch(/DockScope does not simulate 'go' \(the image has it\)\n$/);
    expect(results[0]!.stderr).not.toMatch(/not found/);
  });
});
