import { describe, expect, it } from 'vitest';
import { contextOf } from '../core/actors';
import type { Message } from '../engine';
import type { KernelState } from '../kernel/kernelMachine';
import type { OciSpec } from '../dockerd/ociSpec';
import { messagesOf, session } from './helpers';

/**
 * Limits down to what the kernel is told, and the OOM killer (moby v28.2.2
 * daemon_unix.go, oci_linux.go, update.go; runc v1.2.5 libcontainer/cgroups/fs2;
 * containerd pkg/oom/v2; docker/cli v28.2.2 run, update, stats).
 */

const pidOf = (steps: Message[]) =>
  (steps.find((m) => m.op === 'kernel.process.exit')!.request as { pid: number }).pid;
const request = (m: Message) => m.request as { body?: Record<string, unknown> };
const cgroupOf = (id: string) => `/sys/fs/cgroup/system.slice/docker-${id}.scope`;
const filesOf = (engine: ReturnType<typeof session>['engine'], id: string) =>
  contextOf<KernelState>(engine.host.kernel).cgroups[cgroupOf(id)];

describe('resource flags on docker run', () => {
  const { engine, results } = session([
    'docker pull alpine',
    'docker run -d --name box -m 32m --memory-reservation 16m --cpus 1.5 -c 512 --cpuset-cpus 1 --pids-limit 100 --ulimit nofile=1024:2048 --ulimit nproc=64 alpine sleep 600',
    "docker inspect -f '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.MemoryReservation}} {{.HostConfig.NanoCpus}} {{.HostConfig.CpuShares}} {{.HostConfig.CpusetCpus}} {{.HostConfig.PidsLimit}} {{json .HostConfig.Ulimits}}' box",
  ]);
  const id = results[1]!.stdout.trim();

  it('sends them in HostConfig in the units the API uses', () => {
    const create = messagesOf(engine, results[1]!).find(
      (m) => m.from === 'client' && m.op === 'engine.containers.create' && m.kind === 'request',
    )!;
    const hc = request(create).body!.HostConfig as Record<string, unknown>;
    expect(hc).toMatchObject({
      Memory: 33554432,
      MemoryReservation: 16777216,
      MemorySwap: 0,
      NanoCpus: 1500000000,
      CpuShares: 512,
      CpusetCpus: '1',
      PidsLimit: 100,
      Ulimits: [
        { Name: 'nofile', Hard: 2048, Soft: 1024 },
        { Name: 'nproc', Hard: 64, Soft: 64 },
      ],
    });
  });

  it('keeps them as dockerd does: swap twice the memory when only -m was given', () => {
    expect(results[2]!.stdout).toBe(
      // .HostConfig.NanoCpus is no Go field (NanoCPUs is): the CLI falls back to the raw
      // JSON, as maps, so json sorts the keys (the real CLI did so in conformance).
      '33554432 67108864 16777216 1500000000 512 1 100 [{"Hard":2048,"Name":"nofile","Soft":1024},{"Hard":64,"Name":"nproc","Soft":64}]\n',
    );
  });

  it('writes them into the spec: linux.resources and process.rlimits', () => {
    const create = engine.trace.find(
      (m) => m.kind === 'request' && m.op === 'containerd.containers.create',
    )!;
    const spec = (create.request as { spec: OciSpec }).spec;
    expect(spec.linux.resources).toMatchObject({
      memory: { limit: 33554432, reservation: 16777216, swap: 67108864 },
      cpu: { shares: 512, cpus: '1', period: 100000, quota: 150000 },
      pids: { limit: 100 },
    });
    expect(spec.process.rlimits).toEqual([
      { type: 'RLIMIT_NOFILE', hard: 2048, soft: 1024 },
      { type: 'RLIMIT_NPROC', hard: 64, soft: 64 },
    ]);
  });

  it('has runc write the cgroup v2 files in fs2.Set’s order, and the kernel keeps them', () => {
    const writes = engine.trace
      .filter((m) => m.kind === 'request' && m.op === 'kernel.cgroup.write')
      .map((m) => m.operation.replace(cgroupOf(id), '<cg>'));
    expect(writes).toEqual([
      'write <cg>/pids.max "100"',
      'write <cg>/memory.swap.max "33554432"',
      'write <cg>/memory.max "33554432"',
      'write <cg>/memory.low "16777216"',
      // runc's ConvertCPUSharesToCgroupV2Value: 1 + (512 - 2) * 9999 / 262142 = 20
      'write <cg>/cpu.weight "20"',
      'write <cg>/cpu.max "150000 100000"',
      'write <cg>/cpuset.cpus "1"',
    ]);
    expect(filesOf(engine, id)).toMatchObject({
      'memory.max': '33554432',
      'memory.swap.max': '33554432',
      'cpu.max': '150000 100000',
      'cpu.weight': '20',
      'pids.max': '100',
    });
  });
});

