import { describe, expect, it } from 'vitest';
import { messagesOf, session } from './helpers';
import { OverviewIndex } from '../trace/overview';

/** Docker Hub and its token service are the components `registry` and `auth`. */
const HUB = new Set(['registry', 'auth']);

describe('a pull goes to the registry its reference names, never to Docker Hub by default', () => {
  it('docker pull localhost:5000/nginx: dockerd dials the loopback, is refused, and never reaches Docker Hub', () => {
    const { engine, results } = session(['docker pull localhost:5000/nginx']);
    const r = results[0]!;
    expect(r).toMatchObject({
      stdout: 'Using default tag: latest\n',
      stderr:
        'Error response from daemon: failed to resolve reference "localhost:5000/nginx:latest": failed to do request: Head "https://localhost:5000/v2/nginx/manifests/latest": dial tcp [::1]:5000: connect: connection refused\n',
      exitCode: 1,
    });
    const messages = messagesOf(engine, r);
    expect(messages.filter((m) => HUB.has(m.from) || HUB.has(m.to))).toEqual([]);
    expect(messages.filter((m) => m.to === 'kernel').map((m) => m.operation)).toEqual([
      'connect(fd, [::1]:5000)',
      'connect(fd, 127.0.0.1:5000)',
    ]);
    expect(messages.filter((m) => m.from === 'kernel').map((m) => m.status)).toEqual([-111, -111]);
    // The narration says DockScope does not model it, not that it does not exist.
    expect(messages.some((m) => /DockScope models no registry there/.test(m.summary))).toBe(true);
    expect(messages.some((m) => /does not exist/.test(m.summary))).toBe(false);
  });

  it.each([
    ['ghcr.io/o/r', 'ghcr.io/o/r:latest', 'https://ghcr.io/v2/o/r/manifests/latest', 'ghcr.io'],
    [
      'registry.example.com/team/app:1.0',
      'registry.example.com/team/app:1.0',
      'https://registry.example.com/v2/team/app/manifests/1.0',
      'registry.example.com',
    ],
  ])('docker pull %s: a DNS lookup that finds nothing, no Docker Hub', (image, name, url, host) => {
    const { engine, results } = session([`docker pull ${image}`]);
    const r = results[0]!;
    expect(r.stderr).toBe(
      `Error response from daemon: failed to resolve reference "${name}": failed to do request: Head "${url}": dial tcp: lookup ${host} on 127.0.0.53:53: no such host\n`,
    );
    expect(r.exitCode).toBe(1);
    const messages = messagesOf(engine, r);
    expect(messages.filter((m) => HUB.has(m.from) || HUB.has(m.to))).toEqual([]);
    const answer = messages.find((m) => m.from === 'kernel')!;
    expect(answer).toMatchObject({ status: 'NXDOMAIN' });
    expect(answer.summary).toMatch(/not simulated/);
  });

  it('the overview names the attempt as DockScope not modelling that registry', () => {
    const { engine } = session(['docker pull localhost:5000/nginx', 'docker pull ghcr.io/o/r']);
    const index = new OverviewIndex();
    index.catchUp(engine.trace);
    const titles = index.steps.filter((s) => s.collapsed).map((s) => s.title);
    // containerd's client takes the lease before it resolves the name, and moby asks
    // containerd what the tag pointed at before; then the attempt fails.
    const attempt = [
      'dockerd takes a lease from containerd so the new content is not garbage-collected',
      'dockerd asks containerd about its images',
    ];
    const release = 'dockerd releases the lease: the image now holds its content';
    expect(titles).toEqual([
      ...attempt,
      'dockerd tries to connect to the registry; DockScope models none there',
      release,
      ...attempt,
      'dockerd looks up the registry’s address; DockScope models no DNS beyond the host',
      release,
    ]);
  });

  it('docker run of an image on an unmodelled registry exits 125 with the same error', () => {
    const { results } = session(['docker run --rm localhost:5000/app']);
    expect(results[0]!.stderr).toBe(
      "Unable to find image 'localhost:5000/app:latest' locally\n" +
        'docker: Error response from daemon: failed to resolve reference "localhost:5000/app:latest": failed to do request: Head "https://localhost:5000/v2/app/manifests/latest": dial tcp [::1]:5000: connect: connection refused\n' +
        "\nRun 'docker run --help' for more information\n",
    );
    expect(results[0]!.exitCode).toBe(125);
  });

  it('an IP that never answers: the dial times out after 30 s', () => {
    const { engine } = session(['docker pull 10.0.0.5:5000/x']);
    engine.advance(31_000);
    const last = engine.trace.at(-1)!;
    expect(last).toMatchObject({ from: 'dockerd', to: 'client', status: 500 });
    expect(String(last.summary)).toContain(
      'Head "https://10.0.0.5:5000/v2/x/manifests/latest": dial tcp 10.0.0.5:5000: i/o timeout',
    );
    expect(engine.trace.some((m) => HUB.has(m.from) || HUB.has(m.to))).toBe(false);
  });

  it('docker.io and bare names still go to Docker Hub', () => {
    const { engine, results } = session(['docker pull docker.io/library/alpine']);
    expect(results[0]!.exitCode).toBe(0);
    expect(messagesOf(engine, results[0]!).some((m) => m.to === 'registry')).toBe(true);
  });
});

