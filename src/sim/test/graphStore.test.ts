/**
 * The image store as a host setting (issue 14): `"features":
 * {"containerd-snapshotter": false}` makes dockerd use the overlay2 graph
 * driver, Engine 28's own default (moby 28.2 daemon/images, distribution/,
 * distribution/xfer, layer/, daemon/graphdriver/overlay2). DockScope's
 * default stays the containerd image store. These tests pin what differs.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';

const overlay2 = (seed = 3) => {
  const e = new Engine({ seed });
  e.setting({ key: 'containerd-snapshotter', value: false });
  return e;
};

/** The ops a command sent (requests only, without the client's ping and the progress stream). */
const requests = (e: Engine, from: number, to = Infinity) =>
  e.trace
    .filter(
      (m) =>
        m.seq >= from &&
        m.seq <= to &&
        m.kind === 'request' &&
        m.op !== 'engine.system.ping' &&
        m.op !== 'engine.images.progress',
    )
    .map((m) => m.op);

describe('the image store setting', () => {
  it('writes "features": {"containerd-snapshotter": false} and restarts docker.service; info and the journal say overlay2', () => {
    const e = overlay2();
    expect(JSON.parse(e.run('cat /etc/docker/daemon.json').stdout)).toEqual({
      features: { 'containerd-snapshotter': false },
    });
    expect(e.run('docker info').stdout).toContain(
      ' Storage Driver: overlay2\n  Backing Filesystem: extfs\n  Supports d_type: true\n  Using metacopy: false\n  Native Overlay Diff: true\n  userxattr: false\n',
    );
    const journal = e.run('sudo journalctl -u docker').stdout;
    expect(journal).toContain('containerd-snapshotter=false storage-driver=overlay2');
    expect(journal.split('Starting up').at(-1)).not.toContain(
      'Starting daemon with containerd snapshotter integration enabled',
    );
    // The default host: the containerd store, as every existing session had it.
    const d = new Engine({ seed: 3 });
    expect(d.run('docker info').stdout).toContain(
      ' Storage Driver: overlayfs\n  driver-type: io.containerd.snapshotter.v1\n',
    );
  });

  it('the two stores do not see each other: images and containers come back with their store', () => {
    const e = new Engine({ seed: 3 });
    e.run('docker pull alpine');
    e.run('docker create --name c1 alpine true');
    e.setting({ key: 'containerd-snapshotter', value: false });
    expect(e.run('docker images -q').stdout).toBe('');
    expect(e.run('docker ps -aq').stdout).toBe('');
    // The name is free in this store.
    expect(e.run('docker pull busybox').exitCode).toBe(0);
    expect(e.run('docker create --name c1 busybox true').exitCode).toBe(0);
    expect(e.view().images.map((i) => i.tags)).toEqual([['busybox:latest']]);
    expect(e.view().containers.map((c) => c.name)).toEqual(['c1']);
    e.setting({ key: 'containerd-snapshotter', value: true });
    expect(e.view().images.map((i) => i.tags)).toEqual([['alpine:latest']]);
    expect(e.run('docker images --format "{{.Repository}}"').stdout).toBe('alpine\n');
    expect(e.run('docker ps -a --format "{{.Names}} {{.Image}}"').stdout).toBe('c1 alpine\n');
    e.setting({ key: 'containerd-snapshotter', value: false });
    expect(e.run('docker ps -a --format "{{.Names}} {{.Image}}"').stdout).toBe('c1 busybox\n');
  });
});

