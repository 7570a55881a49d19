/**
 * Injected faults (core/faults.ts): each is answered at the hop where it
 * happens, and what the learner sees is what dockerd 28 with the containerd
 * image store (containerd v2.0 client, as moby 28.2 vendors it) prints.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import type { Message } from '../core/types';
import { contextOf } from '../core/actors';
import type { KernelState } from '../kernel/kernelMachine';
import { activeFaults, isFaultInput } from '../core/faults';
import { messagesOf } from './helpers';

const fresh = () => new Engine({ seed: 1 });

/** The first answer the wire gave at a hop: its request and its response. */
function hop(engine: Engine, first: number, pred: (m: Message) => boolean): Message[] {
  return engine.trace.filter((m) => m.seq >= first && pred(m));
}

describe('registry faults', () => {
  it('registry down: the resolve fails with the DNS error Go reports, at the first request to Docker Hub', () => {
    const e = fresh();
    e.fault({ op: 'fault', set: { kind: 'registry-down' } });
    const r = e.run('docker pull alpine');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'Error response from daemon: failed to resolve reference "docker.io/library/alpine:latest": failed to do request: Head "https://registry-1.docker.io/v2/library/alpine/manifests/latest": dial tcp: lookup registry-1.docker.io on 127.0.0.53:53: server misbehaving\n',
    );
    const registry = messagesOf(e, r).filter((m) => m.to === 'registry' || m.from === 'registry');
    expect(registry.map((m) => `${m.kind} ${String(m.status ?? '')}`)).toEqual([
      'request ',
      'response dial error',
    ]);
    expect(messagesOf(e, r).some((m) => m.to === 'auth')).toBe(false);
  });

  it('429: the HEAD passes (it is no pull), the index GET is refused and retried at once five times; the CLI shows the Hub message', () => {
    const e = fresh();
    e.fault({ op: 'fault', set: { kind: 'registry-429' } });
    const r = e.run('docker pull alpine');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(
      /^Error response from daemon: failed to copy: httpReadSeeker: failed open: unexpected status code https:\/\/registry-1\.docker\.io\/v2\/library\/alpine\/manifests\/sha256:[0-9a-f]{64}: 429 Too Many Requests - Server message: toomanyrequests: You have reached your unauthenticated pull rate limit\. https:\/\/www\.docker\.com\/increase-rate-limit\n$/,
    );
    const answers = messagesOf(e, r).filter((m) => m.from === 'registry' && m.kind === 'response');
    expect(answers.map((m) => `${m.operation.split(' ')[0]} ${String(m.status)}`)).toEqual([
      'HEAD 401',
      'HEAD 200',
      'GET 429',
      'GET 429',
      'GET 429',
      'GET 429',
      'GET 429',
      'GET 429',
    ]);
  });

  it('401: the token does not help; dockerd says pull access denied', () => {
    const e = fresh();
    e.fault({ op: 'fault', set: { kind: 'registry-401' } });
    const r = e.run('docker run alpine echo hi');
    expect(r.exitCode).toBe(125);
    expect(r.stderr).toBe(
      "Unable to find image 'alpine:latest' locally\ndocker: Error response from daemon: pull access denied for alpine, repository does not exist or may require 'docker login'\n\nRun 'docker run --help' for more information\n",
    );
    expect(messagesOf(e, r).filter((m) => m.to === 'auth').length).toBe(1);
  });

  it('503: the resolve fails at once (containerd retries no 5xx), worded by translateRegistryError', () => {
    const e = fresh();
    e.fault({ op: 'fault', set: { kind: 'registry-5xx' } });
    const r = e.run('docker pull alpine');
    expect(r.stderr).toBe(
      'Error response from daemon: unknown: failed to resolve reference "docker.io/library/alpine:latest": unexpected status from HEAD request to https://registry-1.docker.io/v2/library/alpine/manifests/latest: 503 Service Unavailable\n',
    );
    expect(messagesOf(e, r).filter((m) => m.to === 'registry' && m.kind === 'request').length).toBe(
      1,
    );
  });

  it('a 503 that starts mid-pull fails the layer download in the progress stream, with no retry', () => {
    const e = fresh();
    const id = e.run('docker pull nginx').id;
    void id;
    const e2 = fresh();
    // Set the fault once the layers are being fetched: after the config blob arrived.
    e2.onMessage((m) => {
      if (
        m.kind === 'response' &&
        m.from === 'registry' &&
        m.summary === 'here is the image config' &&
        e2.faults.length === 0
      )
        e2.host.net.faults.set({ kind: 'registry-5xx' });
    });
    const r = e2.run('docker pull nginx');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('latest: Pulling from library/nginx\n');
    expect(r.stderr).toMatch(
      /^failed to copy: httpReadSeeker: failed open: unexpected status code https:\/\/registry-1\.docker\.io\/v2\/library\/nginx\/blobs\/sha256:[0-9a-f]{64}: 503 Service Unavailable\n$/,
    );
    expect(r.stdout).not.toContain('Retrying in');
  });

  it('clearing the fault lets the same pull succeed', () => {
    const e = fresh();
    e.fault({ op: 'fault', set: { kind: 'registry-429' } });
    expect(e.run('docker pull alpine').exitCode).toBe(1);
    e.fault({ op: 'fault', clear: 'registry-429' });
    const r = e.run('docker pull alpine');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Status: Downloaded newer image for alpine:latest');
  });
});