describe('bad resource values', () => {
  it('fail in the flag parser with pflag’s words, before anything is sent', () => {
    const { results } = session([
      'docker run -m foo alpine',
      'docker run --cpus 1.0000000001 alpine',
    ]);
    expect(results[0]!.exitCode).toBe(125);
    expect(results[0]!.stderr).toMatch(
      /^invalid argument "foo" for "-m, --memory" flag: invalid size: 'foo'\n/,
    );
    expect(results[1]!.stderr).toMatch(/"--cpus" flag: value is too precise/);
  });

  it('get dockerd’s verifyPlatformContainerResources errors', () => {
    const { results } = session([
      'docker pull alpine',
      'docker run -m 4m alpine',
      'docker run -m 32m --memory-swap 16m alpine',
      'docker run --memory-swap 64m alpine',
      'docker run --cpus 3 alpine',
      'docker run --cpuset-cpus 2 alpine',
      'docker create -m 16m --memory-reservation 32m alpine',
    ]);
    const first = (i: number) => results[i]!.stderr.split('\n')[0];
    expect(first(1)).toBe(
      'docker: Error response from daemon: Minimum memory limit allowed is 6MB',
    );
    expect(first(2)).toBe(
      'docker: Error response from daemon: Minimum memoryswap limit should be larger than memory limit, see usage',
    );
    expect(first(3)).toBe(
      'docker: Error response from daemon: You should always set the Memory limit when using Memoryswap limit, see usage',
    );
    expect(first(4)).toBe(
      'docker: Error response from daemon: range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available',
    );
    expect(first(5)).toBe(
      'docker: Error response from daemon: Requested CPUs are not available - requested 2, available: 0-1',
    );
    expect(results[6]!.stderr).toBe(
      'Error response from daemon: Minimum memory limit can not be less than memory reservation limit, see usage\n',
    );
    expect(results.slice(1).map((r) => r.exitCode)).toEqual([125, 125, 125, 125, 125, 1]);
  });
});