describe('pull with overlay2: dockerd alone, three downloads at a time', () => {
  it('never calls containerd; the layers land in /var/lib/docker/overlay2', () => {
    const e = overlay2();
    const r = e.run('docker pull nginx');
    expect(r.exitCode).toBe(0);
    const ops = requests(e, r.firstSeq);
    expect(ops.filter((o) => o.startsWith('containerd.'))).toEqual([]);
    expect(ops.slice(0, 7)).toEqual([
      'engine.images.create',
      'registry.v2.ping',
      'auth.token.get',
      'registry.manifests.head',
      'registry.manifests.get',
      'registry.manifests.get',
      'registry.blobs.get',
    ]);
    expect(ops.filter((o) => o === 'registry.blobs.get')).toHaveLength(8); // config + 7 layers
    expect(ops.filter((o) => o === 'kernel.overlay2.layer')).toHaveLength(7);
    expect(ops.at(-1)).toBe('kernel.imagedb.write');
    // The containerd store's pull, for contrast: a lease, the content store, the snapshotter.
    const d = new Engine({ seed: 3 });
    const r2 = d.run('docker pull nginx');
    const ops2 = requests(d, r2.firstSeq);
    expect(ops2.slice(0, 2)).toEqual(['engine.images.create', 'containerd.leases.create']);
    expect(ops2).toContain('containerd.snapshots.prepare');
    expect(ops2).toContain('containerd.diff.apply');
    expect(ops2).not.toContain('kernel.overlay2.layer');
  });

  it('prints the graph driver’s statuses: Waiting past three, Verifying Checksum, and Already exists for held layers', () => {
    const e = overlay2();
    const r = e.run('docker pull nginx');
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'Using default tag: latest',
      'latest: Pulling from library/nginx',
    ]);
    const pulling = lines.filter((l) => l.endsWith(': Pulling fs layer'));
    const waiting = lines.filter((l) => l.endsWith(': Waiting'));
    expect(pulling).toHaveLength(7);
    // max-concurrent-downloads 3: the fourth layer on waits for a slot.
    expect(waiting.map((l) => l.slice(0, 12))).toEqual(pulling.slice(3).map((l) => l.slice(0, 12)));
    expect(lines.filter((l) => l.endsWith(': Verifying Checksum'))).toHaveLength(7);
    expect(lines.filter((l) => l.endsWith(': Pull complete'))).toHaveLength(7);
    expect(r.stdout).toMatch(
      /Status: Downloaded newer image for nginx:latest\ndocker\.io\/library\/nginx:latest\n$/,
    );
    // Pull complete in layer order: each registers on the one below.
    expect(lines.filter((l) => l.endsWith(': Pull complete')).map((l) => l.slice(0, 12))).toEqual(
      pulling.map((l) => l.slice(0, 12)),
    );
    const again = e.run('docker pull nginx');
    expect(again.stdout).toMatch(/: Already exists\n/);
    expect(again.stdout).not.toMatch(/Pulling fs layer/);
    expect(again.stdout).toContain('Status: Image is up to date for nginx:latest');
    // The image ID is the config's digest; the repo digest is the index's.
    const inspect = JSON.parse(e.run('docker image inspect nginx').stdout)[0];
    const digest = /Digest: (sha256:[0-9a-f]{64})/.exec(r.stdout)![1]!;
    expect(inspect.Id).not.toBe(digest);
    expect(inspect.RepoDigests).toEqual([`nginx@${digest}`]);
    expect(inspect.Descriptor).toBeUndefined();
    expect(inspect.GraphDriver.Name).toBe('overlay2');
    expect(inspect.GraphDriver.Data.UpperDir).toMatch(
      /^\/var\/lib\/docker\/overlay2\/[0-9a-f]{64}\/diff$/,
    );
    expect(inspect.GraphDriver.Data.LowerDir.split(':')).toHaveLength(6);
  });

  it('a layer another image holds already says Already exists', () => {
    const e = overlay2();
    e.run('docker pull alpine');
    const r = e.run('docker pull alpine:3.20');
    // alpine:3.20 and alpine:latest are the same image here, or share their base layer.
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/Already exists|Pulling fs layer/);
  });
});

