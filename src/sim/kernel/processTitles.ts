import { commit, contextOf } from '../core/actors';
import type { KernelState } from './kernelMachine';
import type { ProcessContext } from './processContext';

/**
 * What /proc/<pid>/cmdline shows once a program has rewritten its own argv, as
 * some servers do: nginx's master calls ngx_setproctitle with "master process"
 * and its command line, so ps on the host shows
 * `nginx: master process nginx -g daemon off;`. Undefined: the argv as exec'd.
 */
export function titleOf(argv: readonly string[]): string | undefined {
  const name = (argv[0] ?? '').slice((argv[0] ?? '').lastIndexOf('/') + 1);
  return name === 'nginx' ? `nginx: master process ${argv.join(' ')}` : undefined;
}

/**
 * The container's main process exec'd `argv` in its place (an entrypoint script's
 * `exec "$@"`): the same PID now runs it, and the kernel's record says so.
 */
export function execedInPlace(ctx: ProcessContext, argv: readonly string[]): void {
  const { host, spec } = ctx;
  commit(host.kernel, { type: 'process.exec', pid: spec.pid, argv: [...argv] });
  const title = titleOf(argv);
  if (title === undefined) return;
  commit(host.kernel, { type: 'process.titled', pid: spec.pid, title });
  // nginx's master forks one worker per CPU (worker_processes auto), each running as the
  // image's nginx user (uid 101) in the master's namespaces and cgroup.
  const master = contextOf<KernelState>(host.kernel).processes[spec.pid];
  for (let i = 0; i < host.cpus; i++) {
    const pid = contextOf<KernelState>(host.kernel).nextPid;
    commit(host.kernel, {
      type: 'process.spawned',
      process: {
        pid,
        ppid: spec.pid,
        // A fork: the master's argv, under the title nginx gives a worker.
        argv: [...argv],
        title: 'nginx: worker process',
        containerId: spec.containerId,
        namespaces: master?.namespaces ?? {},
        uid: 101,
        worker: true,
        started: host.scheduler.now,
      },
    });
  }
}