describe('the OOM killer: docker run -m 32m alpine sh -c "tail /dev/zero"', () => {
  const { engine, results } = session([
    'docker pull alpine',
    "docker run --name hog -m 32m alpine sh -c 'tail /dev/zero'",
    "docker inspect -f '{{.State.OOMKilled}} {{.State.ExitCode}}' hog",
  ]);
  const run = results[1]!;
  const id = contextOf<{ names: Record<string, string> }>(engine.host.dockerd).names['/hog']!;

  it('exits 137 and prints nothing', () => {
    expect(run.exitCode).toBe(137);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('');
  });

  it('sets State.OOMKilled', () => {
    expect(results[2]!.stdout).toBe('true 137\n');
  });

  it('shows each step: charge, kill, memory.events, the shim’s TaskOOM, containerd, dockerd', () => {
    const all = engine.trace;
    const steps = all.filter((m) =>
      [
        'kernel.memory.charge',
        'kernel.cgroup.events',
        'kernel.process.exit',
        'shim.events.oom',
        'containerd.events.oom',
        'shim.events.exit',
        'containerd.events.exit',
      ].includes(m.op),
    );
    const line = (m: Message) =>
      `${m.from.replace(id.slice(0, 12), '<id>')} → ${m.to.replace(id.slice(0, 12), '<id>')}: ${m.operation}${m.kind === 'response' ? ` = ${String(m.status)}` : ''}`;
    expect(steps.map(line)).toEqual([
      'container-<id> → kernel: page faults: +8 MiB',
      'kernel → container-<id>: page faults: +8 MiB = 0',
      'container-<id> → kernel: page faults: +8 MiB',
      'kernel → container-<id>: page faults: +8 MiB = 0',
      'container-<id> → kernel: page faults: +16 MiB',
      'kernel → container-<id>: page faults: +16 MiB = 0',
      'container-<id> → kernel: page faults: +32 MiB',
      'kernel → shim-<id>: inotify: IN_MODIFY memory.events',
      'kernel → container-<id>: page faults: +32 MiB = SIGKILL',
      `kernel → shim-<id>: SIGCHLD → wait4(${pidOf(steps)})`,
      'shim-<id> → containerd: containerd.services.events.ttrpc.v1.Events/Forward',
      'shim-<id> → containerd: containerd.services.events.ttrpc.v1.Events/Forward',
      'containerd → dockerd: /tasks/exit',
      'containerd → dockerd: /tasks/oom',
    ]);
    const kill = steps.find((m) => m.op === 'kernel.process.exit')!;
    expect(kill.request).toMatchObject({ termsig: 9 });
    const oom = steps.find((m) => m.op === 'shim.events.oom')!;
    expect(oom.request).toMatchObject({ topic: '/tasks/oom', event: { container_id: id } });
  });

  it('the shim reads memory.events: max, oom and oom_kill counted once each', () => {
    const read = engine.trace.find((m) => m.op === 'kernel.cgroup.read' && m.kind === 'response')!;
    expect((read.response as { content: string }).content).toBe(
      'low 0\nhigh 0\nmax 1\noom 1\noom_kill 1\noom_group_kill 0\n',
    );
  });
});

describe('an OOM kill of a child of the shell', () => {
  it('ends only the child: the shell reads 137 and goes on, and OOMKilled is still set', () => {
    const { results } = session([
      'docker pull alpine',
      "docker run --name kid -m 10m alpine sh -c 'echo start; tail /dev/zero; echo after $?'",
      "docker inspect -f '{{.State.OOMKilled}} {{.State.ExitCode}}' kid",
    ]);
    expect(results[1]!.stdout).toBe('start\nafter 137\n');
    expect(results[1]!.exitCode).toBe(0);
    expect(results[2]!.stdout).toBe('true 0\n');
  });
});

describe('docker update', () => {
  const { engine, results } = session([
    'docker pull alpine',
    'docker run -d --name box alpine sleep 600',
    'docker update -m 64m box',
    'docker update -m 64m --memory-swap 128m --cpus 0.5 --pids-limit 50 box',
    "docker inspect -f '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.NanoCpus}} {{.HostConfig.PidsLimit}}' box",
    'docker update box',
  ]);
  const id = results[1]!.stdout.trim();

  it('refuses more memory than the swap limit already set, as moby’s UpdateContainer does', () => {
    expect(results[2]!.exitCode).toBe(1);
    expect(results[2]!.stderr).toBe(
      `Error response from daemon: Cannot update container ${id}: Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time\n`,
    );
  });

  it('prints the name, stores the values and rewrites the cgroup files of the running container', () => {
    expect(results[3]!.stdout).toBe('box\n');
    expect(results[4]!.stdout).toBe('67108864 134217728 500000000 50\n');
    const ops = messagesOf(engine, results[3]!)
      .filter((m) => m.kind === 'request')
      .map((m) => m.op);
    expect(ops).toEqual([
      'engine.system.ping',
      'engine.containers.update',
      'containerd.tasks.update',
      'shim.task.update',
      'runc.update',
      'kernel.cgroup.write',
      'kernel.cgroup.write',
      'kernel.cgroup.write',
      'kernel.cgroup.write',
    ]);
    expect(filesOf(engine, id)).toMatchObject({
      'pids.max': '50',
      'memory.max': '67108864',
      'memory.swap.max': '67108864',
      'cpu.max': '50000 100000',
    });
  });

  it('needs a flag', () => {
    expect(results[5]!.stderr).toBe('you must provide one or more flags when using this command\n');
    expect(results[5]!.exitCode).toBe(1);
  });
});