describe('disk full', () => {
  it('a pull fails writing into containerd’s content store (its ingest file), at containerd', () => {
    const e = fresh();
    e.fault({ op: 'fault', set: { kind: 'disk-full' } });
    const r = e.run('docker pull alpine');
    expect(r.stderr).toMatch(
      /^Error response from daemon: failed to copy: failed to send write: write \/var\/lib\/containerd\/io\.containerd\.content\.v1\.content\/ingest\/[0-9a-f]{64}\/data: no space left on device\n$/,
    );
    const failed = messagesOf(e, r).find(
      (m) => m.from === 'containerd' && m.kind === 'response' && m.status === 'Unknown',
    );
    expect(failed?.operation).toBe('containerd.services.content.v1.Content/Write');
  });

  it('a write inside a container fails with BusyBox’s words; tmpfs is not on the disk', () => {
    const e = fresh();
    e.run('docker pull alpine');
    e.fault({ op: 'fault', set: { kind: 'disk-full' } });
    const r = e.run("docker run --rm alpine sh -c 'echo hi > /x; touch /y'");
    expect(r.stderr).toBe(
      "sh: can't create /x: No space left on device\ntouch: /y: No space left on device\n",
    );
    expect(r.exitCode).toBe(1);
    const t = e.run("docker run --rm --tmpfs /t alpine sh -c 'echo hi > /t/x && cat /t/x'");
    expect(t.stdout).toBe('hi\n');
  });
});

describe('a port taken by a host process', () => {
  it('dockerd’s bind(2) fails with EADDRINUSE: moby 28’s bind error, the container stays Created', () => {
    const e = fresh();
    e.run('docker pull nginx');
    e.fault({ op: 'fault', set: { kind: 'port-taken', port: 8080 } });
    const r = e.run('docker run -d -p 8080:80 --name web nginx');
    expect(r.exitCode).toBe(125);
    expect(r.stderr).toMatch(
      /^docker: Error response from daemon: failed to set up container networking: driver failed programming external connectivity on endpoint web \([0-9a-f]{64}\): failed to bind host port for 0\.0\.0\.0:8080:172\.17\.0\.2:80\/tcp: address already in use\n/,
    );
    const bind = messagesOf(e, r).filter((m) => m.operation === 'bind(fd, 0.0.0.0:8080)');
    expect(bind.map((m) => `${m.from}→${m.to} ${String(m.status ?? '')}`)).toEqual([
      'dockerd→kernel ',
      'kernel→dockerd -98',
    ]);
    expect(e.run('docker ps -a --format "{{.Names}} {{.Status}}"').stdout).toBe('web Created\n');
    // No docker-proxy was started, no NAT rule left behind.
    const k = contextOf<KernelState>(e.host.kernel);
    expect(Object.values(k.processes).some((p) => p.argv[0]?.endsWith('docker-proxy'))).toBe(false);
    e.fault({ op: 'fault', clear: 'port-taken' });
    expect(e.run('docker start web').exitCode).toBe(0);
  });

  it('another host port is not affected', () => {
    const e = fresh();
    e.fault({ op: 'fault', set: { kind: 'port-taken', port: 8080 } });
    expect(e.run('docker run -d -p 8081:80 nginx').exitCode).toBe(0);
  });
});

