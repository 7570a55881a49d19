import { commit } from '../core/actors';
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
  commit(ctx.host.kernel, { type: 'process.exec', pid: ctx.spec.pid, argv: [...argv] });
  const title = titleOf(argv);
  if (title !== undefined)
    commit(ctx.host.kernel, { type: 'process.titled', pid: ctx.spec.pid, title });
}