describe('docker stats --no-stream', () => {
  it('prints the CLI’s table from the cgroup counters', () => {
    const { results } = session([
      'docker pull alpine',
      'docker run -d --name box -m 64m alpine sleep 600',
      'docker stats --no-stream box',
    ]);
    const id = results[1]!.stdout.trim().slice(0, 12);
    expect(results[2]!.stdout).toBe(
      'CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   BLOCK I/O   PIDS\n' +
        `${id}   box       0.00%     0B / 64MiB          0.00%     0B / 0B   0B / 0B     1\n`,
    );
  });
});

describe('docker stats', () => {
  const ROW = (id: string, name: string, pids: number) =>
    `${id}   ${name.padEnd(9)} 0.00%     0B / 7.752GiB       0.00%     0B / 0B   0B / 0B     ${pids}`;
  const HEAD =
    'CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   BLOCK I/O   PIDS';

  it('without names follows the events, lists the running containers and primes each sample', () => {
    const { engine, results } = session([
      'docker pull alpine',
      'docker run -d --name one alpine sleep 600',
      'docker run -d --name two alpine sleep 600',
      'docker stats --no-stream',
    ]);
    const [one, two] = [results[1]!, results[2]!].map((r) => r.stdout.trim().slice(0, 12));
    expect(results[3]!.stdout).toBe(`${HEAD}\n${ROW(two!, 'two', 1)}\n${ROW(one!, 'one', 1)}\n`);
    const steps = messagesOf(engine, results[3]!);
    const asked = steps
      .filter((m) => m.from === 'client' && m.kind === 'request')
      .map((m) => m.operation);
    expect(asked).toEqual([
      'HEAD /_ping',
      'GET /v1.50/events?filters=%7B%22type%22%3A%7B%22container%22%3Atrue%7D%7D',
      'GET /v1.50/containers/json',
      `GET /v1.50/containers/${two}/stats?stream=0`,
      `GET /v1.50/containers/${one}/stats?stream=0`,
    ]);
    // Without one-shot dockerd answers with the collector's second sample, a second later.
    const metrics = steps.filter(
      (m) => m.op === 'containerd.tasks.metrics' && m.kind === 'request',
    );
    expect(metrics).toHaveLength(4);
  });

  it('streams a frame every half second; with names Ctrl-C ends it only the third time (docker/cli#6090)', () => {
    const { engine, results } = session([
      'docker pull alpine',
      'docker run -d --name box alpine sleep 600',
    ]);
    const id = results[1]!.stdout.trim().slice(0, 12);
    const r = engine.run('docker stats box');
    expect(r.exitCode).toBeNull();
    const table = `${HEAD}\n${ROW(id, 'box', 1)}\n`;
    const frame =
      `\x1b[H${table}` + `\x1b[H${HEAD} \x1b[K\n${ROW(id, 'box', 1)} \x1b[K\n \x1b[K\n\x1b[J`;
    expect(r.stdout.startsWith(frame + frame)).toBe(true);
    const samples = () =>
      engine.trace.filter((m) => m.op === 'engine.containers.stats.sample').length;
    engine.interrupt(r.id);
    expect(r.exitCode).toBeNull();
    const after = samples();
    engine.advance(5000);
    expect(samples()).toBe(after);
    engine.interrupt(r.id);
    engine.interrupt(r.id);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('\ngot 3 SIGTERM/SIGINTs, forcefully exiting\n');
  });

  it('without names adds a container that starts, and Ctrl-C ends it at once', () => {
    const { engine, results } = session(['docker pull alpine']);
    void results;
    const r = engine.run('docker stats');
    expect(r.exitCode).toBeNull();
    expect(r.stdout.startsWith(`\x1b[H${HEAD}\n\x1b[H${HEAD} \x1b[K\n \x1b[K\n\x1b[J`)).toBe(true);
    const started = engine.run('docker run -d --name late alpine sleep 600');
    const id = started.stdout.trim().slice(0, 12);
    engine.advance(2000);
    expect(r.stdout).toContain(`${ROW(id, 'late', 1)} \x1b[K\n`);
    engine.interrupt(r.id);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
  });
});