describe('create, run and rm with overlay2', () => {
  it('dockerd makes the init and writable layers and mounts the overlay itself; containerd gets no image', () => {
    const e = overlay2();
    e.run('docker pull alpine');
    const r = e.run('docker run --name box alpine echo hi');
    expect(r.stdout).toBe('hi\n');
    const ops = requests(e, r.firstSeq);
    expect(ops.filter((o) => o.startsWith('containerd.snapshots'))).toEqual([]);
    expect(ops.slice(0, 3)).toEqual([
      'engine.containers.create',
      'kernel.overlay2.init-layer',
      'kernel.overlay2.rw-layer',
    ]);
    const create = e.trace.find(
      (m) => m.seq >= r.firstSeq && m.op === 'containerd.containers.create',
    );
    const req = create!.request as { image?: string; spec: { root: { path: string } } };
    expect(req.image).toBeUndefined();
    expect(req.spec.root.path).toMatch(/^\/var\/lib\/docker\/overlay2\/[0-9a-f]{64}\/merged$/);
    const mount = e.trace.find((m) => m.seq >= r.firstSeq && m.op === 'kernel.mount.overlay');
    const options = (mount!.request as { options: string[] }).options;
    expect(options[0]).toBe('index=off');
    expect(options[1]).toMatch(
      /^lowerdir=\/var\/lib\/docker\/overlay2\/l\/[A-Z2-7]{26}:\/var\/lib\/docker\/overlay2\/l\/[A-Z2-7]{26}$/,
    );
    const gd = JSON.parse(e.run('docker inspect -f "{{json .GraphDriver}}" box').stdout);
    expect(gd.Name).toBe('overlay2');
    expect(gd.Data.LowerDir).toMatch(/-init\/diff:/);
    expect(gd.Data.MergedDir).toBe(req.spec.root.path);
    expect(e.run('docker inspect -f "{{.Driver}}" box').stdout).toBe('overlay2\n');
    // The containerd store, for contrast: the snapshotter makes the layers, the image name goes along.
    const d = new Engine({ seed: 3 });
    d.run('docker pull alpine');
    const r2 = d.run('docker run --name box alpine echo hi');
    expect(requests(d, r2.firstSeq)).toContain('containerd.snapshots.prepare');
    const create2 = d.trace.find(
      (m) => m.seq >= r2.firstSeq && m.op === 'containerd.containers.create',
    );
    expect((create2!.request as { image?: string }).image).toBe('alpine');
  });

  it('what a container writes lives in its diff/, and rm deletes the layer directories in dockerd', () => {
    const e = overlay2();
    e.run('docker pull alpine');
    e.run('docker run -d --name box alpine sleep 1000');
    e.run('docker exec box sh -c "echo hello > /data.txt"');
    expect(e.run('docker exec box cat /data.txt').stdout).toBe('hello\n');
    expect(e.run('docker diff box').stdout).toContain('A /data.txt');
    const before = e.run('sudo ls /var/lib/docker/overlay2').stdout.split('\n').filter(Boolean);
    expect(before.filter((n) => n.endsWith('-init'))).toHaveLength(1);
    const rm = e.run('docker rm -f box');
    const ops = requests(e, rm.firstSeq);
    expect(ops.filter((o) => o === 'kernel.overlay2.remove')).toHaveLength(2);
    expect(ops.filter((o) => o.startsWith('containerd.snapshots'))).toEqual([]);
    const after = e.run('sudo ls /var/lib/docker/overlay2').stdout.split('\n').filter(Boolean);
    expect(after).toHaveLength(before.length - 2);
  });

  it('ls /var/lib/docker shows image, overlay2 and tmp; rmi lists the deleted layers', () => {
    const e = overlay2();
    e.run('docker pull alpine');
    expect(e.run('sudo ls /var/lib/docker').stdout).toMatch(
      /^containers\nengine-id\nimage\noverlay2\n/,
    );
    expect(e.run('sudo ls /var/lib/docker/image/overlay2').stdout).toBe(
      'imagedb\nlayerdb\nrepositories.json\n',
    );
    const r = e.run('docker rmi alpine');
    expect(r.stdout).toMatch(
      /^Untagged: alpine:latest\nUntagged: alpine@sha256:[0-9a-f]{64}\nDeleted: sha256:[0-9a-f]{64}\nDeleted: sha256:[0-9a-f]{64}\n$/,
    );
    expect(e.run('sudo ls /var/lib/docker/overlay2').stdout).toBe('l\n');
  });
});

