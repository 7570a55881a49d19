import { describe, expect, it } from 'vitest';
import { hops, messagesOf, normaliseIds, session } from './helpers';

const internal = (m: { from: string; to: string }) => m.from !== 'client' && m.to !== 'client';

describe('below dockerd: containerd, the shim, runc and the kernel (docker-internals.md §3)', () => {
  it('docker start: mounts, OCI spec, Containers.Create, Tasks.Create → shim → runc create → namespaces, cgroup, pivot_root, then Tasks.Start → runc start → execve', () => {
    const { engine, results } = session([
      'docker pull alpine',
      'docker create --name box alpine sleep 60',
      'docker start box',
    ]);
    const start = messagesOf(engine, results[2]!).filter(
      (m) => internal(m) && m.kind === 'request',
    );
    expect(normaliseIds(hops(start))).toMatchInlineSnapshot(`
      [
        "dockerd → containerd: containerd.services.snapshots.v1.Snapshots/Mounts",
        "dockerd → kernel: mount("overlay", "/var/lib/docker/rootfs/overlayfs/<id>", "overlay", 0, "workdir=…,upperdir=…,lowerdir=…")",
        "dockerd → kernel: write /var/lib/docker/containers/<id>/{hostname,hosts,resolv.conf}",
        "dockerd → containerd: containerd.services.containers.v1.Containers/Create",
        "dockerd → containerd: containerd.services.tasks.v1.Tasks/Create",
        "containerd → kernel: write /run/containerd/io.containerd.runtime.v2.task/moby/<id>/config.json",
        "containerd → shim-<id>: containerd-shim-runc-v2 start",
        "containerd → shim-<id>: containerd.task.v2.Task/Create",
        "shim-<id> → runc: runc create",
        "runc → kernel: openat("config.json", O_RDONLY)",
        "runc → kernel: clone(CLONE_NEWNS|CLONE_NEWNET|CLONE_NEWUTS|CLONE_NEWPID|CLONE_NEWIPC|CLONE_NEWCGROUP)",
        "runc → kernel: write /sys/fs/cgroup/system.slice/docker-<id>.scope/cgroup.procs",
        "runc → kernel: mount("/var/lib/docker/rootfs/overlayfs/<id>", "/var/lib/docker/rootfs/overlayfs/<id>", "bind", MS_BIND|MS_REC)",
        "runc → kernel: mount ×10 (config.json "mounts")",
        "runc → kernel: pivot_root(".", ".")",
        "runc → kernel: sethostname("fd020f5bd14d")",
        "runc → kernel: seccomp(SECCOMP_SET_MODE_FILTER)",
        "runc → kernel: capset(14 capabilities)",
        "runc → kernel: openat("exec.fifo", O_WRONLY)",
        "dockerd → kernel: netlink RTM_NEWLINK (veth pair)",
        "dockerd → kernel: write /var/lib/docker/containers/<id>/hosts (O_APPEND)",
        "dockerd → containerd: containerd.services.tasks.v1.Tasks/Start",
        "containerd → shim-<id>: containerd.task.v2.Task/Start",
        "shim-<id> → runc: runc start",
        "runc → kernel: openat("exec.fifo", O_RDONLY)",
        "runc → kernel: execve("sleep")",
      ]
    `);
  });

  it('the hosts line is appended when the endpoint joins, before the published port’s rules (libnetwork sbJoin: addHostsEntries, then the port mappings)', () => {
    const { engine, results } = session(['docker pull nginx', 'docker run -d -p 8080:80 nginx']);
    const ops = messagesOf(engine, results[1]!)
      .filter((m) => m.kind === 'request')
      .map((m) => m.op);
    const hostsAt = ops.indexOf('kernel.files.hosts');
    expect(hostsAt).toBe(ops.indexOf('kernel.netlink.add') + 1);
    expect(hostsAt).toBeLessThan(ops.indexOf('kernel.nat.add'));
    expect(hostsAt).toBeLessThan(ops.indexOf('kernel.proxy.start'));
  });

  it('the container exiting: SIGCHLD to the shim, TaskExit to containerd and dockerd, then Tasks.Delete (runc delete) and shim shutdown', () => {
    const { engine } = session(['docker pull alpine', 'docker run -d --name quick alpine true']);
    engine.advance(1000);
    const tail = engine.trace.filter((m) => m.commandId === undefined && m.kind !== 'response');
    expect(normaliseIds(hops(tail))).toMatchInlineSnapshot(`
      [
        "kernel → shim-<id>: SIGCHLD → wait4(1201)",
        "shim-<id> → containerd: containerd.services.events.ttrpc.v1.Events/Forward",
        "containerd → dockerd: /tasks/exit",
        "dockerd → containerd: containerd.services.tasks.v1.Tasks/Delete",
        "containerd → shim-<id>: containerd.task.v2.Task/Delete",
        "shim-<id> → runc: runc delete",
        "runc → kernel: openat("/proc/1201/stat", O_RDONLY)",
        "runc → kernel: rmdir /sys/fs/cgroup/system.slice/docker-<id>.scope",
        "containerd → shim-<id>: containerd.task.v2.Task/Shutdown",
        "shim-<id> → kernel: exit_group(0)",
        "containerd → kernel: unlinkat /run/containerd/io.containerd.runtime.v2.task/moby/<id> (os.RemoveAll)",
        "dockerd → containerd: containerd.services.containers.v1.Containers/Delete",
        "dockerd → kernel: netlink RTM_DELLINK (veth)",
        "dockerd → kernel: umount2("/var/lib/docker/rootfs/overlayfs/<id>", MNT_DETACH)",
      ]
    `);
  });

  it('pull: token dance, index, platform manifest, config, then layers', () => {
    const { engine, results } = session(['docker pull hello-world']);
    const reg = messagesOf(engine, results[0]!).filter(
      (m) => m.to === 'registry' || m.to === 'auth' || m.from === 'registry' || m.from === 'auth',
    );
    expect(normaliseIds(hops(reg))).toMatchInlineSnapshot(`
      [
        "dockerd → registry: HEAD /v2/library/hello-world/manifests/latest",
        "registry → dockerd: HEAD /v2/library/hello-world/manifests/latest = 401",
        "dockerd → auth: GET /token?scope=repository:library/hello-world:pull&service=registry.docker.io",
        "auth → dockerd: GET /token?scope=repository:library/hello-world:pull&service=registry.docker.io = 200",
        "dockerd → registry: HEAD /v2/library/hello-world/manifests/latest",
        "registry → dockerd: HEAD /v2/library/hello-world/manifests/latest = 200",
        "dockerd → registry: GET /v2/library/hello-world/manifests/sha256:<id>",
        "registry → dockerd: GET /v2/library/hello-world/manifests/sha256:<id> = 200",
        "dockerd → registry: GET /v2/library/hello-world/manifests/sha256:<id>",
        "registry → dockerd: GET /v2/library/hello-world/manifests/sha256:<id> = 200",
        "dockerd → registry: GET /v2/library/hello-world/blobs/sha256:<id>",
        "registry → dockerd: GET /v2/library/hello-world/blobs/sha256:<id> = 200",
        "dockerd → registry: GET /v2/library/hello-world/blobs/sha256:<id>",
        "registry → dockerd: GET /v2/library/hello-world/blobs/sha256:<id> = 200",
      ]
    `);
  });

  it('every layer downloads at once: the containerd store sets no limit of three', () => {
    const { engine, results } = session(['docker pull python']);
    let inFlight = 0;
    let peak = 0;
    for (const m of messagesOf(engine, results[0]!)) {
      const isLayerGet =
        m.operation.startsWith('GET /v2/library/python/blobs/') &&
        m.summary.startsWith('download layer');
      if (m.kind === 'request' && isLayerGet) peak = Math.max(peak, ++inFlight);
      if (
        m.kind === 'response' &&
        m.from === 'registry' &&
        m.operation.startsWith('GET /v2/library/python/blobs/') &&
        String(m.summary).startsWith('layer')
      )
        inFlight--;
    }
    // max-concurrent-downloads (3) belongs to the graph-driver store; moby
    // 28 passes no limit to containerd's pull, so python's 7 layers overlap.
    const layers = messagesOf(engine, results[0]!).filter(
      (m) => m.kind === 'request' && m.summary.startsWith('download layer'),
    ).length;
    expect(layers).toBeGreaterThan(3);
    expect(peak).toBe(layers);
  });
});
