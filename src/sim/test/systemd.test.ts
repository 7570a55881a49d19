import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';

const ops = (e: Engine, from = 0) => e.trace.filter((m) => m.seq > from).map((m) => m.op);

function withNginx(): Engine {
  const e = new Engine({ seed: 3 });
  expect(e.run('docker run -d --name web nginx').exitCode).toBe(0);
  return e;
}

describe('systemctl and the daemons as systemd units', () => {
  it('restart policies at daemon start: always and unless-stopped come back, unless the user stopped it', () => {
    const e = new Engine({ seed: 3 });
    e.run('docker pull alpine');
    e.run('docker run -d --name al --restart always alpine sleep 1000');
    e.run('docker run -d --name us --restart unless-stopped alpine sleep 1000');
    e.run('docker run -d --name stopped --restart unless-stopped alpine sleep 1000');
    e.run('docker run -d --name plain alpine sleep 1000');
    e.run('docker stop -t 1 stopped');
    expect(e.run('sudo systemctl restart docker').exitCode).toBe(0);
    const ps = e.run('docker ps -a --format "{{.Names}} {{.State}}"').stdout;
    expect(ps.split('\n').filter(Boolean).sort()).toEqual([
      'al running',
      'plain exited',
      'stopped exited',
      'us running',
    ]);
  });

  it("the host's process table follows the units: a restarted daemon is a new PID, a stopped one is gone", () => {
    const e = withNginx();
    const mainPid = (unit: string) =>
      /Main PID: (\d+)/.exec(e.run(`systemctl status ${unit}`).stdout)?.[1];
    const rows = () =>
      e
        .run('ps -ef')
        .stdout.split('\n')
        .filter((l) => /\/usr\/bin\/(dockerd|containerd)( |$)/.test(l))
        .map((l) => l.trim().split(/\s+/).slice(1, 3).join(' ') + ' ' + l.split(/\s+/)[7]);
    const dockerd0 = mainPid('docker');
    expect(rows()).toEqual(['812 1 /usr/bin/containerd', `${dockerd0} 1 /usr/bin/dockerd`]);
    expect(e.run('sudo systemctl restart docker').exitCode).toBe(0);
    const dockerd1 = mainPid('docker');
    expect(dockerd1).not.toBe(dockerd0);
    expect(rows()).toEqual(['812 1 /usr/bin/containerd', `${dockerd1} 1 /usr/bin/dockerd`]);
    expect(e.run('sudo systemctl stop docker docker.socket').exitCode).toBe(0);
    expect(rows()).toEqual(['812 1 /usr/bin/containerd']);
    expect(e.run('sudo systemctl restart containerd').exitCode).toBe(0);
    const containerd1 = mainPid('containerd');
    expect(containerd1).not.toBe('812');
    expect(rows()).toEqual([`${containerd1} 1 /usr/bin/containerd`]);
  });

  it('refuses changes without sudo, as systemd does without a polkit agent', () => {
    const e = new Engine();
    const r = e.run('systemctl stop docker');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(
      "Failed to stop docker.service: Interactive authentication required.\nSee system logs and 'systemctl status docker.service' for details.\n",
    );
    expect(e.run('systemctl is-active docker').stdout).toBe('active\n');
  });

  it('stops dockerd with the socket warning; the next docker command starts it through docker.socket', () => {
    const e = withNginx();
    const r = e.run('sudo systemctl stop docker');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      "Stopping 'docker.service', but its triggering units are still active:\ndocker.socket\n",
    );
    expect(ops(e, r.firstSeq - 1)).toContain('dockerd.process.sigterm');
    const active = e.run('systemctl is-active docker');
    expect([active.stdout, active.exitCode]).toEqual(['inactive\n', 3]);
    const before = e.lastSeq;
    const ps = e.run('docker ps -a --format "{{.Names}} {{.Status}}"');
    expect(ps.exitCode).toBe(0);
    expect(ps.stdout).toMatch(/^web Exited \(0\)/);
    expect(ops(e, before)).toContain('dockerd.process.start');
    expect(e.run('systemctl is-active docker').stdout).toBe('active\n');
  });

  it('without live-restore dockerd stops the running containers on shutdown', () => {
    const e = withNginx();
    const r = e.run('sudo systemctl stop docker');
    const stop = ops(e, r.firstSeq - 1);
    expect(stop.indexOf('containerd.tasks.kill')).toBeGreaterThan(
      stop.indexOf('dockerd.process.sigterm'),
    );
    expect(e.view().containers.find((c) => c.name === 'web')?.state).toBe('exited');
  });

  it('with the socket stopped too, the CLI cannot connect (exit 1; docker run 125)', () => {
    const e = new Engine();
    expect(e.run('sudo systemctl stop docker.socket').exitCode).toBe(0);
    expect(e.run('systemctl is-active docker').stdout).toBe('inactive\n');
    const ps = e.run('docker ps');
    expect(ps.stderr).toBe(
      'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n',
    );
    expect(ps.exitCode).toBe(1);
    expect(e.run('docker run alpine echo hi').exitCode).toBe(125);
    expect(e.run('sudo systemctl start docker').exitCode).toBe(0);
    expect(e.run('docker ps').exitCode).toBe(0);
  });

  it('with live-restore the containers keep running across a dockerd restart, and dockerd restores them', () => {
    const e = withNginx();
    expect(e.run(`echo '{"live-restore": true}' > /etc/docker/daemon.json`).stderr).toBe(
      'bash: /etc/docker/daemon.json: Permission denied\n',
    );
    e.run(`echo '{"live-restore": true}' | sudo tee /etc/docker/daemon.json`);
    expect(e.run('cat /etc/docker/daemon.json').stdout).toBe('{"live-restore": true}\n');
    expect(e.run('sudo systemctl reload docker').exitCode).toBe(0);
    expect(e.run('docker info --format "{{.LiveRestoreEnabled}}"').stdout).toBe('true\n');
    const stop = e.run('sudo systemctl stop docker');
    expect(ops(e, stop.firstSeq - 1)).not.toContain('containerd.tasks.kill');
    const before = e.lastSeq;
    expect(e.run('sudo systemctl start docker').exitCode).toBe(0);
    expect(ops(e, before)).toContain('containerd.tasks.get');
    expect(e.run('docker ps --format "{{.Names}}"').stdout).toBe('web\n');
    expect(e.run('sudo journalctl -u docker').stdout).toContain(
      'level=info msg="Loading containers: start."',
    );
  });

  it("journalctl without sudo: the learner is not in adm or systemd-journal, so it sees none of root's units, with systemd's hint", () => {
    const e = withNginx();
    e.run('sudo systemctl restart docker');
    const r = e.run('journalctl -u docker');
    expect(r.stderr).toBe(
      "Hint: You are currently not seeing messages from other users and the system.\n      Users in groups 'adm', 'systemd-journal' can see all messages.\n      Pass -q to turn off this notice.\n",
    );
    expect(r.stdout).toBe('-- No entries --\n');
    expect(e.run('journalctl -q -u docker').stderr).toBe('');
    expect(e.run('sudo journalctl -u docker').stdout).toContain('msg="Starting up"');
  });

  it('restarting containerd keeps the containers up: it reconnects to each shim, dockerd subscribes again', () => {
    const e = withNginx();
    const r = e.run('sudo systemctl restart containerd');
    expect(r.exitCode).toBe(0);
    const seen = ops(e, r.firstSeq - 1);
    expect(seen).toEqual(
      expect.arrayContaining([
        'containerd.process.sigterm',
        'containerd.process.start',
        'shim.task.connect',
        'containerd.events.subscribe',
      ]),
    );
    expect(seen).not.toContain('shim.task.kill');
    expect(e.run('docker ps --format "{{.Names}}"').stdout).toBe('web\n');
    expect(e.run('sudo journalctl -u docker -n 2').stdout).toContain(
      'msg="Waiting for containerd to be ready to restart event processing" module=libcontainerd namespace=moby',
    );
  });

  it("a daemon.json dockerd cannot read fails the start, in dockerd's and systemd's words", () => {
    const e = new Engine();
    e.run(`echo '{"live-restore": true,}' | sudo tee /etc/docker/daemon.json`);
    const r = e.run('sudo systemctl restart docker');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'Job for docker.service failed because the control process exited with error code.\nSee "systemctl status docker.service" and "journalctl -xeu docker.service" for details.\n',
    );
    expect(e.run('sudo journalctl -u docker').stdout).toContain(
      "unable to configure the Docker daemon with file /etc/docker/daemon.json: invalid character '}' looking for beginning of object key string",
    );
    const st = e.run('systemctl status docker');
    expect(st.exitCode).toBe(3);
    expect(st.stdout).toContain('Active: failed (Result: exit-code)');
    e.run(`echo '{"bogus": 1}' | sudo tee /etc/docker/daemon.json`);
    e.run('sudo systemctl restart docker');
    expect(e.run('sudo journalctl -u docker -n 10').stdout).toContain(
      "the following directives don't match any configuration option: bogus",
    );
  });

  it('an older engine makes the CLI negotiate down: /v1.45/ paths and "downgraded from 1.50"', () => {
    const e = new Engine();
    e.setting({ key: 'engine-version', value: '26.1.4' });
    const before = e.lastSeq;
    const v = e.run('docker version');
    expect(v.stdout).toContain(' API version:       1.45 (downgraded from 1.50)\n');
    expect(v.stdout).toContain('  Version:          26.1.4\n');
    const paths = e.trace.filter((m) => m.seq > before && m.op === 'engine.system.version');
    expect(paths[0]?.operation).toBe('GET /v1.45/version');
    const replayed = Engine.replay(e.inputs);
    expect(replayed.run('docker version').stdout).toBe(e.run('docker version').stdout);
  });

  it('the settings panel: live-restore and the cgroup driver are daemon.json keys applied by a restart', () => {
    const e = new Engine();
    e.setting({ key: 'cgroup-driver', value: 'cgroupfs' });
    e.setting({ key: 'live-restore', value: true });
    const info = e.run('docker info --format "{{.CgroupDriver}} {{.LiveRestoreEnabled}}"');
    expect(info.stdout).toBe('cgroupfs true\n');
    expect(JSON.parse(e.run('cat /etc/docker/daemon.json').stdout)).toEqual({
      'exec-opts': ['native.cgroupdriver=cgroupfs'],
      'live-restore': true,
    });
  });

  it('the host history tells the diagram which daemons are stopped, at every message', () => {
    const e = new Engine();
    const stop = e.run('sudo systemctl stop docker.socket');
    expect(e.view().stopped).toEqual(['dockerd']);
    expect(e.hostAt(stop.firstSeq).stopped).toBeUndefined();
    e.run('sudo systemctl stop containerd');
    expect(e.view().stopped).toEqual(['dockerd', 'containerd']);
    e.run('sudo systemctl start docker');
    expect(e.view().stopped).toBeUndefined();
  });

  it('the cgroupfs driver: runc gets a cgroup path, without --systemd-cgroup', () => {
    const e = new Engine();
    e.setting({ key: 'cgroup-driver', value: 'cgroupfs' });
    const r = e.run('docker run -d --name box alpine sleep 100');
    const create = e.trace.find((m) => m.seq >= r.firstSeq && m.op === 'runc.create');
    const argv = (create?.request as { argv: string[] }).argv;
    expect(argv).not.toContain('--systemd-cgroup');
    const cg = e.trace.find((m) => m.seq >= r.firstSeq && m.op === 'kernel.cgroup.join');
    expect(JSON.stringify(cg?.request)).toContain('/sys/fs/cgroup/docker/');
    const d = new Engine();
    const r2 = d.run('docker run -d --name box alpine sleep 100');
    const argv2 = (
      d.trace.find((m) => m.seq >= r2.firstSeq && m.op === 'runc.create')?.request as {
        argv: string[];
      }
    ).argv;
    expect(argv2).toContain('--systemd-cgroup');
  });

  it('socket activation of a dockerd that cannot start: systemd gives up after three starts and the socket fails', () => {
    const e = new Engine();
    e.run(`echo '{"debug": tru}' | sudo tee /etc/docker/daemon.json`);
    e.run('sudo systemctl stop docker');
    const ps = e.run('docker ps');
    expect(ps.stderr).toBe(
      'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n',
    );
    expect(ps.exitCode).toBe(1);
    expect(e.run('systemctl is-active docker.socket').stdout).toBe('failed\n');
    const journal = e.run('sudo journalctl -u docker').stdout;
    expect(journal).toContain("invalid character '}' in literal true (expecting 'e')");
    expect(journal).toContain('docker.service: Start request repeated too quickly.');
  });

  it('stopping docker and docker.socket in one line gives no warning: the socket is stopped by then', () => {
    const e = new Engine();
    const r = e.run('sudo systemctl stop docker docker.socket');
    expect([r.stderr, r.exitCode]).toEqual(['', 0]);
    expect(e.run('docker ps').exitCode).toBe(1);
  });

  it("systemctl status: containerd's cgroup holds the shims, docker.service's the docker-proxy processes", () => {
    const e = new Engine();
    e.run('docker run -d -p 8080:80 --name web nginx');
    const st = e.run('systemctl status containerd docker').stdout;
    expect(st).toMatch(
      /├─812 \/usr\/bin\/containerd\n +└─\d+ \/usr\/bin\/containerd-shim-runc-v2 -namespace moby -id [0-9a-f]{64} -address \/run\/containerd\/containerd\.sock\n/,
    );
    expect(st).toMatch(/\n\n● docker\.service - Docker Application Container Engine\n/);
    expect(st).toContain('└─');
    expect(st).toMatch(
      /├─\d+ \/usr\/bin\/docker-proxy -proto tcp -host-ip 0\.0\.0\.0 -host-port 8080/,
    );
  });
});