describe('faults during an overlay2 pull', () => {
  it('a 503 on the layers: dockerd retries each download five times, then fails with distribution’s words', () => {
    const e = overlay2();
    // The registry starts failing once the config is fetched: the layer downloads meet it.
    let injected = false;
    e.onMessage((m) => {
      if (!injected && m.op === 'registry.blobs.get' && m.kind === 'response') {
        injected = true;
        e.fault({ op: 'fault', set: { kind: 'registry-5xx' } });
      }
    });
    const started = e.run('docker pull alpine');
    e.advance(120_000);
    const r = e.result(started.id)!;
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('Retrying in 5 seconds\n');
    expect(r.stdout).toMatch(/Retrying in 20 seconds\n/);
    expect(r.stdout).not.toMatch(/Retrying in 25 seconds/);
    expect(r.stderr).toBe('received unexpected HTTP status: 503 Service Unavailable\n');
    const gets = e.trace.filter(
      (m) => m.seq >= r.firstSeq && m.op === 'registry.blobs.get' && m.kind === 'request',
    );
    expect(gets).toHaveLength(1 + 5); // the config, then five tries of the one layer
    expect(e.run('sudo journalctl -u docker').stdout).toContain(
      'Download failed after 5 attempts: received unexpected HTTP status: 503 Service Unavailable',
    );
  });

  it('a full disk: the write into /var/lib/docker/tmp fails and is not retried', () => {
    const e = overlay2();
    e.fault({ op: 'fault', set: { kind: 'disk-full' } });
    const r = e.run('docker pull alpine');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(
      /^write \/var\/lib\/docker\/tmp\/GetImageBlob\d+: no space left on device\n$/,
    );
    expect(r.stdout).not.toMatch(/Retrying/);
    const writes = e.trace.filter((m) => m.seq >= r.firstSeq && m.op === 'kernel.tmp.write');
    expect(writes.filter((m) => m.kind === 'request')).toHaveLength(1);
  });
});

/** Everything a start shares under both stores, from the registration with containerd on. */
const RUN_TAIL = [
  'containerd.containers.create',
  'containerd.tasks.create',
  'kernel.bundle.write',
  'shim.binary.start',
  'shim.task.create',
  'runc.create',
  'kernel.bundle.read',
  'kernel.clone',
  'kernel.cgroup.join',
  'kernel.mount.bind',
  'kernel.mount.spec',
  'kernel.pivot-root',
  'kernel.sethostname',
  'kernel.seccomp',
  'kernel.capset',
  'kernel.fifo.open',
  'kernel.netlink.add',
  'kernel.files.hosts',
  'containerd.tasks.start',
  'shim.task.start',
  'runc.start',
  'kernel.fifo.open',
  'kernel.execve',
  'containerd.tasks.delete',
  'shim.task.delete',
  'runc.delete',
  'kernel.proc.stat',
  'kernel.cgroup.remove',
  'shim.task.shutdown',
  'kernel.bundle.remove',
  'containerd.containers.delete',
  'kernel.netlink.delete',
  'kernel.mount.unmount',
];

