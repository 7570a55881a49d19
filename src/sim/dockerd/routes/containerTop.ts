import type { Route } from '../router';
import { contextOf } from '../../core/actors';
import type { DockerdState } from '../model';
import { findContainer } from '../lookup';
import { conflict, systemError } from '../errors';
import { GRPC } from '../../containerd/services';
import { toContainerd } from '../containerdNamespace';
import { aboutContainer } from '../../trace/operations';
import { emitContainerEvent } from '../events';

/** moby's psArgsRegexp: `-o user=PID` would rename the PID column dockerd filters on. */
const PS_ARGS = /\s+([^\s]*)=\s*(PID[^\s]*)/g;

/** Go's strings.FieldsFunc on ASCII blanks. */
const fields = (line: string) => line.split(/[\t\n\f\r ]+/).filter((f) => f !== '');

/**
 * `GET /containers/{id}/top?ps_args=…` (moby v28.2.2 daemon/top_unix.go
 * ContainerTop): containerd gives the task's PIDs (the shim runs `runc ps`,
 * which reads the cgroup), then dockerd runs the host's `ps` with the
 * learner's options and `-q <pids>`, and keeps the lines of those PIDs. The
 * columns are procps's; the PIDs are the host's, not the container's.
 */
export const containerTopRoutes: Route[] = [
  {
    method: 'GET',
    path: '/containers/{id}/top',
    op: 'engine.containers.top',
    *handler(ctx) {
      const { host } = ctx;
      const psArgs = ctx.query.ps_args || '-ef';
      for (const m of psArgs.matchAll(PS_ARGS))
        if (m[1] !== 'pid') throw systemError(`specifying "${m[1]}=${m[2]}" is not allowed`);
      const c = findContainer(contextOf<DockerdState>(host.dockerd), ctx.params.id!);
      // container.GetRunningTask: a paused container is still running; a restarting one waits.
      if (c.state !== 'running' && c.state !== 'paused' && c.state !== 'restarting')
        throw conflict(`container ${c.id} is not running`);
      if (c.state === 'restarting')
        throw conflict(`Container ${c.id} is restarting, wait until the container is running`);
      const listed = yield* ctx.inbound.call<{ processes?: Array<{ pid: number }> }>({
        to: 'containerd',
        protocol: 'grpc',
        operation: GRPC.tasksListPids,
        op: 'containerd.tasks.pids',
        subjects: aboutContainer(c.id),
        request: toContainerd(host, { container_id: c.id }),
        summary: 'dockerd asks containerd for the PIDs of the container’s task',
      });
      const pids = (listed.body?.processes ?? []).map((p) => p.pid);
      const args = psArgs.split(' ');
      const q = `-q${pids.join(',')}`;
      const ran = yield* ctx.inbound.call<{ stdout?: string }>({
        to: 'kernel',
        protocol: 'syscall',
        operation: `ps ${[...args, q].join(' ')}`,
        op: 'kernel.ps',
        subjects: aboutContainer(c.id),
        request: { call: 'ps', args, pids },
        summary: 'dockerd runs the host’s ps for those PIDs',
      });
      if (ran.status !== 0)
        throw systemError(
          `DockScope: docker top runs the host's ps with -ef (the default) or aux here; the ps options "${psArgs}" are not simulated`,
        );
      const lines = (ran.body?.stdout ?? '').split('\n');
      const titles = fields(lines[0] ?? '');
      const pidAt = titles.indexOf('PID');
      if (pidAt < 0) throw systemError("Couldn't find PID field in ps output");
      const processes: string[][] = [];
      for (const line of lines.slice(1)) {
        if (line === '') continue;
        const f = fields(line);
        if (!pids.includes(Number(f[pidAt]))) continue;
        // The last column takes the rest of the line: the command with its arguments.
        processes.push([...f.slice(0, titles.length - 1), f.slice(titles.length - 1).join(' ')]);
      }
      emitContainerEvent(host, c, 'top');
      return {
        status: 200,
        body: { Titles: titles, Processes: processes },
        summary: `${processes.length} process${processes.length === 1 ? '' : 'es'} in ${c.name}`,
      };
    },
  },
];
