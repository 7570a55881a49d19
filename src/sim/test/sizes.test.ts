/**
 * Container sizes: `docker ps -s`, `inspect --size`, `GET /containers/json?size=1`,
 * `system df` and `system df -v`. Formats are docker/cli v28.2.2's
 * (formatter/container.go Size, formatter/disk_usage.go); the numbers are what
 * moby 28's containerd image store reports (GetContainerLayerSize: the
 * snapshotter's du of the writable snapshot, plus its parents), measured on
 * the simulated writable layer.
 */
import { describe, expect, it } from 'vitest';
import { callDaemon, hops, messagesOf, normaliseIds, session } from './helpers';

describe('container sizes', () => {
  const { engine, results } = session([
    'docker run -d --name box -v data:/data busybox sleep 1000',
    // /tmp (copied up), /tmp/x (6 bytes: one block), /a and /a/b, /data (runc's mount point).
    'docker exec box sh -c "echo hello > /tmp/x; mkdir -p /a/b; echo hi > /data/f"',
    'docker create --name made busybox',
    'docker ps -a -s',
    "docker inspect --size -f '{{.SizeRw}} {{.SizeRootFs}}' box made",
    "docker inspect -f '{{.SizeRw}}' box",
    'docker system df',
    'docker system df -v',
    'docker container prune -f',
    'docker system df -v --format json',
  ]);
  const r = (i: number) => results[i]!;

  it('ps -s: the writable layer, then (virtual …) with the layers under it', () => {
    expect(r(1).exitCode).toBe(0);
    const lines = r(3).stdout.split('\n');
    expect(lines[0]).toMatch(/ NAMES {5}SIZE$/);
    expect(lines[1]).toMatch(/ made {6}4\.1kB \(virtual 4\.29MB\)$/);
    // 6 blocks: the upperdir, /tmp, /tmp/x, /a, /a/b and /data.
    expect(lines[2]).toMatch(/ box {7}24\.6kB \(virtual 4\.32MB\)$/);
  });

  it('inspect --size fills SizeRw and SizeRootFs; without it they are absent', () => {
    // busybox's one layer unpacked, the -init layer (5 blocks), and the writable layer.
    const [box, made] = r(4).stdout.trim().split('\n');
    const [rw, rootfs] = box!.split(' ').map(Number);
    expect(rw).toBe(24576);
    expect(Number(made!.split(' ')[0])).toBe(4096);
    expect(rootfs! - rw!).toBe(Number(made!.split(' ')[1]) - 4096);
    expect(r(5).stdout).toBe('<nil>\n');
  });

  it('dockerd asks the snapshotter, which walks the upperdir', () => {
    const daemonSide = normaliseIds(
      hops(
        messagesOf(engine, r(4)),
        (m) => m.operation.includes('Usage') || m.operation.includes('fs.DiskUsage'),
      ),
    );
    expect(daemonSide).toEqual([
      'dockerd → containerd: containerd.services.snapshots.v1.Snapshots/Usage',
      'containerd → kernel: walk /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/<id>/fs (fs.DiskUsage)',
      'kernel → containerd: walk /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/<id>/fs (fs.DiskUsage) = 0',
      'containerd → dockerd: containerd.services.snapshots.v1.Snapshots/Usage = OK',
      'dockerd → containerd: containerd.services.snapshots.v1.Snapshots/Usage',
      'containerd → kernel: walk /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/<id>/fs (fs.DiskUsage)',
      'kernel → containerd: walk /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/<id>/fs (fs.DiskUsage) = 0',
      'containerd → dockerd: containerd.services.snapshots.v1.Snapshots/Usage = OK',
    ]);
  });

  it('GET /containers/json?size=1 answers the same numbers', () => {
    const got = callDaemon(engine, 'local', 'GET', '/containers/json', { all: '1', size: '1' });
    const list = got.body as Array<{ Names: string[]; SizeRw: number; SizeRootFs: number }>;
    const box = list.find((c) => c.Names[0] === '/box')!;
    expect(box.SizeRw).toBe(24576);
    const plain = callDaemon(engine, 'local', 'GET', '/containers/json', { all: '1' });
    expect((plain.body as object[])[0]).not.toHaveProperty('SizeRw');
  });

  it('system df: the summary counts writable layers and volume bytes', () => {
    expect(r(6).stdout.split('\n').slice(2, 4)).toEqual([
      'Containers      2         1         28.67kB   4.096kB (14%)',
      'Local Volumes   1         1         3B        0B (0%)',
    ]);
  });

  it('system df -v: a table per kind, containers without their virtual size', () => {
    const text = r(7).stdout;
    expect(text).toMatch(
      /^Images space usage:\n\nREPOSITORY {3}TAG {7}IMAGE ID {7}CREATED +SIZE {6}SHARED SIZE {3}UNIQUE SIZE {3}CONTAINERS\nbusybox {6}latest {4}[0-9a-f]{12} {3}/,
    );
    expect(text).toContain(
      '\n\nContainers space usage:\n\nCONTAINER ID   IMAGE     COMMAND        LOCAL VOLUMES   SIZE      CREATED         STATUS         NAMES\n',
    );
    expect(text).toMatch(
      / busybox {3}"sleep 1000" {3}1 {15}24\.6kB {4}\d+ seconds ago {3}Up \d+ seconds {3}box\n/,
    );
    expect(text).toContain(
      '\n\nLocal Volumes space usage:\n\nVOLUME NAME   LINKS     SIZE\ndata          1         3B\n\nBuild cache usage: 0B\n\nCACHE ID   CACHE TYPE   SIZE      CREATED   LAST USED   USAGE     SHARED\n',
    );
    expect(text.endsWith('SHARED\n')).toBe(true);
  });

  it('container prune reports the writable layers it removed', () => {
    expect(r(8).stdout).toMatch(
      /^Deleted Containers:\n[0-9a-f]{64}\n\nTotal reclaimed space: 4\.096kB\n$/,
    );
  });

  it('-v with another --format says it is not simulated', () => {
    expect(r(9).exitCode).toBe(125);
    expect(r(9).stderr).toContain('DockScope does not simulate it yet');
  });
});