describe('Docker Hub names DockScope does not carry: its note, never "does not exist"', () => {
  it.each([
    ['bitnami/redis', 'bitnami/redis:latest'],
    ['rust', 'rust:latest'], // an official image the catalog does not carry
  ])('docker pull %s says in one line that DockScope does not carry it', (image, name) => {
    const { engine, results } = session([`docker pull ${image}`]);
    const r = results[0]!;
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      `Error response from daemon: DockScope: its simulated Docker Hub does not carry ${name}, so this pull is not simulated (the image may exist on Docker Hub). Images and tags it carries: Tab after "docker pull ", or npm run sim -- --images\n`,
    );
    expect(r.stderr).not.toMatch(/does not exist|pull access denied|not a public repository/);
    for (const m of messagesOf(engine, r))
      expect(m.summary).not.toMatch(/does not exist|not a public repository/);
  });

  it('a tag of a carried image that the catalog does not hold: the note, not "not found"', () => {
    const { engine, results } = session(['docker pull node:20']);
    expect(results[0]).toMatchObject({
      stderr:
        'Error response from daemon: DockScope: its simulated Docker Hub does not carry node:20, so this pull is not simulated (the image may exist on Docker Hub). Images and tags it carries: Tab after "docker pull ", or npm run sim -- --images\n',
      exitCode: 1,
    });
    expect(
      messagesOf(engine, results[0]!).find((m) => m.from === 'registry' && m.status === 501),
    ).toBeDefined();
  });

  it('docker run of such an image prints the note after "Unable to find image" and exits 125', () => {
    const { results } = session(['docker run --rm bitnami/redis']);
    expect(results[0]!.stderr).toMatch(
      /^Unable to find image 'bitnami\/redis:latest' locally\ndocker: Error response from daemon: DockScope: its simulated Docker Hub does not carry bitnami\/redis:latest, /,
    );
    expect(results[0]!.exitCode).toBe(125);
  });

  it('a one-word name that is no official image really does not exist: pull access denied', () => {
    const { results } = session(['docker pull nosuch']);
    expect(results[0]).toMatchObject({
      stderr:
        "Error response from daemon: pull access denied for nosuch, repository does not exist or may require 'docker login'\n",
      exitCode: 1,
    });
  });

  it('a container publishing the port: DockScope says it does not model a registry in it', () => {
    const { engine, results } = session([
      'docker run -d -p 5000:80 nginx',
      'docker pull localhost:5000/x',
    ]);
    const r = results[1]!;
    expect(r.stderr).toMatch(
      /^Error response from daemon: DockScope: pulls from localhost:5000 are not simulated/,
    );
    expect(messagesOf(engine, r).some((m) => HUB.has(m.to))).toBe(false);
  });

  it("a running container's own address: DockScope says it does not simulate serving images from it", () => {
    const { results } = session([
      'docker run -d --name reg registry:2',
      'docker pull 172.17.0.2:5000/x',
    ]);
    expect(results[1]!.stderr).toMatch(
      /^Error response from daemon: DockScope: pulls from 172\.17\.0\.2:5000 are not simulated \(that is container reg's address/,
    );
  });
});
