// ── sec: the OCI spec and what the process may do, for each security option and namespace mode ──
import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import type { OciSpec } from '../dockerd/ociSpec';
import { runtimeSpecErrors } from '../schemas/runtimeSpec';
import { HOST_DEVICES } from '../dockerd/securitySpec';

const CONTAINERS_CREATE = 'containerd.services.containers.v1.Containers/Create';

function engine(): Engine {
  const e = new Engine({ seed: 11 });
  e.run('docker pull alpine');
  e.run('docker pull nginx');
  return e;
}

/** The spec dockerd handed containerd for the last start of this command. */
function specOf(e: Engine, line: string): OciSpec {
  const r = e.run(line);
  if (r.exitCode !== 0) throw new Error(`${line}: ${r.stderr}`);
  const creates = e.trace.filter(
    (m) => m.operation === CONTAINERS_CREATE && m.kind === 'request' && m.to === 'containerd',
  );
  const spec = (creates.at(-1)!.request as { spec: OciSpec }).spec;
  expect(runtimeSpecErrors(spec)).toEqual([]);
  return spec;
}

const kinds = (s: OciSpec) =>
  s.linux.namespaces.map((n) => (n.path ? `${n.type}=${n.path}` : n.type));

describe('the OCI spec as moby oci_linux.go builds it', () => {
  it('by default: 14 capabilities, the seccomp profile, docker-default, six new namespaces', () => {
    const s = specOf(engine(), 'docker run -d alpine sleep 60');
    expect(s.process.capabilities?.effective).toHaveLength(14);
    expect(s.process.apparmorProfile).toBe('docker-default');
    expect(s.linux.seccomp).toBeDefined();
    expect(s.process.noNewPrivileges).toBeUndefined();
    expect(kinds(s)).toEqual(['mount', 'network', 'uts', 'pid', 'ipc', 'cgroup']);
    expect(s.root.readonly).toBeUndefined();
  });

  it('--cap-drop ALL --cap-add net_admin leaves only CAP_NET_ADMIN, in all three sets', () => {
    const s = specOf(engine(), 'docker run -d --cap-drop ALL --cap-add net_admin alpine sleep 60');
    expect(s.process.capabilities).toEqual({
      bounding: ['CAP_NET_ADMIN'],
      effective: ['CAP_NET_ADMIN'],
      permitted: ['CAP_NET_ADMIN'],
    });
  });

  it('--cap-add appends to the defaults; --cap-drop removes from them', () => {
    const s = specOf(engine(), 'docker run -d --cap-add SYS_TIME --cap-drop chown alpine sleep 60');
    const caps = s.process.capabilities!.effective!;
    expect(caps).toHaveLength(14);
    expect(caps).not.toContain('CAP_CHOWN');
    expect(caps.at(-1)).toBe('CAP_SYS_TIME');
  });

  it('--privileged: every capability and host device, no seccomp, unconfined AppArmor, no masked paths, /sys writable', () => {
    const s = specOf(engine(), 'docker run -d --privileged alpine sleep 60');
    expect(s.process.capabilities?.effective).toHaveLength(41);
    expect(s.process.capabilities?.effective).toContain('CAP_SYS_ADMIN');
    expect(s.linux.seccomp).toBeUndefined();
    expect(s.process.apparmorProfile).toBe('unconfined');
    expect(s.linux.maskedPaths).toBeUndefined();
    expect(s.linux.readonlyPaths).toBeUndefined();
    expect(s.linux.devices).toHaveLength(HOST_DEVICES.length);
    expect(s.linux.resources?.devices).toContainEqual({ allow: true, access: 'rwm' });
    expect(s.mounts.find((m) => m.destination === '/sys')?.options).not.toContain('ro');
  });

  it('--security-opt seccomp=unconfined, apparmor=unconfined, no-new-privileges', () => {
    const s = specOf(
      engine(),
      'docker run -d --security-opt seccomp=unconfined --security-opt apparmor=unconfined --security-opt no-new-privileges alpine sleep 60',
    );
    expect(s.linux.seccomp).toBeUndefined();
    expect(s.process.apparmorProfile).toBe('unconfined');
    expect(s.process.noNewPrivileges).toBe(true);
    expect(s.process.capabilities?.effective).toHaveLength(14);
  });

  it('--security-opt seccomp=<file>: the CLI reads and compacts the file, dockerd loads it into the spec', () => {
    const e = engine();
    e.run(
      `printf '%s\\n' '{ "defaultAction": "SCMP_ACT_ERRNO", "archMap": [ { "architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"] }, { "architecture": "SCMP_ARCH_AARCH64", "subArchitectures": [] } ], "syscalls": [ { "name": "read", "action": "SCMP_ACT_ALLOW" }, { "names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": { "minKernel": "4.8" } }, { "names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": { "caps": ["CAP_SYS_ADMIN"] } }, { "names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "excludes": { "arches": ["amd64"] } } ] }' > profile.json`,
    );
    const line = 'docker run -d --security-opt seccomp=profile.json alpine sleep 60';
    const s = specOf(e, line);
    expect(s.linux.seccomp).toEqual({
      defaultAction: 'SCMP_ACT_ERRNO',
      architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86'],
      syscalls: [
        { names: ['read'], action: 'SCMP_ACT_ALLOW' },
        { names: ['ptrace'], action: 'SCMP_ACT_ALLOW' },
      ],
    });
    const create = e.trace.findLast(
      (m) => m.op === 'engine.containers.create' && m.kind === 'request' && m.from === 'client',
    )!;
    const opt = (create.request as { body: { HostConfig: { SecurityOpt: string[] } } }).body
      .HostConfig.SecurityOpt[0]!;
    expect(opt.startsWith('seccomp={"defaultAction":"SCMP_ACT_ERRNO","archMap":[{')).toBe(true);
    // With --privileged a profile given is still loaded.
    const p = specOf(e, line.replace('-d', '-d --privileged'));
    expect(p.linux.seccomp?.syscalls?.map((r) => r.names[0])).toEqual(['read', 'ptrace', 'mount']);
  });

  it('--security-opt seccomp=<file>: the CLI’s and dockerd’s errors', () => {
    const e = engine();
    const bad = (line: string) => {
      const r = e.run(line);
      return [r.exitCode, r.stderr.split('\n')[0]];
    };
    expect(bad('docker run --security-opt seccomp=nope.json alpine true')).toEqual([
      125,
      'docker: opening seccomp profile (nope.json) failed: open nope.json: no such file or directory',
    ]);
    e.run("echo 'nonsense' > q.json");
    expect(bad('docker run --security-opt seccomp=q.json alpine true')).toEqual([
      125,
      "docker: compacting json for seccomp profile (q.json) failed: invalid character 'o' in literal null (expecting 'u')",
    ]);
    e.run(
      `echo '{"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64"],"archMap":[{"architecture":"SCMP_ARCH_X86_64"}]}' > both.json`,
    );
    expect(bad('docker run --security-opt seccomp=both.json alpine true')).toEqual([
      125,
      "docker: Error response from daemon: both 'architectures' and 'archMap' are specified in the seccomp profile, use either 'architectures' or 'archMap'",
    ]);
    e.run(
      `echo '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW","includes":{"minKernel":"4"}}]}' > kernel.json`,
    );
    expect(bad('docker run --security-opt seccomp=kernel.json alpine true')).toEqual([
      125,
      'docker: Error response from daemon: Decoding seccomp profile failed: invalid kernel version: "4", expected "<kernel>.<major>"',
    ]);
  });

  it('-u 1000:1000 --group-add 44: the process user, its GID first in the groups', () => {
    const s = specOf(engine(), 'docker run -d -u 1000:1000 --group-add 44 alpine sleep 60');
    expect(s.process.user).toEqual({ uid: 1000, gid: 1000, additionalGids: [1000, 44] });
  });

  it('--read-only: root.readonly, and Docker’s own mounts read-only except the kernel’s', () => {
    const s = specOf(engine(), 'docker run -d --read-only alpine sleep 60');
    expect(s.root.readonly).toBe(true);
    expect(s.mounts.find((m) => m.destination === '/etc/hosts')?.options).toContain('ro');
    expect(s.mounts.find((m) => m.destination === '/proc')?.options).not.toContain('ro');
    expect(s.mounts.find((m) => m.destination === '/dev/shm')?.options).not.toContain('ro');
  });

  it('host modes leave the namespace out; --uts host sets no hostname', () => {
    const s = specOf(
      engine(),
      'docker run -d --pid host --ipc host --uts host --network host alpine sleep 60',
    );
    expect(kinds(s)).toEqual(['mount', 'cgroup']);
    expect(s.hostname).toBe('');
  });

  it('container modes join the donor’s PID 1 namespaces by /proc/<pid>/ns path', () => {
    const e = engine();
    e.run('docker run -d --name web --ipc shareable nginx');
    const pid = JSON.parse(e.run('docker inspect web').stdout)[0].State.Pid as number;
    const s = specOf(
      e,
      'docker run -d --pid container:web --ipc container:web --network container:web alpine sleep 60',
    );
    expect(kinds(s)).toEqual([
      'mount',
      `network=/proc/${pid}/ns/net`,
      'uts',
      `pid=/proc/${pid}/ns/pid`,
      `ipc=/proc/${pid}/ns/ipc`,
      'cgroup',
    ]);
    // initializeNetworking: the container takes its network donor's hostname.
    expect(s.hostname).toBe(JSON.parse(e.run('docker inspect web').stdout)[0].Config.Hostname);
  });

  it('--device /dev/fuse: the node and a cgroup rule allowing it', () => {
    const s = specOf(engine(), 'docker run -d --device /dev/fuse alpine sleep 60');
    expect(s.linux.devices).toEqual([
      { path: '/dev/fuse', type: 'c', major: 10, minor: 229, fileMode: 0o666, uid: 0, gid: 0 },
    ]);
    expect(s.linux.resources?.devices?.at(-1)).toEqual({
      allow: true,
      type: 'c',
      major: 10,
      minor: 229,
      access: 'rwm',
    });
  });
});