describe('the request sequences, pinned under both stores', () => {
  const sequences = (snapshotter: boolean) => {
    const e = new Engine({ seed: 3 });
    if (!snapshotter) e.setting({ key: 'containerd-snapshotter', value: false });
    const pull = e.run('docker pull alpine');
    const run = e.run('docker run --name box alpine echo hi');
    const rm = e.run('docker rm box');
    return {
      pull: requests(e, pull.firstSeq, pull.lastSeq),
      run: requests(e, run.firstSeq, run.lastSeq),
      rm: requests(e, rm.firstSeq, rm.lastSeq),
    };
  };

  it('the containerd image store (DockScope’s default)', () => {
    const s = sequences(true);
    expect(s.pull).toEqual([
      'engine.images.create',
      'containerd.leases.create',
      'containerd.images.get',
      'registry.manifests.head',
      'auth.token.get',
      'registry.manifests.head',
      'registry.manifests.get',
      'containerd.content.write',
      'registry.manifests.get',
      'containerd.content.write',
      'registry.blobs.get',
      'containerd.content.write',
      'containerd.snapshots.prepare',
      'containerd.content.write',
      'registry.blobs.get',
      'containerd.content.write',
      'containerd.diff.apply',
      'containerd.snapshots.commit',
      'containerd.images.create',
      'containerd.images.delete',
      'containerd.leases.delete',
    ]);
    expect(s.run).toEqual([
      'engine.containers.create',
      'containerd.snapshots.prepare',
      'containerd.snapshots.commit',
      'containerd.snapshots.prepare',
      'engine.containers.attach',
      'engine.containers.wait',
      'engine.containers.start',
      'containerd.snapshots.mounts',
      'kernel.mount.overlay',
      'kernel.files.write',
      ...RUN_TAIL,
    ]);
    expect(s.rm).toEqual([
      'engine.containers.remove',
      'containerd.snapshots.remove',
      'kernel.snapshot.remove',
      'containerd.snapshots.remove',
      'kernel.snapshot.remove',
      'kernel.files.remove',
    ]);
  });

  it('the overlay2 graph driver (Engine 28’s default)', () => {
    const s = sequences(false);
    expect(s.pull).toEqual([
      'engine.images.create',
      'registry.v2.ping',
      'auth.token.get',
      'registry.manifests.head',
      'registry.manifests.get',
      'registry.manifests.get',
      'registry.blobs.get',
      'registry.blobs.get',
      'kernel.tmp.write',
      'kernel.overlay2.layer',
      'kernel.imagedb.write',
    ]);
    expect(s.run).toEqual([
      'engine.containers.create',
      'kernel.overlay2.init-layer',
      'kernel.overlay2.rw-layer',
      'engine.containers.attach',
      'engine.containers.wait',
      'engine.containers.start',
      'kernel.mount.overlay',
      'kernel.files.write',
      ...RUN_TAIL,
    ]);
    expect(s.rm).toEqual([
      'engine.containers.remove',
      'kernel.overlay2.remove',
      'kernel.overlay2.remove',
      'kernel.files.remove',
    ]);
  });

  it('resolve errors are distribution’s: a 503 after a HEAD and a GET, a dial error at the ping', () => {
    const e = overlay2();
    e.fault({ op: 'fault', set: { kind: 'registry-5xx' } });
    const r = e.run('docker pull nginx');
    expect(r.stderr).toBe(
      'Error response from daemon: received unexpected HTTP status: 503 Service Unavailable\n',
    );
    // The 503 ping carries no challenge: no token is asked for.
    expect(requests(e, r.firstSeq)).toEqual([
      'engine.images.create',
      'registry.v2.ping',
      'registry.manifests.head',
      'registry.manifests.get',
    ]);
    e.fault({ op: 'fault', clear: 'all' });
    e.fault({ op: 'fault', set: { kind: 'registry-down' } });
    expect(e.run('docker pull nginx').stderr).toMatch(
      /^Error response from daemon: Get "https:\/\/registry-1\.docker\.io\/v2\/": dial tcp: /,
    );
  });

  it('a 429 on the manifest is not sent again: the pull fails with the registry’s own toomanyrequests', () => {
    const e = overlay2();
    e.fault({ op: 'fault', set: { kind: 'registry-429' } });
    const r = e.run('docker pull nginx');
    expect(r.stderr).toMatch(/^Error response from daemon: toomanyrequests: /);
    const gets = requests(e, r.firstSeq, r.lastSeq).filter((o) => o === 'registry.manifests.get');
    expect(gets).toHaveLength(1);
  });
});

describe('sizes with overlay2', () => {
  it('are measured by dockerd in file bytes (DiffSize), the image counted unpacked', () => {
    const e = overlay2();
    e.run('docker pull alpine');
    e.run('docker run -d --name box alpine sleep 600');
    const size = () =>
      e.run('docker inspect --size -f "{{.SizeRw}} {{.SizeRootFs}}" box').stdout.trim();
    const image = e.run("docker image inspect -f '{{.Size}}' alpine").stdout.trim();
    expect(size()).toBe(`0 ${image}`);
    const before = e.lastSeq;
    e.run('docker exec box sh -c "echo hello > /x"');
    expect(size()).toBe(`6 ${Number(image) + 6}`);
    const asked = e.trace.filter((m) => m.seq > before && m.kind === 'request').map((m) => m.op);
    expect(asked).toContain('kernel.layer.size');
    expect(asked).not.toContain('containerd.snapshots.usage');
    expect(e.run('docker ps -s --format "{{.Size}}"').stdout).toBe('6B (virtual 7.8MB)\n');
    expect(e.run('docker system df --format "{{.Type}} {{.Size}}"').stdout).toContain(
      'Images 7.798MB\n',
    );
  });
});
