import { describe, expect, it } from 'vitest';
import { session } from '../test/helpers';

/**
 * What a program in a container sees comes from the kernel (issue 11): files
 * dockerd and containerd wrote into it by message, its mount table, its
 * network devices. These tests change the kernel's copy behind the daemons'
 * backs and watch the container read the change, so a program that read a
 * daemon's record instead would fail them.
 */

const hostsPath = (id: string) => `/var/lib/docker/containers/${id}/hosts`;
const bundle = (id: string) => `/run/containerd/io.containerd.runtime.v2.task/moby/${id}`;

/** The ID `docker run -d` printed. */
const idOf = (r: { stdout: string }) => r.stdout.trim();

describe('the kernel holds what a container reads', () => {
  it('cat /etc/hosts reads the file dockerd wrote into the kernel, through the bind mount runc made', () => {
    const { engine, results } = session([
      'docker pull alpine',
      `docker run -d --name hosts alpine sh -c 'sleep 2; cat /etc/hosts'`,
    ]);
    const id = idOf(results[1]!);
    // A line added to the host file (as an edit of /var/lib/docker/containers/<id>/hosts would).
    engine.host.files.append(hostsPath(id), '10.9.8.7\tsomewhere\n');
    engine.advance(5000);
    const logs = engine.run('docker logs hosts').stdout;
    expect(logs).toContain(`172.17.0.2\t${id.slice(0, 12)}\n10.9.8.7\tsomewhere\n`);
  });

  it('ping looks a name up in /etc/hosts, as the C library does', () => {
    const { engine, results } = session([
      'docker pull alpine',
      `docker run -d --name pinger alpine sh -c 'sleep 2; ping -c 1 gateway'`,
    ]);
    engine.host.files.append(hostsPath(idOf(results[1]!)), '172.17.0.1\tgateway\n');
    engine.advance(5000);
    expect(engine.run('docker logs pinger').stdout).toMatch(/^PING gateway \(172\.17\.0\.1\)/);
  });

  it('the bundle is written before the shim starts, read by runc, and gone with the task', () => {
    const { engine } = session(['docker pull alpine', 'docker run --rm alpine true']);
    const ops = engine.trace.filter((m) => m.kind === 'request').map((m) => m.op);
    const at = (op: string) => ops.indexOf(op as (typeof ops)[number]);
    expect(at('kernel.bundle.write')).toBeGreaterThan(at('containerd.tasks.create'));
    expect(at('kernel.bundle.write')).toBeLessThan(at('shim.binary.start'));
    expect(at('kernel.bundle.read')).toBeGreaterThan(at('runc.create'));
    expect(at('kernel.bundle.read')).toBeLessThan(at('kernel.clone'));
    // What runc read is the spec dockerd registered with Containers.Create.
    const created = engine.trace.find((m) => m.op === 'containerd.containers.create')!;
    const read = engine.trace.find((m) => m.op === 'kernel.bundle.read' && m.kind === 'response')!;
    expect((read.response as { content: unknown }).content).toBe(
      (created.request as { spec: unknown }).spec,
    );
    const id = (created.request as { id: string }).id;
    expect(engine.host.files.read(`${bundle(id)}/config.json`)).toBeUndefined();
    expect(engine.host.files.read(hostsPath(id))).toBeUndefined();
    expect(engine.host.namespaces.of(id)).toBeUndefined();
    // The shim said exit_group and the kernel reaped it: no process is left.
    expect(engine.trace.some((m) => m.op === 'kernel.shim.exit')).toBe(true);
    expect(Object.keys(engine.host.kernel.getSnapshot().context.processes)).toEqual([]);
  });

  it('runc delete learns from /proc that init exited, so it kills nothing', () => {
    const { engine } = session(['docker pull alpine', 'docker run --rm alpine true']);
    const after = engine.trace.slice(engine.trace.findIndex((m) => m.op === 'runc.delete'));
    expect(after.find((m) => m.op === 'kernel.proc.stat' && m.kind === 'response')?.status).toBe(
      -2,
    );
    expect(after.some((m) => m.op === 'kernel.kill')).toBe(false);
  });

  it('a shell on a pty (-t) waits for input as with real Docker; without a stdin it exits at once', () => {
    const { engine, results } = session([
      'docker pull alpine',
      'docker run -dt --name tty alpine',
      'docker run -d --name plain alpine',
    ]);
    expect(results.slice(1).map((r) => r.exitCode)).toEqual([0, 0]);
    engine.advance(2000);
    const ps = engine.run('docker ps -a').stdout;
    expect(ps).toMatch(/Up \d+ seconds? +tty\n/);
    expect(ps).toMatch(/Exited \(0\) .* plain\n/);
  });
});