describe('what the process may do in the kernel', () => {
  const run = (e: Engine, line: string) => {
    const r = e.run(line);
    return { code: r.exitCode, out: r.stdout, err: r.stderr };
  };

  it('ip link add needs CAP_NET_ADMIN', () => {
    const e = engine();
    expect(run(e, 'docker run --rm alpine ip link add dummy0 type dummy')).toEqual({
      code: 2,
      out: '',
      err: 'ip: RTNETLINK answers: Operation not permitted\n',
    });
    expect(
      run(e, 'docker run --rm --cap-add NET_ADMIN alpine ip link add dummy0 type dummy').code,
    ).toBe(0);
    expect(run(e, 'docker run --rm --privileged alpine ip link add dummy0 type dummy').code).toBe(
      0,
    );
    const shown = run(
      e,
      'docker run --rm --cap-add NET_ADMIN alpine sh -c "ip link add dummy0 type dummy && ip link"',
    );
    expect(shown.out).toMatch(
      /^2: dummy0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN qlen 1000$/m,
    );
    // The request reaches the kernel, which decides.
    const asks = e.trace.filter((m) => m.op === 'kernel.netlink.link' && m.kind === 'request');
    expect(asks.length).toBeGreaterThanOrEqual(4);
  });

  it('--read-only: writes fail with EROFS, a tmpfs stays writable', () => {
    const e = engine();
    expect(run(e, 'docker run --rm --read-only alpine sh -c "echo hi > /x"')).toEqual({
      code: 1,
      out: '',
      err: "sh: can't create /x: Read-only file system\n",
    });
    expect(run(e, 'docker run --rm --read-only alpine touch /y').err).toBe(
      'touch: /y: Read-only file system\n',
    );
    expect(
      run(
        e,
        'docker run --rm --read-only --tmpfs /tmp alpine sh -c "echo ok > /tmp/x && cat /tmp/x"',
      ).out,
    ).toBe('ok\n');
  });

  it('id and whoami show the user -u asked for', () => {
    const e = engine();
    expect(run(e, 'docker run --rm -u 1000:1000 alpine id').out).toBe(
      'uid=1000 gid=1000 groups=1000\n',
    );
    expect(run(e, 'docker run --rm -u 1000 alpine id').out).toBe(
      'uid=1000 gid=0(root) groups=0(root)\n',
    );
    expect(run(e, 'docker run --rm -u 1000 alpine whoami')).toEqual({
      code: 1,
      out: '',
      err: 'whoami: unknown uid 1000\n',
    });
    expect(run(e, 'docker run --rm -u nobody alpine whoami').out).toBe('nobody\n');
  });

  it('--uts host: the host’s hostname; --pid host: the host’s processes', () => {
    const e = engine();
    expect(run(e, 'docker run --rm --uts host alpine hostname').out).toBe('docker-host\n');
    e.run('docker run -d --name web nginx');
    const ps = run(e, 'docker run --rm --pid host alpine ps').out;
    expect(ps).toMatch(/^ {4}1 root {6}0:00 \/sbin\/init$/m);
    expect(ps).toMatch(/^ 1043 root {6}0:00 \/usr\/bin\/dockerd -H fd:\/\//m);
    expect(ps).toContain('containerd-shim-runc-v2 -namespace moby -id');
    // Without it, the container sees only its own PID namespace.
    expect(run(e, 'docker run --rm alpine ps').out).toBe(
      'PID   USER     TIME  COMMAND\n    1 root      0:00 ps\n',
    );
  });

  it('--pid container:web sees web’s processes, web’s PID 1 first', () => {
    const e = engine();
    e.run('docker run -d --name web nginx');
    const ps = run(e, 'docker run --rm --pid container:web alpine ps').out.split('\n');
    expect(ps[1]).toMatch(/^ {4}1 root {6}0:00 .*nginx/);
    expect(ps[2]).toMatch(/^ +\d+ root {6}0:00 ps$/);
  });

  it('--network container:web shares web’s interfaces and hostname; inspect names web by ID', () => {
    const e = engine();
    e.run('docker run -d --name web nginx');
    const web = JSON.parse(e.run('docker inspect web').stdout)[0];
    const ip = web.NetworkSettings.Networks.bridge.IPAddress as string;
    const addr = run(e, 'docker run --rm --network container:web alpine ip addr').out;
    expect(addr).toContain(`inet ${ip}/16`);
    expect(run(e, 'docker run --rm --network container:web alpine hostname').out).toBe(
      `${web.Config.Hostname}\n`,
    );
    e.run('docker run -d --name side --network container:web alpine sleep 60');
    expect(e.run('docker inspect -f "{{.HostConfig.NetworkMode}}" side').stdout).toBe(
      `container:${web.Id}\n`,
    );
  });
});

describe('a donor that joined another’s namespace', () => {
  it('--network container:side, side on container:web: web’s interfaces (the namespace behind side’s PID)', () => {
    const e = engine();
    e.run('docker run -d --name web nginx');
    e.run('docker run -d --name side --network container:web alpine sleep 60');
    const ip = JSON.parse(e.run('docker inspect web').stdout)[0].NetworkSettings.Networks.bridge
      .IPAddress as string;
    expect(e.run('docker run --rm --network container:side alpine ip addr').stdout).toContain(
      `inet ${ip}/16`,
    );
  });
});

describe('joining another container’s namespaces: dockerd’s checks at start', () => {
  const fails = (e: Engine, line: string) => e.run(line).stderr.split('\n')[0];

  it('the network donor must be running', () => {
    const e = engine();
    e.run('docker create --name web nginx');
    expect(fails(e, 'docker run --network container:web alpine true')).toBe(
      'docker: Error response from daemon: cannot join network namespace of a non running container: container web is created',
    );
  });

  it('the PID donor must be running (named by its ID, as adapt stored it)', () => {
    const e = engine();
    e.run('docker create --name web nginx');
    const id = e.run('docker inspect -f {{.Id}} web').stdout.trim();
    expect(fails(e, 'docker run --pid container:web alpine true')).toBe(
      `docker: Error response from daemon: failed to join PID namespace: container ${id} is not running`,
    );
  });

  it('the IPC donor must be shareable', () => {
    const e = engine();
    e.run('docker run -d --name web nginx');
    const id = e.run('docker inspect -f {{.Id}} web').stdout.trim();
    expect(fails(e, 'docker run --ipc container:web alpine true')).toBe(
      `docker: Error response from daemon: failed to join IPC namespace: container ${id}: non-shareable IPC (hint: use IpcMode:shareable for the donor container)`,
    );
  });

  it('a --device must exist on the host', () => {
    const e = engine();
    expect(fails(e, 'docker run --device /dev/nosuch alpine true')).toBe(
      'docker: Error response from daemon: error gathering device information while adding custom device "/dev/nosuch": no such file or directory',
    );
  });
});
