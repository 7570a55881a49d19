import { describe, expect, it } from 'vitest';
import { Engine, type Message } from '../engine';
import { clientExchange, messagesOf, normaliseIds, session } from './helpers';
import type { OciSpec } from '../dockerd/ociSpec';

/**
 * Volumes and mounts (issue 13): the local driver's volumes, -v/--mount/--tmpfs,
 * what outlives a container and what goes with it. Texts checked against moby
 * v28.2.2 and, for the CLI's own parsing, the real docker CLI 28.2.2.
 */
const B = 'docker -H unix:///var/run/docker-bootstrap.sock';

const kernelOps = (ms: readonly Message[]) =>
  ms.filter((m) => m.kind === 'request' && m.to === 'kernel').map((m) => m.operation);

describe('docker volume', () => {
  it('creates, lists, inspects and removes a named volume through the /volumes routes', () => {
    const { engine, results } = session([
      'docker volume create data',
      'docker volume ls',
      'docker volume inspect data',
      'docker volume rm data',
      'docker volume ls -q',
    ]);
    const [create, ls, inspect, rm, q] = results;
    expect(create!.stdout).toBe('data\n');
    expect(clientExchange(engine, create!)).toEqual([
      '→ HEAD /_ping',
      '← 200',
      '→ POST /v1.50/volumes/create',
      '← 201',
    ]);
    const req = messagesOf(engine, create!).find((m) => m.op === 'engine.volumes.create')!;
    expect(req.request).toMatchObject({ body: { Driver: 'local', Name: 'data' } });
    // The local driver's directory is made through the kernel.
    expect(kernelOps(messagesOf(engine, create!))).toEqual([
      'mkdirat /var/lib/docker/volumes/data/_data (MkdirAll)',
    ]);
    expect(ls!.stdout).toBe('DRIVER    VOLUME NAME\nlocal     data\n');
    expect(JSON.parse(inspect!.stdout)).toEqual([
      {
        CreatedAt: '2026-01-15T09:00:00Z',
        Driver: 'local',
        Labels: null,
        Mountpoint: '/var/lib/docker/volumes/data/_data',
        Name: 'data',
        Options: null,
        Scope: 'local',
      },
    ]);
    expect(rm!.stdout).toBe('data\n');
    expect(kernelOps(messagesOf(engine, rm!))).toEqual([
      'unlinkat /var/lib/docker/volumes/data (os.RemoveAll)',
    ]);
    expect(q!.stdout).toBe('');
  });

  it('names an anonymous volume with 64 hex digits and labels it anonymous', () => {
    const { results } = session([
      'docker volume create',
      'docker volume inspect $(docker volume ls -q)',
    ]);
    expect(results[0]!.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    const name = results[0]!.stdout.trim();
    const { results: again } = session(['docker volume create', `docker volume inspect ${name}`]);
    expect(JSON.parse(again[1]!.stdout)[0].Labels).toEqual({ 'com.docker.volume.anonymous': '' });
  });

  it('answers with moby’s errors', () => {
    const { results } = session([
      'docker volume inspect nope',
      'docker volume rm nope',
      'docker volume rm -f nope',
      'docker volume create x',
      'docker volume create -d nfs v1',
      'docker volume create -o foo=bar v2',
      'docker volume create -o device=/dev/sda1 v3',
      'docker volume create -o size=1g v4',
      'docker volume ls --filter dangling=maybe',
      'docker volume ls --filter color=red',
    ]);
    expect(results.map((r) => [r.exitCode, r.stdout, r.stderr])).toEqual([
      [1, '[]\n', 'Error response from daemon: get nope: no such volume\n'],
      [1, '', 'Error response from daemon: get nope: no such volume\n'],
      [0, 'nope\n', ''],
      [
        1,
        '',
        'Error response from daemon: create x: volume name is too short, names should be at least two alphanumeric characters\n',
      ],
      [
        1,
        '',
        'Error response from daemon: create v1: error looking up volume plugin nfs: plugin "nfs" not found\n',
      ],
      [1, '', 'Error response from daemon: create v2: invalid option: "foo"\n'],
      [1, '', 'Error response from daemon: create v3: missing required option: "type"\n'],
      [1, '', 'Error response from daemon: create v4: quota size requested but no quota support\n'],
      [1, '', "Error response from daemon: invalid filter 'dangling=[maybe]'\n"],
      [1, '', "Error response from daemon: invalid filter 'color'\n"],
    ]);
  });

  it('filters by dangling, name, label and driver', () => {
    const { results } = session([
      'docker volume create --label tier=db dbdata',
      'docker volume create cache',
      'docker create --name holder -v cache:/c alpine',
      'docker volume ls -q --filter dangling=true',
      'docker volume ls -q --filter dangling=false',
      'docker volume ls -q --filter label=tier',
      'docker volume ls -q --filter label=tier=web',
      'docker volume ls -q --filter name=cac',
      'docker volume ls -q --filter driver=local',
    ]);
    expect(results.slice(3).map((r) => r.stdout)).toEqual([
      'dbdata\n',
      'cache\n',
      'dbdata\n',
      '',
      'cache\n',
      'cache\ndbdata\n',
    ]);
  });

  it('refuses to remove a volume a container refers to, running or stopped', () => {
    const { results } = session([
      'docker run --name keeper -v data:/data alpine true',
      'docker volume rm data',
    ]);
    const id = /[0-9a-f]{64}/;
    expect(results[1]!.exitCode).toBe(1);
    expect(results[1]!.stderr).toMatch(
      /^Error response from daemon: remove data: volume is in use - \[[0-9a-f]{64}\]\n$/,
    );
    expect(id.test(results[1]!.stderr)).toBe(true);
  });

  it('prunes only anonymous volumes unless -a (API 1.42 and later)', () => {
    const { results } = session([
      "docker run --rm -v named:/n alpine sh -c 'echo hello > /n/f'",
      'docker volume create',
      'docker volume prune -f',
      'docker volume ls -q',
      'docker volume prune -a -f',
      'docker volume ls -q',
    ]);
    const anon = results[1]!.stdout.trim();
    expect(results[2]!.stdout).toBe(`Deleted Volumes:\n${anon}\n\nTotal reclaimed space: 0B\n`);
    expect(results[3]!.stdout).toBe('named\n');
    // The 6 bytes of hello\n were in it.
    expect(results[4]!.stdout).toBe('Deleted Volumes:\nnamed\n\nTotal reclaimed space: 6B\n');
    expect(results[5]!.stdout).toBe('');
  });

  it('asks before pruning, and a non-terminal answer is no', () => {
    const engine = new Engine({ seed: 1 });
    const r = engine.run('docker volume prune');
    expect(r.stdout).toBe(
      'WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] ',
    );
    expect(r.exitCode).toBe(0);
    expect(engine.trace.some((m) => m.op === 'engine.volumes.prune')).toBe(false);
  });

  it('keeps a second daemon’s volumes under its own --data-root', () => {
    const { results } = session([`${B} volume create data`, `${B} volume inspect data`]);
    expect(JSON.parse(results[1]!.stdout)[0].Mountpoint).toBe(
      '/var/lib/docker-bootstrap/volumes/data/_data',
    );
  });
});

describe('-v, --mount and --tmpfs', () => {
  it('sends Binds, Volumes, Mounts and Tmpfs as CLI 28.2 does', () => {
    const { engine, results } = session([
      'docker create -v data:/data -v /srv:/srv:ro -v /cache --mount type=volume,src=v2,dst=/v2,volume-opt=type=tmpfs,volume-opt=device=tmpfs --tmpfs /run/t:size=1m alpine',
    ]);
    const create = messagesOf(engine, results[0]!).find(
      (m) => m.op === 'engine.containers.create' && m.kind === 'request',
    )!;
    const body = (create.request as { body: Record<string, unknown> }).body as {
      Volumes: unknown;
      HostConfig: Record<string, unknown>;
    };
    expect(body.Volumes).toEqual({ '/cache': {} });
    expect(body.HostConfig.Binds).toEqual(['data:/data', '/srv:/srv:ro']);
    expect(body.HostConfig.Tmpfs).toEqual({ '/run/t': 'size=1m' });
    expect(body.HostConfig.Mounts).toEqual([
      {
        Type: 'volume',
        Source: 'v2',
        Target: '/v2',
        VolumeOptions: { DriverConfig: { Options: { device: 'tmpfs', type: 'tmpfs' } } },
      },
    ]);
    // Tmpfs sits between SecurityOpt and UTSMode, Mounts after IOMaximumBandwidth (Go's field order).
    const keys = Object.keys(body.HostConfig);
    expect(keys.slice(keys.indexOf('SecurityOpt'), keys.indexOf('SecurityOpt') + 3)).toEqual([
      'SecurityOpt',
      'Tmpfs',
      'UTSMode',
    ]);
    expect(keys[keys.indexOf('IOMaximumBandwidth') + 1]).toBe('Mounts');
  });

  it('reports the CLI’s own errors before asking dockerd', () => {
    const { results } = session([
      'docker run -v :/x alpine',
      'docker run -v "" alpine',
      'docker run -v /x:/y:ro: alpine',
      'docker run --mount type=volume,target alpine',
      'docker run --mount type=volume,foo=bar,dst=/x alpine',
      'docker run --mount type=volume,dst=/x,tmpfs-size=1 alpine',
      'docker run --mount src=a alpine',
    ]);
    const usage =
      "\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information\n";
    const hint = "\n\nRun 'docker run --help' for more information\n";
    expect(results.map((r) => [r.exitCode, r.stderr])).toEqual([
      [125, `docker: invalid spec: :/x: empty section between colons${hint}`],
      [125, `docker: invalid empty volume spec${hint}`],
      [125, `docker: invalid spec: /x:/y:ro:: too many colons${hint}`],
      [
        125,
        `invalid argument "type=volume,target" for "--mount" flag: invalid field 'target' must be a key=value pair${usage}`,
      ],
      [
        125,
        `invalid argument "type=volume,foo=bar,dst=/x" for "--mount" flag: unexpected key 'foo' in 'foo=bar'${usage}`,
      ],
      [
        125,
        `invalid argument "type=volume,dst=/x,tmpfs-size=1" for "--mount" flag: cannot mix 'tmpfs-*' options with mount type 'volume'${usage}`,
      ],
      [125, `invalid argument "src=a" for "--mount" flag: target is required${usage}`],
    ]);
    for (const r of results) expect(r.stdout).toBe('');
  });

  it('answers a bad mount with dockerd’s errors', () => {
    const { results } = session([
      'docker pull alpine',
      'docker run --mount type=bind,src=/nope,dst=/x alpine true',
      'docker run -v a:b:c:d alpine true',
      'docker run -v ab:rel alpine true',
      'docker run -v /x:/ alpine true',
      'docker run -v data:/d -v other:/d alpine true',
      'docker run --mount type=volume,dst=/x,ro alpine true',
      'docker ps -aq',
      'docker volume ls -q',
    ]);
    expect(results.slice(1, 7).map((r) => r.stderr.split('\n')[0])).toEqual([
      'docker: Error response from daemon: invalid mount config for type "bind": bind source path does not exist: /nope',
      "docker: Error response from daemon: invalid volume specification: 'a:b:c:d'",
      `docker: Error response from daemon: invalid volume specification: 'ab:rel': invalid mount config for type "volume": invalid mount path: 'rel' mount path must be absolute`,
      `docker: Error response from daemon: invalid volume specification: '/x:/': invalid mount config for type "bind": invalid specification: destination can't be '/'`,
      'docker: Error response from daemon: Duplicate mount point: /d',
      'docker: Error response from daemon: invalid mount config for type "volume": must not set ReadOnly mode when using anonymous volumes',
    ]);
    // No container is left half-created; the volume named before the duplicate was made
    // (moby creates each in turn, and keeps it).
    expect(results[7]!.stdout).toBe('');
    expect(results[8]!.stdout).toBe('data\n');
  });

  it('puts the mounts in the OCI spec and Mounts in inspect', () => {
    const { engine, results } = session([
      'docker run -d --name web -v data:/data -v /srv:/srv:ro --tmpfs /run/t:size=1m nginx',
    ]);
    const create = engine.trace.find(
      (m) => m.op === 'containerd.containers.create' && m.kind === 'request',
    )!;
    const spec = (create.request as { spec: OciSpec }).spec;
    // After the kernel's filesystems: the network files and the container's mounts, by depth.
    expect(spec.mounts.slice(7).map((m) => m.destination)).toEqual([
      '/data',
      '/srv',
      '/etc/resolv.conf',
      '/etc/hostname',
      '/etc/hosts',
      '/run/t',
    ]);
    expect(spec.mounts.filter((m) => ['/data', '/srv', '/run/t'].includes(m.destination))).toEqual([
      {
        destination: '/data',
        type: 'bind',
        source: '/var/lib/docker/volumes/data/_data',
        // A volume's mount point has no propagation: moby adds none.
        options: ['rbind'],
      },
      {
        destination: '/srv',
        type: 'bind',
        source: '/srv',
        options: ['rbind', 'rro', 'rprivate'],
      },
      {
        destination: '/run/t',
        type: 'tmpfs',
        source: 'tmpfs',
        options: ['noexec', 'nosuid', 'nodev', 'rprivate', 'size=1m'],
      },
    ]);
    expect(results[0]!.exitCode).toBe(0);
    const r = engine.run('docker diff web');
    // Debian has /srv and /run already: only the missing mount points are added.
    expect(r.stdout).toBe('A /data\nC /run\nA /run/t\n');
  });

  it('gives the image’s VOLUMEs anonymous volumes; rm -v removes them, named ones stay', () => {
    const { engine, results } = session([
      'docker run -d --name db -v named:/named redis',
      'docker volume ls -q',
      'docker rm -f -v db',
      'docker volume ls -q',
    ]);
    const anon = results[1]!.stdout.split('\n').filter((v) => /^[0-9a-f]{64}$/.test(v));
    expect(anon).toHaveLength(1);
    expect(results[3]!.stdout).toBe('named\n');
    const rmOps = kernelOps(messagesOf(engine, results[2]!));
    expect(normaliseIds(rmOps).at(-1)).toBe('unlinkat /var/lib/docker/volumes/<id> (os.RemoveAll)');
  });
});

describe('what persists', () => {
  it('a file written in a volume is there for the next container that mounts it', () => {
    const { results } = session([
      "docker run --rm -v data:/data alpine sh -c 'echo hi > /data/f'",
      'docker run --rm -v data:/data alpine cat /data/f',
      'docker run --rm --mount source=data,target=/mnt alpine ls /mnt',
    ]);
    expect(results[1]!.stdout).toBe('hi\n');
    expect(results[2]!.stdout).toBe('f\n');
  });

  it('a tmpfs’s memory goes when the container’s root is unmounted, and leaves nothing on the host', () => {
    const engine = new Engine({ seed: 1 });
    const id = engine
      .run(
        "docker run -d --name scratchy --tmpfs /scratch alpine sh -c 'echo x > /scratch/f; sleep 100'",
      )
      .stdout.trim();
    engine.advance(1000);
    const dirs = engine.host.dirs;
    expect(dirs.exists(`tmpfs:${id}/scratch`)).toBe(true);
    expect(dirs.read(`tmpfs:${id}/scratch/f`)).toBe('x\n');
    // mkdir -p of a tmpfs root stops at `tmpfs:<id>`: no made-up parents one letter shorter.
    expect(dirs.exists(`tmpfs:${id.slice(0, -1)}`)).toBe(false);
    expect(engine.run('docker rm -f scratchy').exitCode).toBe(0);
    expect(dirs.exists(`tmpfs:${id}/scratch`)).toBe(false);
    expect(dirs.exists(`tmpfs:${id}/dev`)).toBe(false);
    expect(dirs.read(`tmpfs:${id}/scratch/f`)).toBeUndefined();
  });

  it('the container’s writable layer goes with the container', () => {
    const { results } = session([
      "docker run --name w1 alpine sh -c 'echo hi > /f'",
      'docker rm w1',
      'docker run --rm alpine cat /f',
    ]);
    expect(results[2]!.stderr).toBe("cat: can't open '/f': No such file or directory\n");
  });

  it('a bind mount shows the host’s files, both ways', () => {
    const { results } = session([
      'echo hello > /tmp/note',
      'docker run --rm -v /tmp:/host alpine cat /host/note',
      "docker run --rm -v /tmp:/host alpine sh -c 'echo back > /host/reply'",
      'cat /tmp/reply',
      "docker run --rm -v /tmp:/host:ro alpine sh -c 'echo no > /host/x'",
    ]);
    expect(results[1]!.stdout).toBe('hello\n');
    expect(results[3]!.stdout).toBe('back\n');
    expect(results[4]!.stderr).toBe("sh: can't create /host/x: Read-only file system\n");
  });

  it('a tmpfs is new memory each start', () => {
    const { results } = session([
      'docker pull alpine',
      "docker run --name t1 --tmpfs /scratch alpine sh -c 'cat /scratch/f; echo hi > /scratch/f'",
      'docker start t1',
      'docker logs t1',
    ]);
    expect(results[1]!.stderr).toBe("cat: can't open '/scratch/f': No such file or directory\n");
    // The second run did not find the first run's file either.
    expect(results[3]!.stderr).toBe(
      "cat: can't open '/scratch/f': No such file or directory\n".repeat(2),
    );
  });

  it('removing the volume deletes the data', () => {
    const { results } = session([
      "docker run --rm -v data:/data alpine sh -c 'echo hi > /data/f'",
      'docker volume rm data',
      'docker run --rm -v data:/data alpine ls /data',
    ]);
    expect(results[2]!.stdout).toBe('');
  });
});

describe('docker ps --filter volume=', () => {
  it('lists the containers that mount a volume, by name or destination', () => {
    const { results } = session([
      'docker create --name one -v data:/data alpine',
      'docker create --name two -v /srv:/site alpine',
      'docker ps -aq --filter volume=data',
      'docker ps -aq --filter volume=/site',
      'docker ps -aq --filter volume=/srv',
      'docker ps -aq --filter volume=nope',
    ]);
    const [one, two] = results.map((r) => r.stdout.slice(0, 12));
    expect(results.slice(2).map((r) => r.stdout)).toEqual([`${one}\n`, `${two}\n`, `${two}\n`, '']);
  });
});