describe('kill on the host', () => {
  function running() {
    const e = fresh();
    e.run('docker run -d --name web nginx');
    const [id, shim] = [...e.host.shims.entries()][0]!;
    const init = Number(e.run("docker inspect -f '{{.State.Pid}}' web").stdout.trim());
    return { e, id, shimPid: shim.shimPid, init };
  }

  it('kill without sudo: bash’s builtin gets EPERM for root’s process', () => {
    const { e, shimPid } = running();
    const r = e.run(`kill -9 ${shimPid}`);
    expect(r.stderr).toBe(`bash: kill: (${shimPid}) - Operation not permitted\n`);
    expect(r.exitCode).toBe(1);
    expect(e.run('kill 99999').stderr).toBe('bash: kill: (99999) - No such process\n');
    expect(e.run('kill -FOO 1').stderr).toBe('bash: kill: FOO: invalid signal specification\n');
    expect(e.run('kill').stderr).toBe(
      'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n',
    );
  });

  it('sudo kill -9 of the shim: containerd sees the connection close, runs runc delete --force; Exited (137)', () => {
    const { e, shimPid, init } = running();
    const first = e.lastSeq + 1;
    const r = e.run(`sudo kill -9 ${shimPid}`);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    e.advance(1000);
    const ops = hop(e, first, (m) => m.kind !== 'response' && !m.from.startsWith('container-')).map(
      (m) =>
        `${m.from.replace(/-[0-9a-f]{12}$/, '')} → ${m.to.replace(/-[0-9a-f]{12}$/, '')}: ${m.operation}`,
    );
    expect(ops.slice(0, 6)).toEqual([
      `bash → kernel: kill(${shimPid}, SIGKILL)`,
      'shim → kernel: killed by SIGKILL',
      'shim → containerd: ttrpc: closed',
      'containerd → runc: runc delete --force',
      `runc → kernel: openat("/proc/${init}/stat", O_RDONLY)`,
      `runc → kernel: kill(${init}, SIGKILL)`,
    ]);
    expect(ops).toContain('containerd → dockerd: /tasks/exit');
    const exit = e.trace.find((m) => m.seq >= first && m.op === 'containerd.events.exit');
    expect((exit?.request as { exit_status: number }).exit_status).toBe(137);
    expect(e.run('docker ps -a --format "{{.Names}} {{.Status}}"').stdout).toMatch(
      /^web Exited \(137\) /,
    );
    // Neither the shim nor the container's process is left on the host.
    const k = contextOf<KernelState>(e.host.kernel);
    expect(k.processes[shimPid]).toBeUndefined();
    expect(k.processes[init]).toBeUndefined();
    expect(e.host.shims.size).toBe(0);
    // No SIGCHLD went to the dead shim: the orphan's reaper is the host's init.
    expect(e.trace.some((m) => m.seq >= first && m.operation.startsWith('SIGCHLD'))).toBe(false);
  });

  it('sudo kill -9 of the container’s main process: the shim reports it, exit 137', () => {
    const { e, init } = running();
    expect(e.run(`sudo kill -9 ${init}`).exitCode).toBe(0);
    e.advance(1000);
    expect(e.run('docker ps -a --format "{{.Status}}"').stdout).toMatch(/^Exited \(137\) /);
    expect(e.run('docker start web').exitCode).toBe(0);
  });

  it('the panel’s kill-shim fault does the same as sudo kill -9, and is replayed', () => {
    const e = fresh();
    e.run('docker run -d --name web nginx');
    expect(e.fault({ op: 'fault', set: { kind: 'kill-shim', container: 'web' } })).toMatch(
      /^sent SIGKILL to the shim of web \(PID \d+\)$/,
    );
    e.advance(500);
    expect(e.run('docker ps -a --format "{{.Status}}"').stdout).toMatch(/^Exited \(137\) /);
    expect(e.fault({ op: 'fault', set: { kind: 'kill-shim', container: 'nope' } })).toBe(
      'No such container: nope',
    );
  });
});

describe('faults are engine inputs', () => {
  it('a replay of the input log with faults gives the same trace and output', () => {
    const e = fresh();
    e.run('docker run -d --name web -p 8080:80 nginx');
    e.fault({ op: 'fault', set: { kind: 'port-taken', port: 9090 } });
    e.run('docker run -d --name web2 -p 9090:80 nginx');
    e.fault({ op: 'fault', set: { kind: 'registry-429' } });
    e.run('docker pull alpine');
    e.fault({ op: 'fault', clear: 'all' });
    e.fault({ op: 'fault', set: { kind: 'kill-shim', container: 'web' } });
    e.advance(2000);
    e.run('docker ps -a');
    const again = Engine.replay(e.inputs, { seed: 1 });
    expect(again.lastSeq).toBe(e.lastSeq);
    const row = (m: Message) =>
      `${m.seq} ${m.time} ${m.from}>${m.to} ${m.operation} ${String(m.status ?? '')}`;
    expect(again.trace.map(row)).toEqual(e.trace.map(row));
    expect(again.result(4)?.stdout).toBe(e.result(4)?.stdout);
    expect(activeFaults(e.inputs)).toEqual([]);
    expect(activeFaults(e.inputs.slice(0, 3))).toEqual([{ kind: 'port-taken', port: 9090 }]);
  });

  it('inputs from outside are checked', () => {
    expect(isFaultInput({ op: 'fault', set: { kind: 'disk-full' } })).toBe(true);
    expect(isFaultInput({ op: 'fault', set: { kind: 'port-taken', port: 70000 } })).toBe(false);
    expect(isFaultInput({ op: 'fault', set: { kind: 'meteor' } })).toBe(false);
    expect(isFaultInput({ op: 'fault', clear: 'all' })).toBe(true);
    expect(isFaultInput({ op: 'fault', set: { kind: 'kill-shim', container: '' } })).toBe(false);
  });
});
