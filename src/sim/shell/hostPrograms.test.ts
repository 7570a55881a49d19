import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';

/** A learner's machine with nginx running as `web`, and the lines typed after it. */
function host(...setup: string[]) {
  const engine = new Engine({ seed: 3 });
  for (const line of ['docker run -d --name web nginx', ...setup]) engine.run(line);
  const id = engine.run('docker inspect -f "{{.Id}}" web').stdout.trim();
  const pid = Number(engine.run('docker inspect -f "{{.State.Pid}}" web').stdout.trim());
  return { engine, id, pid, run: (line: string) => engine.run(line) };
}

describe("the host's own view (the learner's terminal is a shell on the Docker host)", () => {
  it('ps -ef --forest: nginx is a child of its containerd-shim-runc-v2, not of dockerd', () => {
    const { run, id, pid } = host('docker run -d --name api -p 8080:80 nginx');
    const r = run('ps -ef --forest');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('UID          PID    PPID  C STIME TTY          TIME CMD');
    expect(lines[1]).toBe('root           1       0  0 09:00 ?        00:00:00 /sbin/init');
    expect(lines).toContain(
      'root         812       1  0 09:00 ?        00:00:00 /usr/bin/containerd',
    );
    expect(lines).toContain(
      'root        1043       1  0 09:00 ?        00:00:00 /usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock',
    );
    const shim = lines.findIndex((l) =>
      l.includes(`containerd-shim-runc-v2 -namespace moby -id ${id}`),
    );
    expect(lines[shim]).toBe(
      `root        ${pid - 1}       1  0 09:00 ?        00:00:00 /usr/bin/containerd-shim-runc-v2 -namespace moby -id ${id} -address /run/containerd/containerd.sock`,
    );
    // The entrypoint exec'd nginx in its place; nginx's master rewrote its title.
    expect(lines[shim + 1]).toBe(
      `root        ${pid}    ${pid - 1}  0 09:00 ?        00:00:00  \\_ nginx: master process nginx -g daemon off;`,
    );
    // docker-proxy is dockerd's child, drawn under it.
    const dockerd = lines.findIndex((l) => l.includes('/usr/bin/dockerd'));
    expect(lines[dockerd + 1]).toMatch(
      /^root {8}\d{4} {4}1043 {2}0 09:00 \? {8}00:00:00 {2}\\_ \/usr\/bin\/docker-proxy -proto tcp -host-ip 0\.0\.0\.0 -host-port 8080 -container-ip 172\.17\.0\.3 -container-port 80 -use-listen-fd$/,
    );
  });

  it('each read is a message from bash to the kernel, in the trace', () => {
    const { engine, run } = host();
    const before = engine.trace.length;
    run('ps -ef; ip addr; cat /proc/1/cgroup');
    const sent = engine.trace
      .slice(before)
      .filter((m) => m.from === 'bash' && m.kind === 'request');
    expect(sent.map((m) => [m.to, m.protocol, m.op])).toEqual([
      ['kernel', 'syscall', 'kernel.proc.list'],
      ['kernel', 'syscall', 'kernel.netdev.list'],
      ['kernel', 'syscall', 'kernel.vfs.read'],
    ]);
  });

  it('ps aux, ps -p and plain ps print procps columns', () => {
    const { run, pid } = host();
    const aux = run('ps aux').stdout.split('\n');
    expect(aux[0]).toBe(
      'USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND',
    );
    expect(aux).toContain(
      'root        1043  0.0  1.9 2290808 80640 ?        Ssl  09:00   0:00 /usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock',
    );
    expect(run(`ps -p ${pid}`).stdout).toBe(
      `    PID TTY          TIME CMD\n   ${pid} ?        00:00:00 nginx\n`,
    );
    expect(run('ps -p 99999')).toMatchObject({
      stdout: '    PID TTY          TIME CMD\n',
      exitCode: 1,
    });
    expect(run('ps').stdout).toMatch(
      /^ {4}PID TTY {10}TIME CMD\n {3}\d{4} pts\/0 {4}00:00:00 ps\n {3}4242 pts\/0 {4}00:00:00 bash\n$/,
    );
  });

  it('ip addr and ip route show docker0 and the host end of the container’s veth pair', () => {
    const { run } = host();
    const addr = run('ip addr').stdout;
    expect(addr).toContain(
      '3: docker0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default \n',
    );
    expect(addr).toContain(
      '    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0\n       valid_lft forever preferred_lft forever\n',
    );
    expect(addr).toMatch(
      /\n5: veth[0-9a-f]{7}@if4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master docker0 state UP group default \n {4}link\/ether [0-9a-f:]{17} brd ff:ff:ff:ff:ff:ff link-netnsid 0\n$/,
    );
    expect(run('ip route').stdout).toBe(
      'default via 192.168.1.1 dev eth0 proto dhcp src 192.168.1.10 metric 100 \n' +
        '192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10 metric 100 \n' +
        '172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 \n',
    );
  });

  it('iptables needs root: the nf_tables variant’s own words, exit 4; with sudo, the rules dockerd wrote', () => {
    const { run } = host('docker run -d --name api -p 8080:80 nginx');
    expect(run('iptables -t nat -L -n')).toMatchObject({
      stdout: '',
      stderr:
        'iptables v1.8.10 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n',
      exitCode: 4,
    });
    expect(run('sudo iptables -t nat -L -n').stdout).toBe(
      'Chain PREROUTING (policy ACCEPT)\n' +
        'target     prot opt source               destination         \n' +
        'DOCKER     0    --  0.0.0.0/0            0.0.0.0/0            ADDRTYPE match dst-type LOCAL\n' +
        '\n' +
        'Chain INPUT (policy ACCEPT)\n' +
        'target     prot opt source               destination         \n' +
        '\n' +
        'Chain OUTPUT (policy ACCEPT)\n' +
        'target     prot opt source               destination         \n' +
        'DOCKER     0    --  0.0.0.0/0           !127.0.0.0/8          ADDRTYPE match dst-type LOCAL\n' +
        '\n' +
        'Chain POSTROUTING (policy ACCEPT)\n' +
        'target     prot opt source               destination         \n' +
        'MASQUERADE  0    --  172.17.0.0/16        0.0.0.0/0           \n' +
        '\n' +
        'Chain DOCKER (2 references)\n' +
        'target     prot opt source               destination         \n' +
        'RETURN     0    --  0.0.0.0/0            0.0.0.0/0           \n' +
        'DNAT       6    --  0.0.0.0/0            0.0.0.0/0            tcp dpt:8080 to:172.17.0.3:80\n',
    );
    const save = run('sudo iptables-save').stdout;
    expect(save).toContain(
      '-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.3:80\n',
    );
    expect(save).toContain(
      '-A DOCKER -d 172.17.0.3/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT\n-A DOCKER ! -i docker0 -o docker0 -j DROP\n',
    );
    expect(save).toContain(':FORWARD DROP [0:0]\n');
  });

  it('a user-defined network’s rules come and go with it (the kernel keeps what dockerd wrote)', () => {
    const { run } = host('docker network create mynet');
    const id = JSON.parse(run('docker network inspect mynet').stdout)[0].Id as string;
    const br = id.slice(0, 12);
    expect(run('sudo iptables -t nat -S').stdout).toContain(
      `-A POSTROUTING -s 172.18.0.0/16 ! -o br-${br} -j MASQUERADE\n`,
    );
    run('docker network rm mynet');
    expect(run('sudo iptables-save').stdout).not.toContain(`br-${br}`);
  });

  it('ls of Docker’s directories: Permission denied without root, the entries with sudo', () => {
    const { run, id } = host();
    expect(run('ls /var/lib/docker')).toMatchObject({
      stdout: '',
      stderr: "ls: cannot open directory '/var/lib/docker': Permission denied\n",
      exitCode: 2,
    });
    expect(run('ls /var/lib/docker/containers')).toMatchObject({
      stderr: "ls: cannot access '/var/lib/docker/containers': Permission denied\n",
      exitCode: 2,
    });
    expect(run('sudo ls /var/lib/docker/containers').stdout).toBe(`${id}\n`);
    expect(run(`sudo ls /var/lib/docker/containers/${id}`).stdout).toBe(
      [
        'checkpoints',
        'config.v2.json',
        `${id}-json.log`,
        'hostconfig.json',
        'hostname',
        'hosts',
        'mounts',
        'resolv.conf',
        '',
      ].join('\n'),
    );
    expect(run('sudo ls /run/containerd/io.containerd.runtime.v2.task/moby').stdout).toBe(
      `${id}\n`,
    );
    expect(run('ls /run/containerd/io.containerd.runtime.v2.task')).toMatchObject({
      stderr:
        "ls: cannot open directory '/run/containerd/io.containerd.runtime.v2.task': Permission denied\n",
      exitCode: 2,
    });
    expect(run('ls /sys/fs/cgroup/system.slice').stdout).toContain(`docker-${id}.scope\n`);
  });

  it('cat /proc/<pid>/cgroup and status, and the container’s cgroup files', () => {
    const { run, id, pid } = host();
    expect(run(`cat /proc/${pid}/cgroup`).stdout).toBe(`0::/system.slice/docker-${id}.scope\n`);
    expect(run('cat /proc/1043/cgroup').stdout).toBe('0::/system.slice/docker.service\n');
    expect(run(`cat /proc/${pid - 1}/cgroup`).stdout).toBe('0::/system.slice/containerd.service\n');
    const status = run(`cat /proc/${pid}/status`).stdout;
    expect(status).toMatch(/^Name:\tnginx\nUmask:\t0022\nState:\tS \(sleeping\)\n/);
    expect(status).toContain(`PPid:\t${pid - 1}\n`);
    // Its PID on the host, then in its own PID namespace: 1.
    expect(status).toContain(`NSpid:\t${pid}\t1\n`);
    expect(run(`cat /sys/fs/cgroup/system.slice/docker-${id}.scope/memory.max`).stdout).toBe(
      'max\n',
    );
    // The master and its two workers (one per CPU of the simulated host), all in the scope.
    expect(run(`cat /sys/fs/cgroup/system.slice/docker-${id}.scope/cgroup.procs`).stdout).toBe(
      `${pid}\n${pid + 1}\n${pid + 2}\n`,
    );
    expect(run('cat /proc/1/environ')).toMatchObject({
      stderr: 'cat: /proc/1/environ: Permission denied\n',
      exitCode: 1,
    });
  });

  it('lsns: the container’s own six namespaces, with nginx’s host PID; without root only yours', () => {
    const { run, pid } = host();
    const all = run('sudo lsns').stdout.split('\n');
    expect(all[0]).toBe('        NS TYPE   NPROCS  PID USER COMMAND');
    for (const type of ['mnt', 'net', 'uts', 'pid', 'ipc', 'cgroup'])
      expect(all).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^402653\\d{4} ${type.padEnd(6)}      3 ${pid} root nginx: master process nginx -g daemon off;$`,
          ),
        ),
      );
    // The container shares the host's time and user namespaces: nginx counts in those.
    expect(all).toContainEqual(
      expect.stringMatching(/^4026531837 user +\d+ +1 root \/sbin\/init$/),
    );
    const mine = run('lsns').stdout;
    expect(mine).not.toContain('nginx');
    expect(mine).toContain('learner');
  });

  it('sudo runs a command as root; id and whoami say who you are', () => {
    const { run } = host();
    expect(run('id').stdout).toBe(
      'uid=1000(learner) gid=1000(learner) groups=1000(learner),27(sudo),988(docker)\n',
    );
    expect(run('sudo id').stdout).toBe('uid=0(root) gid=0(root) groups=0(root)\n');
    expect(run('whoami; sudo whoami').stdout).toBe('learner\nroot\n');
    expect(run('sudo nosuch')).toMatchObject({
      stderr: 'sudo: nosuch: command not found\n',
      exitCode: 1,
    });
    expect(run('sudo docker ps -q').stdout).toMatch(/^[0-9a-f]{12}\n$/);
    expect(run('uname -a').stdout).toBe(
      'Linux local 6.8.0-60-generic #63-Ubuntu SMP PREEMPT_DYNAMIC Tue Apr 15 19:04:15 UTC 2025 x86_64 x86_64 x86_64 GNU/Linux\n',
    );
    expect(run('hostname').stdout).toBe('local\n');
  });

  it('says what it does not simulate, never that a path does not exist', () => {
    const { run } = host();
    expect(run('ls /usr/share')).toMatchObject({ exitCode: 1 });
    expect(run('ls /usr/share').stderr).toMatch(
      /^DockScope does not simulate the host's \/usr\/share/,
    );
    expect(run('nft list ruleset').stderr).toMatch(/^DockScope does not simulate nft/);
    expect(run('ps -o pid').stderr).toMatch(/^DockScope simulates ps -ef/);
  });
});
